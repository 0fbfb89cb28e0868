package dev.slipway.deploy;

import dev.slipway.common.Actor;
import dev.slipway.common.NotFoundException;
import dev.slipway.common.UpstreamFailureException;
import dev.slipway.deploy.engine.RolloutRestart;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The status page's "Restart" button: the same rollout restart as the API, back to the page with what it did. */
@Controller
class RestartPageController {

    private final RolloutRestart restart;

    RestartPageController(RolloutRestart restart) {
        this.restart = restart;
    }

    @PostMapping("/services/{name}/environments/{environment}/restart")
    String restart(@PathVariable String name, @PathVariable String environment, Actor actor,
            RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("flash",
                    restart.restart(actor, name, environment).message());
        } catch (UpstreamFailureException e) {
            redirect.addFlashAttribute("flashError", e.getMessage());
        } catch (NotFoundException e) {
            // The service or environment may be unknown too: the error page says so; a missing Deployment is shown here.
            if (!e.getMessage().startsWith("No Deployment")) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/services/" + name + "/environments/" + environment;
    }
}
