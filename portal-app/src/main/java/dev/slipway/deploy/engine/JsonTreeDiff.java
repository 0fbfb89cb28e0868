package dev.slipway.deploy.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Field-level differences between two Kubernetes objects as JSON trees; a pure function. */
public final class JsonTreeDiff {

    private JsonTreeDiff() {}

    /** One differing leaf (or whole subtree when it exists on one side only); values as compact JSON, null if absent. */
    public record FieldChange(String path, @Nullable String before, @Nullable String after) {

        public String describe() {
            if (before == null) {
                return "+ " + path + ": " + after;
            }
            if (after == null) {
                return "- " + path + ": " + before;
            }
            return "~ " + path + ": " + before + " -> " + after;
        }
    }

    public static List<FieldChange> between(JsonElement before, JsonElement after) {
        List<FieldChange> changes = new ArrayList<>();
        walk("", nullToJson(before), nullToJson(after), changes);
        return changes;
    }

    private static void walk(String path, JsonElement before, JsonElement after, List<FieldChange> out) {
        if (before.equals(after)) {
            return;
        }
        // An object or list present on one side only is walked too, so a new object reads field by field.
        if (before.isJsonNull() && (after.isJsonObject() || after.isJsonArray())) {
            before = after.isJsonObject() ? new JsonObject() : new JsonArray();
        } else if (after.isJsonNull() && (before.isJsonObject() || before.isJsonArray())) {
            after = before.isJsonObject() ? new JsonObject() : new JsonArray();
        }
        if (before.isJsonArray() && after.isJsonArray() && before.getAsJsonArray().size() != after.getAsJsonArray().size()) {
            JsonArray b = before.getAsJsonArray();
            JsonArray a = after.getAsJsonArray();
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                walk(path + "[" + i + "]", i < b.size() ? b.get(i) : JsonNull.INSTANCE,
                        i < a.size() ? a.get(i) : JsonNull.INSTANCE, out);
            }
            return;
        }
        if (before.isJsonObject() && after.isJsonObject()) {
            JsonObject b = before.getAsJsonObject();
            JsonObject a = after.getAsJsonObject();
            Set<String> keys = new TreeSet<>(b.keySet());
            keys.addAll(a.keySet());
            for (String key : keys) {
                walk(join(path, key), nullToJson(b.get(key)), nullToJson(a.get(key)), out);
            }
            return;
        }
        if (before.isJsonArray() && after.isJsonArray() && before.getAsJsonArray().size() == after.getAsJsonArray().size()) {
            JsonArray b = before.getAsJsonArray();
            JsonArray a = after.getAsJsonArray();
            for (int i = 0; i < b.size(); i++) {
                walk(path + "[" + i + "]", b.get(i), a.get(i), out);
            }
            return;
        }
        out.add(new FieldChange(path.isEmpty() ? "." : path, before.isJsonNull() ? null : before.toString(),
                after.isJsonNull() ? null : after.toString()));
    }

    private static String join(String path, String key) {
        String segment = key.matches("[A-Za-z0-9_]+") ? key : "\"" + key + "\"";
        return path.isEmpty() ? segment : path + "." + segment;
    }

    private static JsonElement nullToJson(JsonElement element) {
        return element == null ? JsonNull.INSTANCE : element;
    }
}
