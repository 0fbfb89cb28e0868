package dev.slipway.deploy.engine;

import com.google.gson.JsonObject;
import dev.slipway.deploy.render.ApplyBody;
import dev.slipway.deploy.render.ResourceKind;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.PatchOptions;

/**
 * Server-side apply through client-java. The generated {@code patchNamespacedX(...).execute()}
 * sends {@code application/json} and an apply patch then fails with 415; the generic API sends
 * {@code application/apply-patch+yaml} (JSON is valid YAML), with Slipway's field manager and force.
 */
public class ServerSideApplier {

    public static final String FIELD_MANAGER = "slipway";

    private final ApiClient client;

    public ServerSideApplier(ApiClient client) {
        this.client = client;
    }

    /** Applies (or, with {@code dryRun}, shows what applying would give) and returns the resulting object. */
    public JsonObject apply(JsonObject desired, boolean dryRun) throws KubernetesRejection {
        return apply(desired, FIELD_MANAGER, dryRun);
    }

    /**
     * Applies under another field manager: what it sets is then never Slipway's own, so drift (which fingerprints
     * only the fields manager {@value #FIELD_MANAGER} owns) ignores it and Slipway's next apply keeps it
     * (a rollout restart, docs/auto-rollback.md).
     */
    public JsonObject apply(JsonObject desired, String fieldManager, boolean dryRun) throws KubernetesRejection {
        String kindName = desired.get("kind").getAsString();
        ResourceKind kind = ResourceKind.ofKind(kindName)
                .orElseThrow(() -> new IllegalArgumentException("Slipway does not manage kind " + kindName));
        JsonObject metadata = desired.getAsJsonObject("metadata");
        String name = metadata.get("name").getAsString();
        String namespace = kind.namespaced() ? metadata.get("namespace").getAsString() : null;

        PatchOptions options = new PatchOptions();
        options.setFieldManager(fieldManager);
        options.setForce(true);
        if (dryRun) {
            options.setDryRun("All");
        }
        V1Patch patch = new V1Patch(ApplyBody.of(desired).toString());
        GenericKubernetesApi<DynamicKubernetesObject, DynamicKubernetesListObject> api = api(kind);
        KubernetesApiResponse<DynamicKubernetesObject> response = namespace == null
                ? api.patch(name, V1Patch.PATCH_FORMAT_APPLY_YAML, patch, options)
                : api.patch(namespace, name, V1Patch.PATCH_FORMAT_APPLY_YAML, patch, options);
        if (!response.isSuccess()) {
            throw KubernetesRejection.of(kind.kind() + " " + (namespace == null ? "" : namespace + "/") + name, response);
        }
        return response.getObject().getRaw();
    }

    /** The dynamic API decodes answers into their raw JSON; the plain generic one would drop every field. */
    GenericKubernetesApi<DynamicKubernetesObject, DynamicKubernetesListObject> api(ResourceKind kind) {
        return new DynamicKubernetesApi(kind.group(), kind.version(), kind.plural(), client);
    }
}
