package dev.slipway.deploy;

import dev.slipway.deploy.engine.RolloutRestart;
import dev.slipway.identity.IdentityService;
import java.security.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/services/{name}/environments/{env}/restart}: a rollout restart (members of the team, platform
 * admins), answered 202 because the pods are replaced after the answer (docs/auto-rollback.md).
 */
@RestController
@RequestMapping("/api/v1")
class RestartController {

    private final RolloutRestart restart;
    private final IdentityService identity;

    RestartController(RolloutRestart restart, IdentityService identity) {
        this.restart = restart;
        this.identity = identity;
    }

    @PostMapping("/services/{name}/environments/{environment}/restart")
    ResponseEntity<RolloutRestart.Outcome> restart(@PathVariable String name, @PathVariable String environment,
            Principal principal) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(restart.restart(identity.actor(principal.getName()), name, environment));
    }
}
