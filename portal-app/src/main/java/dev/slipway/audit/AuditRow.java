package dev.slipway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** One stored event with its hashes, as search, export and the event page read it. {@code details} is JSON text. */
record AuditRow(long id, Instant occurredAt, String actor, String action, String targetType, String target, String team,
        String service, String environment, String details, String prevHash, String hash) {

    /** Reads the columns of {@link AuditSql#COLUMNS}. */
    static AuditRow read(ResultSet rs) throws SQLException {
        return new AuditRow(rs.getLong("id"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"), rs.getString("action"), rs.getString("target_type"), rs.getString("target"),
                rs.getString("team"), rs.getString("service"), rs.getString("environment"), rs.getString("details"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }
}
