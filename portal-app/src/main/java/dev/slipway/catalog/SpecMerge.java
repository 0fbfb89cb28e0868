package dev.slipway.catalog;

import dev.slipway.common.InvalidInputException;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The effective spec of a service in one environment: the environment's override merged over the
 * base with JSON Merge Patch (RFC 7396). Objects merge key by key, lists and scalars replace, and
 * {@code null} removes (so {@code "autoscaling": null} turns autoscaling off in that environment).
 * Pure; the deployer renders what this returns.
 */
public final class SpecMerge {

    private SpecMerge() {}

    /**
     * The spec for {@code environment}, with no overrides left in it. A stored revision always merges
     * cleanly (the validator checks every override); an unsaved spec whose override has the wrong
     * shape is refused with the problems named under {@code spec.overrides.<environment>}.
     */
    public static ServiceSpec forEnvironment(ServiceSpec base, String environment) {
        Map<String, Object> override = base.overrides().get(environment);
        if (override == null) {
            return base.withOverrides(null);
        }
        SpecReader.Result result = merge(base, override, SpecPaths.child("spec.overrides", environment));
        if (!result.ok()) {
            throw new InvalidInputException(result.problems());
        }
        return result.spec();
    }

    /** Merges one override over the base and reads the result, naming problems under {@code path}. */
    static SpecReader.Result merge(ServiceSpec base, Map<String, Object> override, String path) {
        ObjectNode target = SpecReader.STRICT.valueToTree(base.withOverrides(null));
        target.remove("overrides");
        JsonNode patch = SpecReader.STRICT.valueToTree(override);
        return SpecReader.read(mergePatch(target, patch), path);
    }

    /** RFC 7396, section 2, without changing either argument. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject()
                ? (ObjectNode) target.deepCopy()
                : SpecReader.STRICT.createObjectNode();
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            if (entry.getValue().isNull()) {
                result.remove(entry.getKey());
            } else {
                result.set(entry.getKey(), mergePatch(result.get(entry.getKey()), entry.getValue()));
            }
        }
        return result;
    }
}
