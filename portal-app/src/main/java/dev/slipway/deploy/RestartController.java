package dev.slipway.deploy;

import dev.slipway.common.Actor;
import dev.slipway.deploy.engine.RolloutRestart;
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

    RestartController(RolloutRestart restart) {
        this.restart = restart;
    }

    @PostMapping("/services/{name}/environments/{environment}/restart")
    ResponseEntity<RolloutRestart.Outcome> restart(@PathVariable String name, @PathVariable String environment,
            Actor actor) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(restart.restart(actor, name, environment));
    }
}
