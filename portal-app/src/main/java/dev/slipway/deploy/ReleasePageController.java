package dev.slipway.deploy;

import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.deploy.requests.DeploymentView;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The release flow's forms (docs/release-flow.md): "Promote" on the service page and the lead's window
 * override on the request page. A refusal goes back to the page it came from, every unmet gate in words.
 */
@Controller
class ReleasePageController {

    private final ReleaseFlow release;

    ReleasePageController(ReleaseFlow release) {
        this.release = release;
    }

    @PostMapping("/services/{name}/promotions")
    String promote(@PathVariable String name, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Actor actor, RedirectAttributes redirect) {
        try {
            DeploymentView view = release.promote(actor, name, from, to);
            redirect.addFlashAttribute("flash", "Revision " + view.revision() + " requested for " + view.environment()
                    + ".");
            return "redirect:/deployments/" + view.id();
        } catch (ConflictException e) {
            redirect.addFlashAttribute("flashError", e.getMessage() + " " + String.join(" ",
                    e.problems().stream().map(FieldProblem::message).toList()));
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("flashError", String.join("; ", e.problems().stream()
                    .map(p -> p.field() + " " + p.message()).toList()));
        }
        return "redirect:/services/" + name;
    }

    @PostMapping("/deployments/{id}/override-window")
    String overrideWindow(@PathVariable long id, @RequestParam(required = false) String reason, Actor actor,
            RedirectAttributes redirect) {
        try {
            release.overrideWindow(actor, id, reason);
            redirect.addFlashAttribute("flash", "Request " + id + " starts now, outside the deployment windows.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("flashError", e.getMessage());
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("flashError", String.join("; ", e.problems().stream()
                    .map(p -> p.field() + " " + p.message()).toList()));
        }
        return "redirect:/deployments/" + id;
    }
}
