package dev.slipway.deploy.render;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prepares a desired object for server-side apply. Under apply every field sent is a field claimed,
 * and client-java's models serialise empty lists and maps ({@code "args":[]}, {@code "labels":{}}):
 * sending those would make Slipway own, and fight over, fields it never meant to set. Empty
 * arrays, nulls and empty map-typed fields are removed; structural empties such as
 * {@code emptyDir: {}} are kept because they mean something.
 */
public final class ApplyBody {

    /** Fields whose Kubernetes type is a map: empty means "nothing", so they are not sent. */
    private static final Set<String> MAP_FIELDS = Set.of("labels", "annotations", "selector", "matchLabels",
            "nodeSelector", "limits", "requests", "data", "stringData", "binaryData", "capacity", "allocatable",
            "hard", "used", "parameters", "volumeAttributes", "overhead");

    /** Server-populated fields that must never be sent back (never re-apply what was read). */
    private static final Set<String> SERVER_METADATA = Set.of("managedFields", "resourceVersion", "uid",
            "creationTimestamp", "generation", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds");

    private ApplyBody() {}

    /** A copy of {@code object} fit to send as an apply patch. */
    public static JsonObject of(JsonObject object) {
        JsonObject copy = object.deepCopy();
        copy.remove("status");
        if (copy.has("metadata") && copy.get("metadata").isJsonObject()) {
            JsonObject metadata = copy.getAsJsonObject("metadata");
            SERVER_METADATA.forEach(metadata::remove);
        }
        strip(copy);
        return copy;
    }

    private static void strip(JsonObject object) {
        List<String> remove = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            JsonElement value = entry.getValue();
            if (value == null || value.isJsonNull()) {
                remove.add(entry.getKey());
            } else if (value.isJsonArray()) {
                strip(value.getAsJsonArray());
                if (value.getAsJsonArray().isEmpty()) {
                    remove.add(entry.getKey());
                }
            } else if (value.isJsonObject()) {
                strip(value.getAsJsonObject());
                if (value.getAsJsonObject().isEmpty() && MAP_FIELDS.contains(entry.getKey())) {
                    remove.add(entry.getKey());
                }
            }
        }
        remove.forEach(object::remove);
    }

    private static void strip(JsonArray array) {
        for (JsonElement element : array) {
            if (element.isJsonObject()) {
                strip(element.getAsJsonObject());
            } else if (element.isJsonArray()) {
                strip(element.getAsJsonArray());
            }
        }
    }
}
