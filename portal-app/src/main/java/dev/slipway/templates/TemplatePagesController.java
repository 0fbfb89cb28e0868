package dev.slipway.templates;

import dev.slipway.common.Actor;
import dev.slipway.common.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Golden-path pages (docs/golden-paths.md): templates and their versions (platform admins publish and start
 * campaigns), and a campaign's progress per team, where leads accept or decline their team's proposals.
 */
@Controller
class TemplatePagesController {

    private final TemplateService templates;
    private final CampaignService campaigns;
    private final JsonMapper json;

    TemplatePagesController(TemplateService templates, CampaignService campaigns, JsonMapper json) {
        this.templates = templates;
        this.campaigns = campaigns;
        this.json = json;
    }

    @GetMapping("/templates")
    String list(Actor actor, Model model) {
        model.addAttribute("templates", templates.list());
        model.addAttribute("actor", actor);
        return "templates/templates";
    }

    @PostMapping("/templates")
    String create(Actor actor, @RequestParam(required = false) String name,
            @RequestParam(required = false) String description, @RequestParam(required = false) String spec,
            @RequestParam(required = false) String enforced, RedirectAttributes redirect) {
        TemplateService.requireAdmin(actor, "create templates");
        try {
            templates.create(actor, name, description, parse(spec, "spec"), paths(enforced));
            redirect.addFlashAttribute("flash", "Template " + name + " version 1 is published.");
            return "redirect:/templates/" + name;
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("flashError", message(e));
            return "redirect:/templates";
        }
    }

    @GetMapping("/templates/{name}")
    String template(Actor actor, @PathVariable String name, Model model) {
        TemplateService.TemplateSummary template = templates.require(name);
        List<TemplateService.TemplateVersion> versions = templates.versions(name);
        model.addAttribute("template", template);
        model.addAttribute("versions", versions);
        model.addAttribute("latestSpec", json.writerWithDefaultPrettyPrinter().writeValueAsString(versions.get(0).spec()));
        model.addAttribute("latestEnforced", String.join("\n", versions.get(0).enforced()));
        model.addAttribute("campaigns", campaigns.campaignsOf(name).stream().map(campaigns::view).toList());
        model.addAttribute("actor", actor);
        return "templates/template";
    }

    @PostMapping("/templates/{name}/versions")
    String publish(Actor actor, @PathVariable String name, @RequestParam(required = false) String spec,
            @RequestParam(required = false) String enforced, @RequestParam(required = false) String note,
            RedirectAttributes redirect) {
        TemplateService.requireAdmin(actor, "publish template versions");
        try {
            int version = templates.publish(actor, name, parse(spec, "spec"), paths(enforced), note).version();
            redirect.addFlashAttribute("flash", "Version " + version + " of " + name + " is published.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("flashError", message(e));
        }
        return "redirect:/templates/" + name;
    }

    @PostMapping("/templates/{name}/campaigns")
    String start(Actor actor, @PathVariable String name, @RequestParam(required = false) Integer version,
            RedirectAttributes redirect) {
        TemplateService.requireAdmin(actor, "start campaigns");
        try {
            CampaignService.Started started = campaigns.start(actor, name, version);
            redirect.addFlashAttribute("flash", (started.created() ? "Campaign started: " : "Campaign run again: ")
                    + started.proposed() + " proposals, " + started.conflicting() + " with conflicts.");
            return "redirect:/campaigns/" + started.id();
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("flashError", message(e));
            return "redirect:/templates/" + name;
        }
    }

    @GetMapping("/campaigns/{id}")
    String campaign(Actor actor, @PathVariable long id, Model model) {
        model.addAttribute("campaign", campaigns.view(id));
        model.addAttribute("actor", actor);
        return "templates/campaign";
    }

    /** Accepts every proposal of {@code team} (the page's one action per team), or the services named. */
    @PostMapping("/campaigns/{id}/accept")
    String accept(Actor actor, @PathVariable long id, @RequestParam(required = false) String team,
            @RequestParam(required = false) List<String> services, RedirectAttributes redirect) {
        try {
            List<String> chosen = chosen(actor, id, team, services, List.of("PROPOSED"));
            campaigns.accept(actor, id, chosen);
            redirect.addFlashAttribute("flash", "Accepted " + chosen.size() + " proposal(s)"
                    + (team == null ? "" : " of " + team) + ": each is a new revision.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("flashError", message(e));
        }
        return "redirect:/campaigns/" + id;
    }

    @PostMapping("/campaigns/{id}/decline")
    String decline(Actor actor, @PathVariable long id, @RequestParam(required = false) String team,
            @RequestParam(required = false) List<String> services, @RequestParam(required = false) String reason,
            RedirectAttributes redirect) {
        try {
            List<String> chosen = chosen(actor, id, team, services, List.of("PROPOSED", "CONFLICTING"));
            campaigns.decline(actor, id, chosen, reason);
            redirect.addFlashAttribute("flash", "Declined " + chosen.size() + " proposal(s)"
                    + (team == null ? "" : " of " + team) + ".");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("flashError", message(e));
        }
        return "redirect:/campaigns/" + id;
    }

    private List<String> chosen(Actor actor, long id, String team, List<String> services, List<String> states) {
        if (team != null && !team.isBlank()) {
            List<String> names = campaigns.servicesOf(id, team, states);
            if (names.isEmpty() && actor.isLeadOf(team)) {
                throw new InvalidInputException("team", "has nothing to decide in this campaign");
            }
            return names;
        }
        return services;
    }

    private JsonNode parse(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            throw new InvalidInputException(field, "must be JSON: " + e.getOriginalMessage());
        }
    }

    /** One dotted path per line. */
    private static JsonNode paths(String text) {
        ArrayNode paths = JsonNodeFactory.instance.arrayNode();
        if (text != null) {
            Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).forEach(paths::add);
        }
        return paths;
    }

    private static String message(InvalidInputException e) {
        return String.join("; ", e.problems().stream().map(p -> p.field() + ": " + p.message()).toList());
    }
}
