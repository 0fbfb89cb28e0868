package dev.slipway.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Appends one event to the chain on whatever connection the given {@link JdbcTemplate} is bound to, so
 * it joins the caller's transaction. Writers are serialised by a transaction-scoped advisory lock so
 * the chain never forks, and an event's time never goes before its predecessor's: the chain order is
 * also the time order, which lets a time range be searched as a range of ids.
 */
final class ChainAppender {

    /** Arbitrary constant naming the advisory lock that serialises audit writers. */
    static final long CHAIN_LOCK = 0x51_1b_4a_0dL;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ChainAppender(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Must run inside a transaction; any failure is an {@link AuditUnavailableException}. */
    void append(AuditEntry entry) {
        append(List.of(entry));
    }

    /**
     * Appends events in order with one lock, one read of the chain's end and one batch of inserts: the
     * lock is held until the transaction commits, so every round trip after taking it delays all writers.
     */
    void append(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            jdbc.execute("select pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
            ChainLink last = jdbc.query("select hash, occurred_at from audit_events order by id desc limit 1",
                    rs -> rs.next() ? new ChainLink(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant())
                            : ChainLink.GENESIS);
            Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
            Instant occurredAt = now.isBefore(last.occurredAt()) ? last.occurredAt() : now;
            List<Object[]> rows = new ArrayList<>();
            String previous = last.hash();
            for (AuditEntry entry : entries) {
                String details = ChainHash.canonicalDetails(entry.details());
                String hash = ChainHash.of(previous, occurredAt, entry.actor(), entry.action(), entry.targetType(),
                        entry.target(), entry.team(), entry.service(), entry.environment(), details);
                rows.add(new Object[] {OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC), entry.actor(), entry.action(),
                        entry.targetType(), entry.target(), entry.team(), entry.service(), entry.environment(), details,
                        previous, hash});
                previous = hash;
            }
            jdbc.batchUpdate("insert into audit_events (occurred_at, actor, action, target_type, target, team, service,"
                    + " environment, details, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)", rows);
        } catch (DataAccessException e) {
            throw new AuditUnavailableException(e);
        }
    }
}
