package dev.slipway.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.slipway.common.DiffLines;
import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Field-by-field differences between two specs as a flat list of JSON paths, for the diff page, the
 * API and the audit trail. Objects (config, overrides, resources...) are compared key by key, lists
 * (ports, command, secrets) index by index. A pure function.
 */
public final class SpecDiff {

    private SpecDiff() {}

    /** What happened to one field. */
    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED
    }

    /**
     * One changed field: its path ({@code spec.ports[0].containerPort}) and its values before and
     * after, as display text ({@code null} when absent; a JSON {@code null} in an override is {@code "null"}).
     */
    public record Change(String path, Kind kind, @Nullable String before, @Nullable String after) {

        /** The change as the lines of a red/green diff, a multi-line value (a config file) as its lines. */
        @JsonIgnore
        public DiffLines.Field field() {
            return DiffLines.of(path, before, after);
        }
    }

    public static List<Change> between(ServiceSpec before, ServiceSpec after) {
        List<Change> changes = new ArrayList<>();
        compare("spec", tree(before), tree(after), changes);
        return changes;
    }

    private static JsonNode tree(ServiceSpec spec) {
        return spec == null ? null : SpecReader.STRICT.valueToTree(spec);
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<Change> changes) {
        boolean hadValue = before != null && !before.isMissingNode();
        boolean hasValue = after != null && !after.isMissingNode();
        if (!hadValue && !hasValue) {
            return;
        }
        if (bothOr(before, after, JsonNode::isObject)) {
            TreeSet<String> keys = new TreeSet<>();
            if (hadValue) {
                keys.addAll(before.propertyNames());
            }
            if (hasValue) {
                keys.addAll(after.propertyNames());
            }
            if (keys.isEmpty() && hadValue != hasValue) {
                changes.add(new Change(path, hadValue ? Kind.REMOVED : Kind.ADDED, text(before), text(after)));
            }
            for (String key : keys) {
                compare(SpecPaths.child(path, key), hadValue ? before.get(key) : null,
                        hasValue ? after.get(key) : null, changes);
            }
            return;
        }
        if (bothOr(before, after, JsonNode::isArray)) {
            int size = Math.max(hadValue ? before.size() : 0, hasValue ? after.size() : 0);
            if (size == 0 && hadValue != hasValue) {
                changes.add(new Change(path, hadValue ? Kind.REMOVED : Kind.ADDED, text(before), text(after)));
            }
            for (int i = 0; i < size; i++) {
                compare(SpecPaths.index(path, i), hadValue && i < before.size() ? before.get(i) : null,
                        hasValue && i < after.size() ? after.get(i) : null, changes);
            }
            return;
        }
        if (!hadValue) {
            changes.add(new Change(path, Kind.ADDED, null, text(after)));
        } else if (!hasValue) {
            changes.add(new Change(path, Kind.REMOVED, text(before), null));
        } else if (!before.equals(after)) {
            changes.add(new Change(path, Kind.CHANGED, text(before), text(after)));
        }
    }

    /** True when each side is absent or passes the test: an object replaced by a scalar is one change, not a walk. */
    private static boolean bothOr(JsonNode before, JsonNode after, Predicate<JsonNode> test) {
        boolean beforeOk = before == null || before.isMissingNode() || test.test(before);
        boolean afterOk = after == null || after.isMissingNode() || test.test(after);
        return beforeOk && afterOk;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.toString();
    }
}
