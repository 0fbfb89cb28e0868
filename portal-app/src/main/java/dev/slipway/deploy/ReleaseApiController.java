package dev.slipway.deploy;

import dev.slipway.common.Actor;
import dev.slipway.deploy.requests.DeploymentView;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The release flow's routes (docs/release-flow.md): promotions, blockers, window overrides. */
@RestController
@RequestMapping("/api/v1")
class ReleaseApiController {

    private final ReleaseFlow release;

    ReleaseApiController(ReleaseFlow release) {
        this.release = release;
    }

    /** {@code from} may be left out where {@code to} names its {@code promotionFrom}. */
    record PromotionBody(String from, String to) {}

    /** 201 with the deployment request; 409 listing each unmet gate in {@code errors[].message}. */
    @PostMapping("/services/{name}/promotions")
    ResponseEntity<DeploymentView> promote(@PathVariable String name, @RequestBody PromotionBody body,
            Actor actor) {
        DeploymentView view = release.promote(actor, name, body.from(), body.to());
        return ResponseEntity.created(URI.create("/api/v1/deployments/" + view.id())).body(view);
    }

    @GetMapping("/deployments/{id}/blockers")
    ReleaseFlow.RequestBlockers blockers(@PathVariable long id) {
        return release.blockers(id);
    }

    record OverrideBody(String reason) {}

    /** A lead of the owning team starts a request waiting for a window now; {@code reason} is required. */
    @PostMapping("/deployments/{id}/override-window")
    ReleaseFlow.RequestBlockers overrideWindow(@PathVariable long id, @RequestBody(required = false) OverrideBody body,
            Actor actor) {
        return release.overrideWindow(actor, id, body == null ? null : body.reason());
    }
}
