package dev.slipway.web;

import dev.slipway.deploy.DeploymentService;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Where signing in lands: what waits for the person's decision if anything does, otherwise the services. */
@Controller
class HomeController {

    private final DeploymentService deployments;

    HomeController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @GetMapping("/")
    String home(Principal principal) {
        return principal != null && deployments.countWaitingFor(principal.getName()) > 0
                ? "redirect:/approvals"
                : "redirect:/services";
    }
}
