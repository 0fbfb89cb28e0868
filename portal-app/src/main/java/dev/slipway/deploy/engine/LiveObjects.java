package dev.slipway.deploy.engine;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * How Slipway compares a dry-run result with the live object: as {@code kubectl diff --server-side}
 * does, ignoring what the server changes on every write and what Slipway never owns.
 */
public final class LiveObjects {

    private static final Set<String> VOLATILE_METADATA = Set.of("managedFields", "resourceVersion", "generation",
            "uid", "creationTimestamp", "selfLink");
    /** Annotations written by controllers, not by whoever applies the object. */
    private static final Set<String> CONTROLLER_ANNOTATIONS = Set.of("deployment.kubernetes.io/revision");

    private LiveObjects() {}

    /** A copy fit for comparison: no status, no server bookkeeping. */
    public static JsonObject comparable(JsonObject object) {
        JsonObject copy = object.deepCopy();
        copy.remove("status");
        JsonObject metadata = copy.getAsJsonObject("metadata");
        if (metadata != null) {
            VOLATILE_METADATA.forEach(metadata::remove);
            JsonObject annotations = metadata.getAsJsonObject("annotations");
            if (annotations != null) {
                CONTROLLER_ANNOTATIONS.forEach(annotations::remove);
                if (annotations.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
        }
        return copy;
    }

    /** A copy whose Secret values read {@code <hidden>}; other kinds are returned unchanged. */
    public static JsonObject masked(JsonObject object) {
        if (!"Secret".equals(stringOf(object.get("kind")))) {
            return object;
        }
        JsonObject copy = object.deepCopy();
        for (String field : new String[] {"data", "stringData"}) {
            JsonObject data = copy.getAsJsonObject(field);
            if (data != null) {
                for (Map.Entry<String, JsonElement> entry : data.entrySet()) {
                    entry.setValue(new com.google.gson.JsonPrimitive("<hidden>"));
                }
            }
        }
        return copy;
    }

    private static String stringOf(JsonElement element) {
        return element == null || element.isJsonNull() ? null : element.getAsString();
    }
}
