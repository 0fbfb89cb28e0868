package dev.slipway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Exports of the current filter: CSV and JSON Lines, correct, escaped, and streamed from a database cursor. */
@SlipwayTest
class AuditExportTest {

    @Autowired MockMvc mvc;
    @Autowired IdentityService identity;
    @Autowired AuditTrail trail;
    @Autowired AuditExport export;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcTemplate jdbc;

    private AuditFixtures f;

    @BeforeEach
    void twoTeams() {
        f = new AuditFixtures(identity, trail, tx, jdbc);
    }

    @Test
    void csvExportIsAnAttachmentWithOneEscapedLinePerEventNewestFirst() throws Exception {
        long plain = f.event("test.exported", f.teamA, f.serviceA, "dev");
        long tricky = f.record(new AuditEntry(f.actor, "test.exported", "service", "=cmd|' /C calc'!A0, \"quoted\"\nnext",
                f.teamA, f.serviceA, "prod", Map.of("comment", "a, \"b\"")));

        var response = mvc.perform(get("/api/v1/audit/export").param("format", "csv").param("actor", f.actor)
                        .with(httpBasic("carol", "carol")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"))
                .andExpect(header().string("Content-Disposition",
                        matchesPattern("attachment; filename=\"slipway-audit-[0-9TZ-]+\\.csv\"")))
                .andReturn().getResponse();
        String csv = response.getContentAsString(StandardCharsets.UTF_8);

        assertThat(csv).startsWith(CsvAuditWriter.HEADER + "\r\n").endsWith("\r\n");
        List<String> records = records(csv);
        assertThat(records).hasSize(3);
        assertThat(records.get(1)).startsWith(tricky + ",")
                .contains(",\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\nnext\",")
                .contains(",\"{\"\"comment\"\": \"\"a, \\\"\"b\\\"\"\"\"}\",");
        assertThat(records.get(2)).startsWith(plain + ",").contains("," + f.serviceA + ",dev,");
    }

    @Test
    void jsonLinesExportKeepsEveryValueExact() throws Exception {
        long plain = f.event("test.exported", f.teamA, f.serviceA, "dev");
        String target = "=cmd, \"quoted\"\nnext";
        long tricky = f.record(new AuditEntry(f.actor, "test.exported", "service", target, f.teamA, f.serviceA, "prod",
                Map.of("comment", "a, \"b\"")));

        String jsonl = mvc.perform(get("/api/v1/audit/export").param("format", "jsonl").param("actor", f.actor)
                        .with(httpBasic("carol", "carol")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/jsonl;charset=UTF-8"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        String[] lines = jsonl.split("\n");
        assertThat(lines).hasSize(2);
        JsonMapper json = JsonMapper.builder().build();
        JsonNode first = json.readTree(lines[0]);
        assertThat(first.get("id").asLong()).isEqualTo(tricky);
        assertThat(first.get("target").asString()).isEqualTo(target);
        assertThat(first.get("details").get("comment").asString()).isEqualTo("a, \"b\"");
        assertThat(first.get("hash").asString()).hasSize(64);
        assertThat(json.readTree(lines[1]).get("id").asLong()).isEqualTo(plain);
    }

    @Test
    void anExportStreamsFromAServerSideCursorRatherThanLoadingEveryRow() throws IOException {
        int events = 3_000;
        tx.executeWithoutResult(status -> {
            for (int i = 0; i < events; i++) {
                trail.record(AuditEntry.of(f.actor, "test.bulk", "service", f.serviceA).withTeam(f.teamA)
                        .withService(f.serviceA).withDetails(Map.of("i", i)));
            }
        });
        List<Long> openCursorsWhileWriting = new ArrayList<>();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream watching = new OutputStream() {
            @Override
            public void write(int b) {
                written.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (openCursorsWhileWriting.isEmpty()) {
                    // Runs on the export's own connection: its portal is still open while rows arrive.
                    openCursorsWhileWriting.add(jdbc.queryForObject(
                            "select count(*) from pg_cursors where statement like '%from audit_events%'"
                                    + " and statement not like '%pg_cursors%'", Long.class));
                }
                written.write(b, off, len);
            }
        };

        long count = export.export(new AuditScope(true, Set.of()), AuditQuery.of(f.actor, null, null, null,
                "test.bulk", null, null), ExportFormat.JSONL, watching);

        assertThat(AuditExport.FETCH_SIZE).isLessThan(events);
        assertThat(count).isEqualTo(events);
        assertThat(written.toString(StandardCharsets.UTF_8).split("\n")).hasSize(events);
        assertThat(openCursorsWhileWriting).containsExactly(1L);
    }

    /** Splits RFC 4180 text into records, keeping line breaks inside quoted fields. */
    private static List<String> records(String csv) {
        List<String> records = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (!quoted && c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                records.add(current.toString());
                current.setLength(0);
                i++;
            } else {
                current.append(c);
            }
        }
        return records;
    }
}
