package dev.slipway.audit;

import dev.slipway.common.InvalidInputException;
import java.io.Writer;
import java.util.Locale;

/** The two shapes an export comes in. CSV is for people and spreadsheets; JSON Lines keeps every value exact. */
enum ExportFormat {
    CSV("text/csv;charset=UTF-8", "csv"),
    JSONL("application/jsonl;charset=UTF-8", "jsonl");

    private final String contentType;
    private final String extension;

    ExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    static ExportFormat of(String format) {
        if (format != null) {
            for (ExportFormat candidate : values()) {
                if (candidate.extension.equals(format.strip().toLowerCase(Locale.ROOT))) {
                    return candidate;
                }
            }
        }
        throw new InvalidInputException("format", "must be csv or jsonl");
    }

    String contentType() {
        return contentType;
    }

    String extension() {
        return extension;
    }

    AuditRowWriter writer(Writer out) {
        return this == CSV ? new CsvAuditWriter(out) : new JsonLinesAuditWriter(out);
    }
}
