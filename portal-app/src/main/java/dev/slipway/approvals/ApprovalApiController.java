package dev.slipway.approvals;

import dev.slipway.common.Page;
import dev.slipway.common.PageRequest;
import dev.slipway.common.Actor;
import dev.slipway.common.InvalidInputException;
import dev.slipway.deploy.DeploymentService;
import dev.slipway.deploy.requests.Approvers;
import dev.slipway.deploy.requests.DeploymentView;
import dev.slipway.deploy.requests.RequestState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Approvals", description = "Leads of the owning team decide deployment requests; nobody decides their own")
class ApprovalApiController {

    private final DeploymentService deployments;

    ApprovalApiController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    /** Why a decision was taken; required to reject. */
    record DecisionBody(String comment) {}

    @PostMapping("/deployments/{id}/approve")
    @Operation(summary = "Approve a request waiting for approval (another lead of the owning team)")
    DeploymentView approve(Actor actor, @PathVariable long id, @RequestBody(required = false) DecisionBody body) {
        return deployments.approve(actor, id, body == null ? null : body.comment());
    }

    @PostMapping("/deployments/{id}/reject")
    @Operation(summary = "Reject a request waiting for approval, saying why (another lead of the owning team)")
    DeploymentView reject(Actor actor, @PathVariable long id, @RequestBody(required = false) DecisionBody body) {
        return deployments.reject(actor, id, body == null ? null : body.comment());
    }

    @GetMapping("/services/{name}/approvers")
    @Operation(summary = "Who could approve a deployment request I would make for this environment: ask before"
            + " requesting; 'warning' says when no other lead of the owning team could")
    Approvers approvers(Actor actor, @PathVariable String name, @RequestParam(required = false) String environment) {
        if (environment == null || environment.isBlank()) {
            throw new InvalidInputException("environment", "is required: the name of the environment to deploy to");
        }
        return deployments.approvers(actor.username(), name, environment);
    }

    /** A request waiting for the caller's decision. */
    record WaitingRequest(long id, String service, String team, int revision, String environment, RequestState state,
            String requestedBy, String comment, Instant createdAt, Instant waitingSince, long waitingSeconds) {

        static WaitingRequest of(DeploymentView view, Instant now) {
            return new WaitingRequest(view.id(), view.service(), view.team(), view.revision(), view.environment(),
                    view.state(), view.requestedBy(), view.comment(), view.createdAt(), view.waitingSince(),
                    Math.max(0, Duration.between(view.waitingSince(), now).toSeconds()));
        }
    }

    @GetMapping("/approvals")
    @Operation(summary = "What waits for my decision: requests of teams I lead that someone else made,"
            + " longest waiting first")
    Page<WaitingRequest> waiting(Actor actor, @RequestParam(required = false) String limit) {
        // The queue is read whole up to the limit (the longest waiting first), so nextCursor is always null.
        PageRequest page = PageRequest.of(limit, null);
        Instant now = Instant.now();
        return new Page<>(deployments.waitingFor(actor, page.limit()).stream().map(v -> WaitingRequest.of(v, now)).toList(),
                null);
    }
}
