package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The spec as a JSON document, for features that work on specs as trees (golden-path templates merge
 * partial specs, docs/golden-paths.md): read strictly and validated the way the API reads a spec, turned
 * back into a tree, merged with JSON Merge Patch. Pure functions over the catalog's own reader and rules.
 */
public final class SpecDocuments {

    private SpecDocuments() {}

    /** A spec read from a tree: the spec (null when unreadable) and every problem, fields named from {@code spec}. */
    public record Read(ServiceSpec spec, List<FieldProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Reads and validates a complete spec, as {@code POST /api/v1/services} does. */
    public static Read read(JsonNode node) {
        SpecReader.Result result = SpecReader.read(node, "spec");
        return new Read(result.spec(), SpecValidator.validate(result));
    }

    /**
     * Problems of the shape alone (unknown fields, wrong types), naming fields under {@code prefix}: a template's
     * partial spec has no image and may name ports the service declares, so only its shape can be checked.
     */
    public static List<FieldProblem> shapeProblems(JsonNode node, String prefix) {
        return SpecReader.read(node, prefix).problems();
    }

    /** The spec as a tree without absent fields (what is stored). */
    public static ObjectNode tree(ServiceSpec spec) {
        return SpecReader.STRICT.valueToTree(spec);
    }

    /** RFC 7396 JSON Merge Patch of {@code patch} over {@code target}, changing neither. */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        return SpecMerge.mergePatch(target, patch);
    }

    /** Field-level differences, as on the revision diff page. */
    public static List<SpecDiff.Change> diff(ServiceSpec before, ServiceSpec after) {
        return SpecDiff.between(before, after);
    }

    /** The names of the spec's top-level fields. */
    public static List<String> fieldNames() {
        return SpecReader.FIELD_NAMES;
    }
}
