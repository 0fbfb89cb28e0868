package dev.slipway.clusters;

import dev.slipway.common.Actor;
import dev.slipway.common.NotFoundException;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class ClusterApiController {

    private final ClusterService clusters;

    ClusterApiController(ClusterService clusters) {
        this.clusters = clusters;
    }

    /** {@code inCluster: true} registers the cluster Slipway runs in, reached with its service account. */
    record RegisterCluster(String name, String kubeconfig, Boolean inCluster) {
        @Override
        public String toString() {
            return "RegisterCluster[name=" + name + ", kubeconfig=<" + (kubeconfig == null ? 0 : kubeconfig.length())
                    + " chars>, inCluster=" + inCluster + "]";
        }
    }

    @PostMapping("/clusters")
    ResponseEntity<ClusterView> register(@RequestBody RegisterCluster body, Actor actor) {
        ClusterView view = Boolean.TRUE.equals(body.inCluster())
                ? clusters.registerInCluster(actor, body.name())
                : clusters.register(actor, body.name(), body.kubeconfig());
        return ResponseEntity.created(URI.create("/api/v1/clusters/" + view.name())).body(view);
    }

    @GetMapping("/clusters")
    List<ClusterView> clusters() {
        return clusters.clusters();
    }

    /** Asks the cluster now, so an unreachable one shows as such. */
    @GetMapping("/clusters/{name}")
    ClusterView cluster(@PathVariable String name) {
        return clusters.check(name);
    }

    /** Asks the cluster again and records the answer on the cluster and the audit trail. */
    @PostMapping("/clusters/{name}/check")
    ClusterView check(@PathVariable String name, Actor actor) {
        return clusters.recheck(actor, name);
    }

    /** A new kubeconfig for a cluster; the one it replaces is never returned. */
    record ReplaceKubeconfig(String kubeconfig) {
        @Override
        public String toString() {
            return "ReplaceKubeconfig[kubeconfig=<" + (kubeconfig == null ? 0 : kubeconfig.length()) + " chars>]";
        }
    }

    @PutMapping("/clusters/{name}")
    ClusterView replaceKubeconfig(@PathVariable String name, @RequestBody ReplaceKubeconfig body, Actor actor) {
        return clusters.replaceKubeconfig(actor, name, body.kubeconfig());
    }

    /** 409 while environments live on the cluster. */
    @DeleteMapping("/clusters/{name}")
    ResponseEntity<Void> delete(@PathVariable String name, Actor actor) {
        clusters.delete(actor, name);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/environments")
    ResponseEntity<EnvironmentView> createEnvironment(@RequestBody EnvironmentCommand body, Actor actor) {
        EnvironmentView view = clusters.saveEnvironment(actor, body, true);
        return ResponseEntity.created(URI.create("/api/v1/environments/" + view.name())).body(view);
    }

    @PutMapping("/environments/{name}")
    EnvironmentView changeEnvironment(@PathVariable String name, @RequestBody EnvironmentCommand body,
            Actor actor) {
        EnvironmentCommand named = new EnvironmentCommand(name, body.cluster(), body.namespaceTemplate(), body.order(),
                body.requiresApproval(), body.driftMode(), body.policy(), body.fallbackApprovers(),
                body.dashboardUrlTemplate(), body.logsUrlTemplate());
        return clusters.saveEnvironment(actor, named, false);
    }

    @GetMapping("/environments")
    List<EnvironmentView> environments() {
        return clusters.environments();
    }

    @GetMapping("/environments/{name}")
    EnvironmentView environment(@PathVariable String name) {
        return clusters.environment(name).orElseThrow(() -> new NotFoundException("No environment named '" + name + "'."));
    }
}
