package dev.slipway.deploy.live;

import com.google.gson.JsonObject;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.DiffLines;
import dev.slipway.common.NotFoundException;
import dev.slipway.deploy.engine.ClusterObjects;
import dev.slipway.deploy.engine.ClusterPlanner;
import dev.slipway.deploy.engine.DeploymentTarget;
import dev.slipway.deploy.engine.KubernetesRejection;
import dev.slipway.deploy.engine.LiveObjects;
import dev.slipway.deploy.engine.PlannedObject;
import dev.slipway.deploy.engine.Targets;
import dev.slipway.deploy.render.Manifest;
import dev.slipway.deploy.render.ResourceKind;
import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * One object Slipway applies, live (one read of it) beside what was approved (the deployed revision rendered for
 * the environment), both with Secret values masked, and the fields where they differ as a readable diff: the
 * same comparison as the plan and the drift check ({@link ClusterPlanner#compare}), so what the server or another
 * manager adds is no difference here either.
 */
@Component
public class ObjectComparison {

    /** {@code live} or {@code approved} is null when that side has no such object; {@code error} why the live one could not be read. */
    public record Compared(String kind, String name, @Nullable String liveYaml, @Nullable String approvedYaml,
            List<DiffLines.Field> fields, @Nullable String error) {}

    private final Targets targets;
    private final DeployedStates deployed;

    ObjectComparison(Targets targets, DeployedStates deployed) {
        this.targets = targets;
        this.deployed = deployed;
    }

    public Compared compare(String serviceName, String environmentName, String kindName, String objectName) {
        DeploymentTarget target = targets.resolve(serviceName, environmentName);
        ServiceView service = target.service();
        EnvironmentView environment = target.environment();
        ResourceKind kind = ResourceKind.ofKind(kindName)
                .orElseThrow(() -> new NotFoundException("Slipway applies no objects of kind " + kindName + "."));
        String namespace = target.namespace();
        Optional<Manifest> approved = deployed.find(service.id(), environment.id())
                .flatMap(state -> targets.render(target, state.revision()).manifests().stream()
                        .filter(m -> m.kind() == kind && m.name().equals(objectName)).findFirst());
        Optional<JsonObject> live;
        String error = null;
        List<DiffLines.Field> fields = List.of();
        ClusterObjects cluster = null;
        try {
            cluster = targets.cluster(target);
            live = cluster.get(kind, kind.namespaced() ? namespace : null, objectName);
        } catch (KubernetesRejection | RuntimeException e) {
            live = Optional.empty();
            error = "The live object could not be read: " + e.getMessage();
        }
        if (approved.isPresent() && live.isPresent()) {
            try {
                fields = ClusterPlanner.compare(cluster, approved.get(), live, true).changes().stream()
                        .map(c -> DiffLines.of(c.path(), PlannedObject.display(c.before()), PlannedObject.display(c.after())))
                        .toList();
            } catch (KubernetesRejection | RuntimeException e) {
                error = "The approved object could not be compared with the live one: " + e.getMessage();
            }
        }
        Optional<JsonObject> liveComparable = live.map(LiveObjects::comparable);
        String liveYaml = liveComparable.map(o -> new Manifest(kind, kind.namespaced() ? namespace : null, objectName,
                LiveObjects.masked(o)).toYaml()).orElse(null);
        return new Compared(kind.kind(), objectName, liveYaml, approved.map(m -> m.masked().toYaml()).orElse(null),
                fields, error);
    }
}
