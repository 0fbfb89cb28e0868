package dev.slipway.web;

import dev.slipway.common.Actor;
import dev.slipway.deploy.DeploymentService;
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
    String home(Actor actor) {
        return deployments.countWaitingFor(actor.username()) > 0
                ? "redirect:/approvals"
                : "redirect:/services";
    }
}
