package dev.slipway.deploy.live;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.DiffLines;
import dev.slipway.common.NotFoundException;
import dev.slipway.deploy.engine.ClusterObjects;
import dev.slipway.deploy.engine.ClusterPlanner;
import dev.slipway.deploy.engine.PlannedObject;
import dev.slipway.deploy.engine.KubernetesRejection;
import dev.slipway.deploy.engine.LiveObjects;
import dev.slipway.deploy.render.DeploymentRendering;
import dev.slipway.deploy.render.Manifest;
import dev.slipway.deploy.render.ResourceKind;
import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * One object Slipway applies, live (one read of it) beside what was approved (the deployed revision rendered for
 * the environment), both with Secret values masked, and the fields where they differ as a readable diff. Only
 * the fields the approved object sets are compared: what the server or a controller adds is no drift.
 */
@Component
public class ObjectComparison {

    /** {@code live} or {@code approved} is null when that side has no such object; {@code error} why the live one could not be read. */
    public record Compared(String kind, String name, @Nullable String liveYaml, @Nullable String approvedYaml,
            List<DiffLines.Field> fields, @Nullable String error) {}

    private final CatalogService catalog;
    private final ClusterService clusters;
    private final DeployedStates deployed;
    private final DeploymentRendering rendering;

    ObjectComparison(CatalogService catalog, ClusterService clusters, DeployedStates deployed,
            DeploymentRendering rendering) {
        this.catalog = catalog;
        this.clusters = clusters;
        this.deployed = deployed;
        this.rendering = rendering;
    }

    public Compared compare(String serviceName, String environmentName, String kindName, String objectName) {
        ServiceView service = catalog.requireService(serviceName);
        EnvironmentView environment = clusters.requireEnvironment(environmentName);
        ResourceKind kind = ResourceKind.ofKind(kindName)
                .orElseThrow(() -> new NotFoundException("Slipway applies no objects of kind " + kindName + "."));
        String namespace = environment.namespaceFor(service.team(), service.name());
        Optional<Manifest> approved = deployed.find(service.id(), environment.id())
                .flatMap(state -> rendering.render(service, state.revision(), environment).manifests().stream()
                        .filter(m -> m.kind() == kind && m.name().equals(objectName)).findFirst());
        Optional<JsonObject> live;
        String error = null;
        try {
            live = new ClusterObjects(clusters.apiClient(environment.cluster())).get(kind, kind.namespaced() ? namespace : null,
                    objectName);
        } catch (KubernetesRejection | RuntimeException e) {
            live = Optional.empty();
            error = "The live object could not be read: " + e.getMessage();
        }
        Optional<JsonObject> liveComparable = live.map(LiveObjects::comparable);
        List<DiffLines.Field> fields = List.of();
        if (approved.isPresent() && liveComparable.isPresent()) {
            JsonObject wanted = approved.get().body();
            fields = ClusterPlanner.maskedChanges(wanted, projected(wanted, liveComparable.get()).getAsJsonObject()).stream()
                    .map(c -> DiffLines.of(c.path(), PlannedObject.display(c.before()), PlannedObject.display(c.after())))
                    .toList();
        }
        String liveYaml = liveComparable.map(o -> new Manifest(kind, kind.namespaced() ? namespace : null, objectName,
                LiveObjects.masked(o)).toYaml()).orElse(null);
        return new Compared(kind.kind(), objectName, liveYaml, approved.map(m -> m.masked().toYaml()).orElse(null),
                fields, error);
    }

    /**
     * {@code live} cut down to the fields {@code approved} sets (object keys recursively, list items by position):
     * a field the approved object leaves out is the server's or a controller's, not drift.
     */
    static JsonElement projected(JsonElement approved, @Nullable JsonElement live) {
        if (live == null || live.isJsonNull()) {
            return com.google.gson.JsonNull.INSTANCE;
        }
        if (approved.isJsonObject() && live.isJsonObject()) {
            JsonObject out = new JsonObject();
            for (var entry : approved.getAsJsonObject().entrySet()) {
                JsonElement value = live.getAsJsonObject().get(entry.getKey());
                if (value != null) {
                    out.add(entry.getKey(), projected(entry.getValue(), value));
                }
            }
            return out;
        }
        if (approved.isJsonArray() && live.isJsonArray()) {
            JsonArray wanted = approved.getAsJsonArray();
            JsonArray have = live.getAsJsonArray();
            JsonArray out = new JsonArray();
            for (int i = 0; i < have.size(); i++) {
                out.add(i < wanted.size() ? projected(wanted.get(i), have.get(i)) : have.get(i));
            }
            return out;
        }
        return live;
    }
}
