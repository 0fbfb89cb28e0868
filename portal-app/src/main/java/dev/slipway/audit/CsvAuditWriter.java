package dev.slipway.audit;

import java.io.IOException;
import java.io.Writer;

/**
 * RFC 4180 CSV: CRLF line ends, a header line, and a field in double quotes (quotes doubled) when it holds
 * a comma, quote or line break. Because spreadsheets run a cell that starts with = + - @ as a formula and
 * some values come from strangers (a failed sign-in's username), such a cell is prefixed with an apostrophe
 * (OWASP "CSV injection"); JSON Lines is the export that keeps values byte for byte.
 */
final class CsvAuditWriter implements AuditRowWriter {

    static final String HEADER = "id,occurred_at,actor,action,target_type,target,team,service,environment,details,"
            + "prev_hash,hash";

    private final Writer out;

    CsvAuditWriter(Writer out) {
        this.out = out;
    }

    @Override
    public void begin() throws IOException {
        out.write(HEADER);
        out.write("\r\n");
    }

    @Override
    public void write(AuditRow row) throws IOException {
        out.write(Long.toString(row.id()));
        field(row.occurredAt().toString());
        field(row.actor());
        field(row.action());
        field(row.targetType());
        field(row.target());
        field(row.team());
        field(row.service());
        field(row.environment());
        field(row.details());
        field(row.prevHash());
        field(row.hash());
        out.write("\r\n");
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }

    private void field(String value) throws IOException {
        out.write(',');
        out.write(escape(value));
    }

    static String escape(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = startsLikeAFormula(value) ? "'" + value : value;
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static boolean startsLikeAFormula(String value) {
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }
}
