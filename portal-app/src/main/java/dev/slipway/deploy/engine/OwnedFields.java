package dev.slipway.deploy.engine;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A live object reduced to the fields one field manager owns, and a fingerprint of that. Another
 * manager's edit of a value Slipway set moves ownership to the editor, and a removal takes the value
 * away: either way the projection, and so the fingerprint, changes. What only others own (an
 * autoscaler's {@code spec.replicas}, a webhook's additions, server defaults) is outside it.
 *
 * <p>The projection walks {@code metadata.managedFields[].fieldsV1} and the object together:
 * {@code f:<name>} is a field of a map, {@code .} the node itself, {@code k:{...}} the list element
 * whose fields equal the key, {@code v:<json>} the set element equal to the value, {@code i:<n>} the
 * list element at that index. Only entries without a {@code subresource} count: a status written by
 * the same manager is not what it applied.
 */
public final class OwnedFields {

    private static final Gson CANONICAL = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private OwnedFields() {}

    /** The object reduced to what {@code manager} owns; fields it owns but the object lacks are left out. */
    public static JsonObject project(JsonObject object, String manager) {
        JsonObject owned = ownedFieldSet(object, manager);
        if (owned == null) {
            return new JsonObject();
        }
        JsonElement projection = projectNode(object, owned);
        return projection.isJsonObject() ? projection.getAsJsonObject() : new JsonObject();
    }

    /**
     * SHA-256 (hex) of the kind, namespace, name and canonical projection. An object without any entry
     * for {@code manager} gets the fingerprint of an empty projection, unlike any object it applied.
     */
    public static String fingerprint(JsonObject object, String manager) {
        JsonObject metadata = object.has("metadata") && object.get("metadata").isJsonObject()
                ? object.getAsJsonObject("metadata")
                : new JsonObject();
        JsonObject identified = new JsonObject();
        identified.add("kind", stringOrNull(object, "kind"));
        identified.add("namespace", stringOrNull(metadata, "namespace"));
        identified.add("name", stringOrNull(metadata, "name"));
        identified.add("owned", project(object, manager));
        return sha256(CANONICAL.toJson(canonical(identified)));
    }

    /** The union of the manager's fieldsV1 sets on the object itself, or null when it has none. */
    private static JsonObject ownedFieldSet(JsonObject object, String manager) {
        if (!object.has("metadata") || !object.get("metadata").isJsonObject()) {
            return null;
        }
        JsonElement managedFields = object.getAsJsonObject("metadata").get("managedFields");
        if (managedFields == null || !managedFields.isJsonArray()) {
            return null;
        }
        JsonObject union = null;
        for (JsonElement element : managedFields.getAsJsonArray()) {
            if (!element.isJsonObject()) {
                continue;
            }
            JsonObject entry = element.getAsJsonObject();
            if (!manager.equals(string(entry, "manager")) || !isEmpty(string(entry, "subresource"))) {
                continue;
            }
            JsonElement fields = entry.get("fieldsV1");
            if (fields == null || !fields.isJsonObject()) {
                continue;
            }
            union = union == null ? fields.getAsJsonObject().deepCopy() : merge(union, fields.getAsJsonObject());
        }
        return union;
    }

    private static JsonObject merge(JsonObject into, JsonObject from) {
        for (Map.Entry<String, JsonElement> field : from.entrySet()) {
            JsonElement existing = into.get(field.getKey());
            if (existing != null && existing.isJsonObject() && field.getValue().isJsonObject()) {
                merge(existing.getAsJsonObject(), field.getValue().getAsJsonObject());
            } else if (existing == null) {
                into.add(field.getKey(), field.getValue().deepCopy());
            }
        }
        return into;
    }

    /** The part of {@code value} that {@code fields} covers. */
    private static JsonElement projectNode(JsonElement value, JsonObject fields) {
        if (ownedWhole(fields) || !(value.isJsonObject() || value.isJsonArray())) {
            return value.deepCopy();
        }
        if (value.isJsonObject()) {
            JsonObject object = value.getAsJsonObject();
            JsonObject projected = new JsonObject();
            for (Map.Entry<String, JsonElement> field : fields.entrySet()) {
                if (!field.getKey().startsWith("f:") || !field.getValue().isJsonObject()) {
                    continue;
                }
                String name = field.getKey().substring(2);
                if (object.has(name)) {
                    projected.add(name, projectNode(object.get(name), field.getValue().getAsJsonObject()));
                }
            }
            return projected;
        }
        JsonArray array = value.getAsJsonArray();
        // Elements are kept in the object's order, so an element that someone else inserts before ours
        // shifts nothing we compare.
        TreeMap<Integer, JsonElement> projected = new TreeMap<>();
        for (Map.Entry<String, JsonElement> field : fields.entrySet()) {
            if (!field.getValue().isJsonObject()) {
                continue;
            }
            int index = indexOf(array, field.getKey());
            if (index >= 0) {
                projected.put(index, projectNode(array.get(index), field.getValue().getAsJsonObject()));
            }
        }
        JsonArray result = new JsonArray();
        projected.values().forEach(result::add);
        return result;
    }

    /** {@code {}} or only {@code .}: the whole value belongs to the manager (an atomic field or a leaf). */
    private static boolean ownedWhole(JsonObject fields) {
        return fields.size() == 0 || (fields.size() == 1 && fields.has("."));
    }

    /** The index of the list element a path element names, or -1 when the list has none. */
    private static int indexOf(JsonArray array, String pathElement) {
        if (pathElement.startsWith("k:")) {
            JsonElement key = JsonParser.parseString(pathElement.substring(2));
            if (!key.isJsonObject()) {
                return -1;
            }
            for (int i = 0; i < array.size(); i++) {
                if (matchesKey(array.get(i), key.getAsJsonObject())) {
                    return i;
                }
            }
        } else if (pathElement.startsWith("v:")) {
            JsonElement wanted = JsonParser.parseString(pathElement.substring(2));
            for (int i = 0; i < array.size(); i++) {
                if (sameValue(array.get(i), wanted)) {
                    return i;
                }
            }
        } else if (pathElement.startsWith("i:")) {
            try {
                int index = Integer.parseInt(pathElement.substring(2));
                return index >= 0 && index < array.size() ? index : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean matchesKey(JsonElement element, JsonObject key) {
        if (!element.isJsonObject()) {
            return false;
        }
        JsonObject candidate = element.getAsJsonObject();
        for (Map.Entry<String, JsonElement> part : key.entrySet()) {
            JsonElement actual = candidate.get(part.getKey());
            if (actual == null || !sameValue(actual, part.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** JSON equality, with 8080 and 8080.0 equal and object key order ignored. */
    private static boolean sameValue(JsonElement a, JsonElement b) {
        return canonical(a).equals(canonical(b));
    }

    /** A copy with every object's keys sorted, so equal content serialises to equal text. */
    private static JsonElement canonical(JsonElement element) {
        if (element.isJsonObject()) {
            TreeMap<String, JsonElement> sorted = new TreeMap<>();
            element.getAsJsonObject().entrySet().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            JsonObject result = new JsonObject();
            sorted.forEach(result::add);
            return result;
        }
        if (element.isJsonArray()) {
            JsonArray result = new JsonArray();
            element.getAsJsonArray().forEach(e -> result.add(canonical(e)));
            return result;
        }
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()) {
            return canonicalNumber(element.getAsJsonPrimitive());
        }
        return element.deepCopy();
    }

    private static JsonPrimitive canonicalNumber(JsonPrimitive number) {
        BigDecimal decimal = number.getAsBigDecimal().stripTrailingZeros();
        return decimal.scale() <= 0 ? new JsonPrimitive(decimal.toBigIntegerExact()) : new JsonPrimitive(decimal);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String string(JsonObject object, String name) {
        JsonElement value = object.get(name);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static JsonElement stringOrNull(JsonObject object, String name) {
        String value = string(object, name);
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value);
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
