package dev.slipway.templates;

import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings a service's spec from one template version to the next (docs/golden-paths.md, "The three-way merge"):
 * {@code base} is the old template version, {@code theirs} the new one, {@code ours} the service's spec. Pure.
 *
 * <ul>
 *   <li>Objects merge key by key; lists and scalars are values (a list the service changed is the service's).
 *   <li>Where the template did not change a value, the service's stays, whatever it is.
 *   <li>Where the template changed it and the service had kept the old default, the new default is taken
 *       (a key the new version removes is removed).
 *   <li>Where both changed it, the service's own value wins: a default is the service's to change.
 *   <li>An enforced path of the new version always takes the template's value.
 *   <li>Where the template changes something inside an object the service removed or replaced with a value of
 *       another shape, nothing is guessed: the service's value stays and a conflict names the path.
 * </ul>
 *
 * A JSON {@code null} counts as absent.
 */
public final class ThreeWayMerge {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ThreeWayMerge() {}

    /** One path the merge would not decide, with the three values (null when absent) as JSON text. */
    public record Conflict(String path, String reason, @Nullable String templateBefore, @Nullable String templateAfter,
            @Nullable String service) {}

    /** The merged spec and the conflicts, empty when the merge is clean. */
    record Result(ObjectNode merged, List<Conflict> conflicts) {

        boolean clean() {
            return conflicts.isEmpty();
        }
    }

    /**
     * Merges; {@code enforced} holds dotted paths into the spec ({@code securityContext.runAsNonRoot}). The
     * conflicts' paths are prefixed with {@code spec.}, like the spec's field problems.
     */
    static Result merge(JsonNode base, JsonNode theirs, JsonNode ours, Collection<String> enforced) {
        List<Conflict> conflicts = new ArrayList<>();
        JsonNode merged = merge("", withoutNulls(base), withoutNulls(theirs), withoutNulls(ours), Set.copyOf(enforced),
                conflicts);
        ObjectNode result = merged != null && merged.isObject() ? (ObjectNode) merged : NODES.objectNode();
        return new Result(result, List.copyOf(conflicts));
    }

    private static JsonNode merge(String path, JsonNode base, JsonNode theirs, JsonNode ours, Set<String> enforced,
            List<Conflict> conflicts) {
        if (!path.isEmpty() && enforced.contains(path) && theirs != null) {
            return theirs;
        }
        boolean enforcedBelow = enforcedBelow(path, enforced);
        if (same(base, theirs) && !enforcedBelow) {
            return ours;
        }
        if (objectOrAbsent(base) && objectOrAbsent(theirs) && objectOrAbsent(ours)) {
            if (ours == null && base != null && !enforcedBelow) {
                // The service removed a section whose defaults the template now changes.
                conflicts.add(conflict(path, "the service removed this section; the new template version changes it",
                        base, theirs, null));
                return null;
            }
            return mergeObjects(path, base, theirs, ours, enforced, conflicts);
        }
        if (same(ours, base)) {
            return theirs;
        }
        if (same(ours, theirs)) {
            return ours;
        }
        if (isObject(base) && isObject(theirs) && ours != null && !ours.isObject()) {
            conflicts.add(conflict(path, "the service replaced this section with a value of another shape; the new"
                    + " template version changes inside it", base, theirs, ours));
            return ours;
        }
        if (!isObject(ours) && (isObject(base) || isObject(theirs)) && enforcedBelow) {
            conflicts.add(conflict(path, "the new template version enforces a value inside this section, which the"
                    + " service replaced with a value of another shape", base, theirs, ours));
            return ours;
        }
        return ours;
    }

    private static JsonNode mergeObjects(String path, JsonNode base, JsonNode theirs, JsonNode ours,
            Set<String> enforced, List<Conflict> conflicts) {
        Set<String> keys = new LinkedHashSet<>();
        for (JsonNode side : new JsonNode[] {ours, theirs, base}) {
            if (side != null) {
                keys.addAll(side.propertyNames());
            }
        }
        ObjectNode result = NODES.objectNode();
        for (String key : keys) {
            String childPath = path.isEmpty() ? key : path + "." + key;
            JsonNode value = merge(childPath, child(base, key), child(theirs, key), child(ours, key), enforced,
                    conflicts);
            if (value != null) {
                result.set(key, value);
            }
        }
        // A section the new version dropped (or the service never had), emptied by the merge, goes away as a whole.
        return result.isEmpty() && (ours == null || theirs == null) ? null : result;
    }

    private static boolean enforcedBelow(String path, Set<String> enforced) {
        if (path.isEmpty()) {
            return !enforced.isEmpty();
        }
        String prefix = path + ".";
        return enforced.stream().anyMatch(p -> p.startsWith(prefix));
    }

    /** A copy without JSON nulls in objects (they mean absent), or null for an absent node. */
    private static JsonNode withoutNulls(JsonNode node) {
        JsonNode value = present(node);
        if (value == null || !value.isObject()) {
            return value;
        }
        ObjectNode copy = NODES.objectNode();
        for (var entry : value.properties()) {
            JsonNode child = withoutNulls(entry.getValue());
            if (child != null) {
                copy.set(entry.getKey(), child);
            }
        }
        return copy;
    }

    private static JsonNode child(JsonNode node, String key) {
        return node == null ? null : present(node.get(key));
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    private static boolean same(JsonNode a, JsonNode b) {
        return a == null ? b == null : a.equals(b);
    }

    private static boolean isObject(JsonNode node) {
        return node != null && node.isObject();
    }

    private static boolean objectOrAbsent(JsonNode node) {
        return node == null || node.isObject();
    }

    private static Conflict conflict(String path, String reason, JsonNode base, JsonNode theirs, JsonNode ours) {
        return new Conflict("spec." + path, reason, text(base), text(theirs), text(ours));
    }

    private static String text(JsonNode node) {
        return node == null ? null : node.toString();
    }
}
