package dev.slipway.deploy.requests;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Records each sync run: the deploy record's "what exactly was applied, what was pruned, how it ended". */
@Component
public class SyncRunLog {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    SyncRunLog(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records the start of a run and returns its number: runs of a request are numbered 1, 2, 3...
     * across retries, including retries a person asked for, so no earlier run is ever overwritten.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int started(long requestId, String worker, Instant at) {
        // A run still RUNNING belongs to a deployer whose lease expired (it died or stalled): say so.
        jdbc.update("update sync_runs set outcome = 'ABANDONED', ended_at = ?, error = 'The deployer running this"
                + " stopped before it finished; its lease expired and another deployer took the job over.'"
                + " where request_id = ? and outcome = 'RUNNING'", Timestamp.from(at), requestId);
        return jdbc.queryForObject("insert into sync_runs (request_id, attempt, worker, started_at, outcome)"
                + " values (?, (select coalesce(max(attempt), 0) + 1 from sync_runs where request_id = ?), ?, ?, 'RUNNING')"
                + " returning attempt", Integer.class, requestId, requestId, worker, Timestamp.from(at));
    }

    /** {@code applied} are masked YAML documents: secret values never reach this table. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void ended(long requestId, int attempt, String outcome, String error, List<String> applied, List<String> pruned,
            Instant at) {
        jdbc.update("update sync_runs set outcome = ?, error = ?, applied = ?::jsonb, pruned = ?::jsonb, ended_at = ?"
                + " where request_id = ? and attempt = ?", outcome, error, json.writeValueAsString(applied),
                json.writeValueAsString(pruned), Timestamp.from(at), requestId, attempt);
    }

    /** How a run ended, for the sync metrics ({@code RUNNING} if it has not). */
    @Transactional(readOnly = true)
    public String outcomeOf(long requestId, int run) {
        return jdbc.queryForObject("select outcome from sync_runs where request_id = ? and attempt = ?", String.class,
                requestId, run);
    }

    @Transactional(readOnly = true)
    public List<SyncRunView> runsOf(long requestId) {
        return jdbc.query("select attempt, worker, outcome, error, started_at, ended_at, applied::text, pruned::text"
                + " from sync_runs where request_id = ? order by attempt", (rs, i) -> new SyncRunView(rs.getInt(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                json.readValue(rs.getString(7), STRINGS), json.readValue(rs.getString(8), STRINGS)), requestId);
    }
}
