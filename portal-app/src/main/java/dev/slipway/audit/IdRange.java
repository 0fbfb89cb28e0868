package dev.slipway.audit;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ids of the events inside a time range: from {@code atLeast} (inclusive) to {@code below} (exclusive),
 * either open when null. Exact because writers never let time go backwards along the chain (see
 * {@link ChainAppender}). Looked up before the search itself, so PostgreSQL plans the search knowing how
 * many events the range holds.
 */
record IdRange(Long atLeast, Long below) {

    static final IdRange ALL = new IdRange(null, null);

    /** Null when no event can be in the range. */
    static IdRange of(JdbcTemplate jdbc, AuditQuery query) {
        if (query.from() == null && query.to() == null) {
            return ALL;
        }
        String first = "(select id from audit_events where occurred_at >= ? order by occurred_at, id limit 1)";
        Long[] bounds = jdbc.query("select " + first + ", " + first, rs -> {
            rs.next();
            return new Long[] {(Long) rs.getObject(1), (Long) rs.getObject(2)};
        }, Timestamp.from(query.from() == null ? Instant.EPOCH : query.from()),
                Timestamp.from(query.to() == null ? Instant.EPOCH : query.to()));
        Long atLeast = query.from() == null ? null : bounds[0];
        Long below = query.to() == null ? null : bounds[1];
        if (query.from() != null && atLeast == null || atLeast != null && below != null && atLeast >= below) {
            return null;
        }
        return new IdRange(atLeast, below);
    }
}
