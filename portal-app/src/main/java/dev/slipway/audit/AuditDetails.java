package dev.slipway.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An event's details as people read them: one "key: value" line per value, nested objects flattened
 * into dotted keys ({@code policy.maxCpu}), lists of plain values joined with commas, empty values
 * left out. Exports and the API keep the JSON.
 */
final class AuditDetails {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One line of the details. */
    record Line(String key, String value) {}

    private AuditDetails() {}

    static List<Line> lines(String detailsJson) {
        if (detailsJson == null || detailsJson.isBlank()) {
            return List.of();
        }
        List<Line> lines = new ArrayList<>();
        add(lines, "", JSON.readTree(detailsJson));
        return lines;
    }

    /** The first {@code max} lines with values cut to {@code width} characters, for a table cell. */
    static List<Line> summary(String detailsJson, int max, int width) {
        return lines(detailsJson).stream().limit(max)
                .map(line -> line.value().length() <= width ? line
                        : new Line(line.key(), line.value().substring(0, width - 1) + "…"))
                .toList();
    }

    private static void add(List<Line> lines, String key, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                add(lines, key.isEmpty() ? field.getKey() : key + "." + field.getKey(), field.getValue());
            }
        } else if (node.isArray()) {
            if (node.valueStream().allMatch(JsonNode::isValueNode)) {
                if (!node.isEmpty()) {
                    lines.add(new Line(key, String.join(", ", node.valueStream().map(JsonNode::asString).toList())));
                }
            } else {
                for (int i = 0; i < node.size(); i++) {
                    add(lines, key + "[" + i + "]", node.get(i));
                }
            }
        } else {
            String value = node.asString();
            if (!value.isEmpty()) {
                lines.add(new Line(key.isEmpty() ? "value" : key, value));
            }
        }
    }
}
