package dev.slipway.deploy.requests;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The decisions taken on each request, in order. A decision never replaces the requester's reason or
 * an earlier decision's comment: a request approved, sent back for a new approval and approved again
 * shows both approvals.
 */
@Component
public class DecisionLog {

    private final JdbcTemplate jdbc;

    DecisionLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(long requestId, String by, String decision, String comment, Instant at) {
        jdbc.update("insert into deployment_decisions (request_id, decided_by, decision, comment, decided_at)"
                + " values (?, ?, ?, ?, ?)", requestId, by, decision, comment, Timestamp.from(at));
    }

    @Transactional(readOnly = true)
    public List<DecisionView> decisionsOf(long requestId) {
        return jdbc.query("select decided_by, decision, comment, decided_at from deployment_decisions"
                + " where request_id = ? order by id", (rs, i) -> new DecisionView(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getTimestamp(4).toInstant()), requestId);
    }
}
