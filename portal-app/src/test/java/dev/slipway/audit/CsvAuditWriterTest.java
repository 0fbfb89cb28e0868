package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The export writers alone: RFC 4180 escaping, exact JSON Lines, and one row at a time. */
class CsvAuditWriterTest {

    private static final Instant AT = Instant.parse("2025-03-01T10:15:30.123456Z");

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedWithQuotesDoubled() {
        assertThat(CsvAuditWriter.escape("plain")).isEqualTo("plain");
        assertThat(CsvAuditWriter.escape("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvAuditWriter.escape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvAuditWriter.escape("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
        assertThat(CsvAuditWriter.escape(null)).isEmpty();
    }

    @Test
    void aCellASpreadsheetWouldRunAsAFormulaIsDefused() {
        assertThat(CsvAuditWriter.escape("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(CsvAuditWriter.escape("+1")).isEqualTo("'+1");
        assertThat(CsvAuditWriter.escape("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvAuditWriter.escape("-2")).isEqualTo("'-2");
    }

    @Test
    void aRowIsOneCrlfLineUnderTheHeader() throws IOException {
        StringWriter out = new StringWriter();
        CsvAuditWriter writer = new CsvAuditWriter(out);
        writer.begin();
        writer.write(row(7, "bob", "comma, here", "{\"comment\": \"ship \\\"it\\\"\"}"));
        writer.finish();

        assertThat(out.toString()).isEqualTo(CsvAuditWriter.HEADER + "\r\n"
                + "7,2025-03-01T10:15:30.123456Z,bob,deployment.approved,deployment,\"comma, here\",payments,api,prod,"
                + "\"{\"\"comment\"\": \"\"ship \\\"\"it\\\"\"\"\"}\"," + "0".repeat(64) + "," + "f".repeat(64) + "\r\n");
    }

    @Test
    void jsonLinesKeepEveryValueExactlyWithDetailsAsAnObject() throws IOException {
        StringWriter out = new StringWriter();
        JsonLinesAuditWriter writer = new JsonLinesAuditWriter(out);
        writer.write(row(7, "=bob", "line\nbreak", "{\"comment\": \"<b>\\\"quoted\\\"</b>\", \"n\": 2}"));
        writer.finish();

        assertThat(out.toString()).endsWith("\n").doesNotContain("\r").hasLineCount(1);
        JsonNode line = JsonMapper.builder().build().readTree(out.toString());
        assertThat(line.get("actor").asString()).isEqualTo("=bob");
        assertThat(line.get("target").asString()).isEqualTo("line\nbreak");
        assertThat(line.get("details").get("comment").asString()).isEqualTo("<b>\"quoted\"</b>");
        assertThat(line.get("details").get("n").asInt()).isEqualTo(2);
        assertThat(line.get("hash").asString()).isEqualTo("f".repeat(64));
    }

    @Test
    void writersTakeRowsOneAtATimeSoAnyNumberPassesThrough() throws IOException {
        long rows = 200_000;
        for (ExportFormat format : ExportFormat.values()) {
            LineCounter counter = new LineCounter();
            Writer text = new OutputStreamWriter(counter, StandardCharsets.UTF_8);
            AuditRowWriter writer = format.writer(text);
            writer.begin();
            // Rows are made as they are asked for and written at once: nothing keeps them.
            Iterator<AuditRow> source = LongStream.rangeClosed(1, rows)
                    .mapToObj(id -> row(id, "bob", "deployment-" + id, "{\"n\": " + id + "}")).iterator();
            while (source.hasNext()) {
                writer.write(source.next());
            }
            writer.finish();
            assertThat(counter.lines).as(format.name()).isEqualTo(format == ExportFormat.CSV ? rows + 1 : rows);
        }
    }

    private static AuditRow row(long id, String actor, String target, String details) {
        return new AuditRow(id, AT, actor, "deployment.approved", "deployment", target, "payments", "api", "prod",
                details, "0".repeat(64), "f".repeat(64));
    }

    /** Counts line ends and forgets the bytes. */
    private static final class LineCounter extends OutputStream {
        long lines;

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines++;
            }
        }
    }
}
