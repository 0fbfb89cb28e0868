package dev.slipway.deploy.engine;

import com.google.gson.JsonObject;
import dev.slipway.common.RootCause;
import dev.slipway.deploy.render.Manifest;
import dev.slipway.deploy.render.ResourceKind;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.DeleteOptions;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads, applies, lists and deletes the kinds Slipway manages on one cluster. Everything Slipway
 * owns carries its labels, which is how it finds what to prune (client-java has no prune).
 */
public class ClusterObjects {

    private final ApiClient client;
    private final ServerSideApplier applier;

    public ClusterObjects(ApiClient client) {
        this.client = client;
        this.applier = new ServerSideApplier(client);
    }

    public JsonObject apply(Manifest manifest, boolean dryRun) throws KubernetesRejection {
        return reaching("Applying " + manifest.key(), () -> applier.apply(manifest.body(), dryRun));
    }

    /** What a call to the API server does; connection failures surface as runtime exceptions from client-java. */
    interface ServerCall<T> {
        T call() throws KubernetesRejection;
    }

    /** Turns "could not reach the API server" into a rejection with code 0, which the deployer retries. */
    static <T> T reaching(String what, ServerCall<T> call) throws KubernetesRejection {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw new KubernetesRejection(what + ": the API server could not be reached (" + RootCause.describe(e) + ")", 0);
        }
    }

    /** The live object, if it exists. */
    public Optional<JsonObject> get(ResourceKind kind, String namespace, String name) throws KubernetesRejection {
        return reaching("Reading " + kind.kind() + " " + name, () -> getUnchecked(kind, namespace, name));
    }

    private Optional<JsonObject> getUnchecked(ResourceKind kind, String namespace, String name) throws KubernetesRejection {
        DynamicKubernetesApi api = api(kind);
        KubernetesApiResponse<DynamicKubernetesObject> response = kind.namespaced() ? api.get(namespace, name) : api.get(name);
        if (response.getHttpStatusCode() == 404) {
            return Optional.empty();
        }
        if (!response.isSuccess()) {
            throw KubernetesRejection.of("Reading " + kind.kind() + " " + name, response);
        }
        return Optional.of(response.getObject().getRaw());
    }

    /** Objects of one kind in a namespace that carry all of {@code labels}. */
    public List<JsonObject> list(ResourceKind kind, String namespace, Map<String, String> labels) throws KubernetesRejection {
        return reaching("Listing " + kind.plural() + " in " + namespace, () -> listUnchecked(kind, namespace, labels));
    }

    private List<JsonObject> listUnchecked(ResourceKind kind, String namespace, Map<String, String> labels)
            throws KubernetesRejection {
        ListOptions options = new ListOptions();
        options.setLabelSelector(labels.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")));
        var response = api(kind).list(namespace, options);
        if (response.getHttpStatusCode() == 404) {
            return List.of();
        }
        if (!response.isSuccess()) {
            throw KubernetesRejection.of("Listing " + kind.plural() + " in " + namespace, response);
        }
        List<JsonObject> items = new ArrayList<>();
        response.getObject().getItems().forEach(item -> items.add(item.getRaw()));
        return items;
    }

    public void delete(ResourceKind kind, String namespace, String name) throws KubernetesRejection {
        reaching("Deleting " + kind.kind() + " " + namespace + "/" + name, () -> {
            deleteUnchecked(kind, namespace, name);
            return null;
        });
    }

    private void deleteUnchecked(ResourceKind kind, String namespace, String name) throws KubernetesRejection {
        DeleteOptions options = new DeleteOptions();
        options.setPropagationPolicy("Background");
        var response = kind.namespaced() ? api(kind).delete(namespace, name, options) : api(kind).delete(name, options);
        if (!response.isSuccess() && response.getHttpStatusCode() != 404) {
            throw KubernetesRejection.of("Deleting " + kind.kind() + " " + namespace + "/" + name, response);
        }
    }

    /** Core (v1) objects Slipway reads but does not manage, such as pods and events. */
    public List<JsonObject> listCore(String plural, String namespace, Map<String, String> labels)
            throws KubernetesRejection {
        return reaching("Listing " + plural + " in " + namespace, () -> listCoreUnchecked(plural, namespace, labels));
    }

    private List<JsonObject> listCoreUnchecked(String plural, String namespace, Map<String, String> labels)
            throws KubernetesRejection {
        ListOptions options = new ListOptions();
        if (!labels.isEmpty()) {
            options.setLabelSelector(labels.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")));
        }
        var response = new DynamicKubernetesApi("", "v1", plural, client).list(namespace, options);
        if (response.getHttpStatusCode() == 404) {
            return List.of();
        }
        if (!response.isSuccess()) {
            throw KubernetesRejection.of("Listing " + plural + " in " + namespace, response);
        }
        List<JsonObject> items = new ArrayList<>();
        response.getObject().getItems().forEach(item -> items.add(item.getRaw()));
        return items;
    }

    public ApiClient client() {
        return client;
    }

    private DynamicKubernetesApi api(ResourceKind kind) {
        return new DynamicKubernetesApi(kind.group(), kind.version(), kind.plural(), client);
    }
}
