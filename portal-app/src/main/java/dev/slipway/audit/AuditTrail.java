package dev.slipway.audit;

import java.time.Clock;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail: every state-changing action records an event here in its own transaction, so
 * the change and its record commit or roll back together, and a change whose record cannot be written
 * does not happen ({@link AuditUnavailableException}). Events form a hash chain; writers are
 * serialised by a transaction-scoped advisory lock so the chain never forks.
 */
@Service
public class AuditTrail {

    private final AuditEventRepository events;
    private final ChainAppender appender;
    private final ChainVerifier verifier;

    AuditTrail(AuditEventRepository events, JdbcTemplate jdbc) {
        this.events = events;
        this.appender = new ChainAppender(jdbc, Clock.systemUTC());
        this.verifier = new ChainVerifier(jdbc);
    }

    /**
     * Records one event. Must run inside the caller's transaction: no change goes unrecorded. Throws
     * {@link AuditUnavailableException} when the event cannot be written, which rolls the change back.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditEntry entry) {
        appender.append(entry);
    }

    /** The latest events about one service, newest first, for its history page. */
    @Transactional(readOnly = true)
    public List<AuditRecord> recentForService(String service, int limit) {
        return events.findByServiceOrderByIdDesc(service, Limit.of(limit)).stream()
                .map(AuditTrail::toRecord)
                .toList();
    }

    /** Walks the whole chain and names the first event whose stored hash does not match its content. */
    public ChainVerification verify() {
        return verifier.verify();
    }

    static AuditRecord toRecord(AuditEvent e) {
        return new AuditRecord(e.id(), e.occurredAt(), e.actor(), e.action(), e.targetType(), e.target(), e.team(),
                e.service(), e.environment(), e.details());
    }
}
