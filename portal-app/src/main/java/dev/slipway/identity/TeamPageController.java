package dev.slipway.identity;

import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.common.TeamRole;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class TeamPageController {

    /** How many of a team's services its page lists; the catalog, filtered by team, has the rest. */
    static final int SERVICES_SHOWN = 100;

    private final IdentityService identity;
    private final List<TeamServices> services;

    TeamPageController(IdentityService identity, List<TeamServices> services) {
        this.identity = identity;
        this.services = services;
    }

    @GetMapping("/teams")
    String teams(Actor actor, Model model) {
        model.addAttribute("teams", identity.teams());
        model.addAttribute("actor", actor);
        return "identity/teams";
    }

    @GetMapping("/teams/new")
    String newTeam(Model model) {
        model.addAttribute("teamForm", TeamForm.empty());
        return "identity/team-new";
    }

    @PostMapping("/teams")
    String create(Actor actor, @Valid @ModelAttribute("teamForm") TeamForm form, BindingResult result,
            RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return "identity/team-new";
        }
        try {
            TeamView team = identity.createTeam(actor, form.toCommand());
            redirect.addFlashAttribute("flash", "Team " + team.slug() + " created.");
            return "redirect:/teams/" + team.slug();
        } catch (InvalidInputException e) {
            FormErrors.reject(result, e);
        } catch (ConflictException e) {
            result.rejectValue("slug", "duplicate", "is taken: a team with this slug already exists");
        }
        return "identity/team-new";
    }

    @GetMapping("/teams/{slug}")
    String team(Actor actor, @PathVariable String slug, Model model) {
        return teamPage(actor, slug, MemberForm.empty(), model);
    }

    @PostMapping("/teams/{slug}/members")
    String addMember(Actor actor, @PathVariable String slug, @Valid @ModelAttribute("memberForm") MemberForm form,
            BindingResult result, Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                identity.setMembership(actor, slug, form.username(), form.teamRole());
                redirect.addFlashAttribute("flash", form.username() + " is now " + form.role() + " of " + slug + ".");
                return "redirect:/teams/" + slug;
            } catch (NotFoundException e) {
                result.rejectValue("username", "unknown", "must name an existing user");
            }
        }
        return teamPage(actor, slug, form, model);
    }

    @PostMapping("/teams/{slug}/members/{username}")
    String changeRole(Actor actor, @PathVariable String slug, @PathVariable String username,
            @Valid @ModelAttribute("roleForm") RoleForm form, BindingResult result, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            redirect.addFlashAttribute("flashError", "Role " + IdentityRules.ROLE_MESSAGE + ".");
        } else {
            identity.setMembership(actor, slug, username, form.teamRole());
            redirect.addFlashAttribute("flash", username + " is now " + form.role() + " of " + slug + ".");
        }
        return "redirect:/teams/" + slug;
    }

    @PostMapping("/teams/{slug}/members/{username}/remove")
    String removeMember(Actor actor, @PathVariable String slug, @PathVariable String username,
            RedirectAttributes redirect) {
        identity.removeMember(actor, slug, username);
        redirect.addFlashAttribute("flash", username + " was removed from " + slug + ".");
        return "redirect:/teams/" + slug;
    }

    private String teamPage(Actor actor, String slug, MemberForm memberForm, Model model) {
        model.addAttribute("team", identity.requireTeam(slug));
        model.addAttribute("members", identity.members(slug));
        model.addAttribute("services", services.isEmpty() ? new TeamServices.Listing(List.of(), false)
                : services.get(0).of(slug, SERVICES_SHOWN));
        model.addAttribute("actor", actor);
        model.addAttribute("roles", TeamRole.values());
        if (!model.containsAttribute("memberForm")) {
            model.addAttribute("memberForm", memberForm);
        }
        return "identity/team";
    }
}
