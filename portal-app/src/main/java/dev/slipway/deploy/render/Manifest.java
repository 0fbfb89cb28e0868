package dev.slipway.deploy.render;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * One desired Kubernetes object as rendered: what gets planned, approved (by hash), applied and
 * recorded. {@code namespace} is null for cluster-scoped kinds.
 *
 * <p>A Secret's body holds the real (base64) values, because that is what must be applied. Anything
 * a person can read (plans, deploy records, pages) must show {@link #masked()} instead; for the same
 * reason {@link #toString()} names the object and nothing more.
 */
public record Manifest(ResourceKind kind, String namespace, String name, JsonObject body) {

    static final String HIDDEN = "<hidden>";

    public Manifest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (kind.namespaced() != (namespace != null)) {
            throw new IllegalArgumentException(kind.kind() + " " + name
                    + (kind.namespaced() ? " needs a namespace" : " is cluster-scoped and has no namespace"));
        }
        body = body.deepCopy();
    }

    /** A copy: a manifest does not change once rendered, whatever its readers do with the body. */
    @Override
    public JsonObject body() {
        return body.deepCopy();
    }

    /** {@code Deployment/ns/name}, or {@code Namespace/name} for a cluster-scoped kind. */
    public String key() {
        return namespace == null ? kind.kind() + "/" + name : kind.kind() + "/" + namespace + "/" + name;
    }

    /** The body as YAML, keys in the order they were built (apiVersion, kind, metadata, spec...). */
    public String toYaml() {
        return YAML.get().dump(plain(body));
    }

    /**
     * Building a {@link Yaml} (representers, resolvers) cost more than dumping a manifest with it, and every
     * sync records its manifests as YAML; a {@link Yaml} is not thread-safe, so each thread keeps one.
     */
    private static final ThreadLocal<Yaml> YAML = ThreadLocal.withInitial(() -> {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options);
    });

    /** This manifest with every Secret value replaced by {@code <hidden>}: what people may see. */
    public Manifest masked() {
        if (kind != ResourceKind.SECRET) {
            return this;
        }
        JsonObject copy = body.deepCopy();
        for (String field : List.of("data", "stringData")) {
            if (copy.has(field) && copy.get(field).isJsonObject()) {
                JsonObject values = copy.getAsJsonObject(field);
                values.keySet().forEach(key -> values.addProperty(key, HIDDEN));
            }
        }
        return new Manifest(kind, namespace, name, copy);
    }

    @Override
    public String toString() {
        return "Manifest[" + key() + "]";
    }

    /** Gson's tree as plain maps, lists and scalars, the shapes SnakeYAML knows how to write. */
    private static Object plain(JsonElement element) {
        if (element.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            element.getAsJsonObject().entrySet().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (element.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonElement item : (JsonArray) element) {
                list.add(plain(item));
            }
            return list;
        }
        if (element.isJsonNull()) {
            return null;
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        if (primitive.isNumber()) {
            BigDecimal number = primitive.getAsBigDecimal();
            return number.scale() <= 0 ? (Object) number.toBigIntegerExact() : number;
        }
        return primitive.getAsString();
    }
}
