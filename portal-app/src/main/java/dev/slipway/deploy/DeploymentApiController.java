package dev.slipway.deploy;

import dev.slipway.common.Page;
import dev.slipway.common.PageRequest;
import dev.slipway.common.Actor;
import dev.slipway.deploy.live.DriftReapply;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.UpstreamFailureException;
import dev.slipway.deploy.engine.KubernetesRejection;
import dev.slipway.deploy.live.LiveStatusService;
import dev.slipway.deploy.logs.PodLogs;
import dev.slipway.deploy.requests.DeploymentView;
import dev.slipway.deploy.requests.RequestState;
import java.net.URI;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class DeploymentApiController {

    private final DeploymentService deployments;
    private final LiveStatusService live;
    private final DriftReapply reapply;
    private final PodLogs podLogs;

    DeploymentApiController(DeploymentService deployments, LiveStatusService live,
            DriftReapply reapply, PodLogs podLogs) {
        this.reapply = reapply;
        this.podLogs = podLogs;
        this.deployments = deployments;
        this.live = live;
    }

    /** {@code revision} null means the latest revision. */
    record DeploymentRequestBody(Integer revision, String environment, String comment) {}

    @PostMapping("/services/{name}/deployments")
    ResponseEntity<DeploymentView> request(@PathVariable String name, @RequestBody DeploymentRequestBody body,
            Actor actor) {
        DeploymentView view = deployments.request(actor, name, body.revision(),
                body.environment(), body.comment());
        return ResponseEntity.created(URI.create("/api/v1/deployments/" + view.id())).body(view);
    }

    @GetMapping("/deployments")
    Page<DeploymentView> list(@RequestParam(required = false) String state, @RequestParam(required = false) String team,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String service,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        RequestState parsedState = null;
        if (state != null && !state.isBlank()) {
            try {
                parsedState = RequestState.valueOf(state);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("state", "must be one of " + java.util.Arrays.toString(RequestState.values()));
            }
        }
        Long before = null;
        if (page.cursor() != null) {
            try {
                before = Long.parseLong(page.cursor());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("cursor", "must be a nextCursor value returned by a previous page");
            }
        }
        return Page.of(deployments.list(parsedState, team, environment, service, page.limit() + 1, before), page.limit(),
                view -> String.valueOf(view.id()));
    }

    @GetMapping("/deployments/{id}")
    DeploymentView get(@PathVariable long id) {
        return deployments.get(id);
    }

    /** Optional body of a cancel: why. */
    record CancelBody(String comment) {}

    @PostMapping("/deployments/{id}/cancel")
    DeploymentView cancel(@PathVariable long id, @RequestBody(required = false) CancelBody body, Actor actor) {
        return deployments.cancel(actor, id, body == null ? null : body.comment());
    }

    @PostMapping("/deployments/{id}/retry")
    DeploymentView retry(@PathVariable long id, Actor actor) {
        return deployments.retry(actor, id);
    }

    @GetMapping("/services/{name}/plan")
    LiveStatusService.Plan plan(@PathVariable String name, @RequestParam(required = false) Integer revision,
            @RequestParam(required = false) String environment) {
        try {
            return live.plan(name, revision, environment);
        } catch (KubernetesRejection e) {
            throw new UpstreamFailureException(e.getMessage(), e);
        }
    }

    @GetMapping("/services/{name}/environments/{environment}/status")
    LiveStatusService.EnvironmentStatus status(@PathVariable String name, @PathVariable String environment,
            Actor actor) {
        var status = live.status(name, environment);
        return podLogs.forReader(actor, status);
    }

    /** Applies the deployed revision's approved objects again (members of the team, platform admins). */
    @PostMapping("/services/{name}/environments/{environment}/reapply")
    DriftReapply.Outcome reapply(@PathVariable String name, @PathVariable String environment, Actor actor) {
        return reapply.reapply(actor, name, environment);
    }

    /** One pod's log (members of the team, platform admins); the live tail and download are in deploy.logs. */
    @GetMapping(value = "/services/{name}/environments/{environment}/logs")
    Map<String, String> logs(@PathVariable String name, @PathVariable String environment,
            @RequestParam(required = false) String pod, @RequestParam(required = false) String container,
            @RequestParam(required = false) Integer tailLines, @RequestParam(defaultValue = "false") boolean previous,
            Actor actor) {
        try {
            return Map.of("pod", pod == null ? "" : pod, "log", podLogs.podLog(actor,
                    name, environment, pod, container, tailLines, previous));
        } catch (KubernetesRejection e) {
            throw new UpstreamFailureException(e.getMessage(), e);
        }
    }
}
