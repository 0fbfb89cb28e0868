package dev.slipway.audit;

import java.io.IOException;
import java.io.Writer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON Lines: one event per line as a JSON object, details as a nested object, hashes included for checking. */
final class JsonLinesAuditWriter implements AuditRowWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Writer out;

    JsonLinesAuditWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void write(AuditRow row) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", row.id());
        line.put("occurredAt", row.occurredAt().toString());
        line.put("actor", row.actor());
        line.put("action", row.action());
        line.put("targetType", row.targetType());
        line.put("target", row.target());
        line.put("team", row.team());
        line.put("service", row.service());
        line.put("environment", row.environment());
        line.set("details", JSON.readTree(row.details()));
        line.put("prevHash", row.prevHash());
        line.put("hash", row.hash());
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }
}
