package dev.slipway.deploy;

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
class SyncRunLog {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    SyncRunLog(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void started(long requestId, int attempt, String worker, Instant at) {
        jdbc.update("insert into sync_runs (request_id, attempt, worker, started_at, outcome) values (?, ?, ?, ?, 'RUNNING')"
                + " on conflict (request_id, attempt) do update set worker = excluded.worker,"
                + " started_at = excluded.started_at, outcome = 'RUNNING', error = null",
                requestId, attempt, worker, Timestamp.from(at));
    }

    /**
     * Marks runs of earlier attempts that are still RUNNING as ABANDONED: their deployer stopped (crashed,
     * or paused past its lease) before recording an outcome, and this attempt took the job over. Without
     * this, a crash leaves a run that says RUNNING for ever.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    int abandonEarlier(long requestId, int attempt, Instant at) {
        return jdbc.update("update sync_runs set outcome = 'ABANDONED', ended_at = ?, error = ? where request_id = ?"
                + " and attempt < ? and outcome = 'RUNNING'", Timestamp.from(at), "The deployer running this attempt"
                + " stopped before recording an outcome (its lease expired); attempt " + attempt + " took the job over.",
                requestId, attempt);
    }

    /** {@code applied} are masked YAML documents: secret values never reach this table. */
    @Transactional(propagation = Propagation.MANDATORY)
    void ended(long requestId, int attempt, String outcome, String error, List<String> applied, List<String> pruned,
            Instant at) {
        jdbc.update("update sync_runs set outcome = ?, error = ?, applied = ?::jsonb, pruned = ?::jsonb, ended_at = ?"
                + " where request_id = ? and attempt = ?", outcome, error, json.writeValueAsString(applied),
                json.writeValueAsString(pruned), Timestamp.from(at), requestId, attempt);
    }

    @Transactional(readOnly = true)
    List<SyncRunView> runsOf(long requestId) {
        return jdbc.query("select attempt, worker, outcome, error, started_at, ended_at, applied::text, pruned::text"
                + " from sync_runs where request_id = ? order by attempt", (rs, i) -> new SyncRunView(rs.getInt(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(),
                json.readValue(rs.getString(7), STRINGS), json.readValue(rs.getString(8), STRINGS)), requestId);
    }
}
