package dev.slipway.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Streams the events of a filter to an output stream as they come from the database. PostgreSQL's
 * driver only fetches in batches (a server-side cursor) when a fetch size is set and the connection is
 * inside a transaction, so the query runs in a read-only one with {@link #FETCH_SIZE}: a million events
 * pass through without ever being held together in memory.
 */
@Component
class AuditExport {

    static final int FETCH_SIZE = 1_000;

    private final JdbcTemplate streaming;
    private final TransactionTemplate readOnly;

    AuditExport(DataSource dataSource, PlatformTransactionManager transactions) {
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Writes every event of {@code query} the scope may see, newest first; returns how many. */
    long export(AuditScope scope, AuditQuery query, ExportFormat format, OutputStream out) throws IOException {
        List<String> teams = scope.teamsFor(query.team());
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        AuditRowWriter writer = format.writer(text);
        writer.begin();
        long written = 0;
        IdRange ids = IdRange.of(streaming, query);
        if ((teams == null || !teams.isEmpty()) && ids != null) {
            AuditSql select = AuditSql.select(query, teams, ids, null, null);
            Long count = readOnly.execute(status -> {
                long[] rows = {0};
                streaming.query(select.sql(), rs -> {
                    try {
                        writer.write(AuditRow.read(rs));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    rows[0]++;
                }, select.args().toArray());
                return rows[0];
            });
            written = count == null ? 0 : count;
        }
        writer.finish();
        return written;
    }
}
