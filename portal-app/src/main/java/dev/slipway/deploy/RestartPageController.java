package dev.slipway.deploy;

import dev.slipway.common.NotFoundException;
import dev.slipway.common.UpstreamFailureException;
import dev.slipway.deploy.engine.RolloutRestart;
import dev.slipway.identity.IdentityService;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The status page's "Restart" button: the same rollout restart as the API, back to the page with what it did. */
@Controller
class RestartPageController {

    private final RolloutRestart restart;
    private final IdentityService identity;

    RestartPageController(RolloutRestart restart, IdentityService identity) {
        this.restart = restart;
        this.identity = identity;
    }

    @PostMapping("/services/{name}/environments/{environment}/restart")
    String restart(@PathVariable String name, @PathVariable String environment, Principal principal,
            RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("flash",
                    restart.restart(identity.actor(principal.getName()), name, environment).message());
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
