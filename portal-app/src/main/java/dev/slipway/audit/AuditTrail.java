package dev.slipway.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The audit trail: every state-changing action records an event here in its own transaction, so
 * the change and its record commit or roll back together, and a change whose record cannot be written
 * does not happen ({@link AuditUnavailableException}). Events form a hash chain; writers are
 * serialised by a transaction-scoped advisory lock so the chain never forks.
 *
 * <p>The events of a transaction are appended just before it commits, in the order they were recorded.
 * The advisory lock is held from the first append until the commit, so appending at the end keeps every
 * other writer waiting only for the commit, not for the rest of the caller's work (a deployment request
 * recorded its event first and then rendered, queued and read back while every other writer waited).
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
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            appender.append(entry);
            return;
        }
        pendingAppends().entries.add(entry);
    }

    /** The events of the current transaction not yet appended; suspended transactions keep their own. */
    private PendingAppends pendingAppends() {
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof PendingAppends pending && pending.owner == this) {
                return pending;
            }
        }
        PendingAppends pending = new PendingAppends(this);
        TransactionSynchronizationManager.registerSynchronization(pending);
        return pending;
    }

    /** Appends the transaction's events before it commits; an exception there rolls the transaction back. */
    private static final class PendingAppends implements TransactionSynchronization {

        private final AuditTrail owner;
        private final List<AuditEntry> entries = new ArrayList<>();

        PendingAppends(AuditTrail owner) {
            this.owner = owner;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            owner.appender.append(List.copyOf(entries));
            entries.clear();
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE; // after other work done before commit, so the lock is held least
        }
    }

    /** The latest events about one service, newest first, for its history page. */
    @Transactional(readOnly = true)
    /**
     * What the owning team did to the service: only events of that team, so a refusal of someone from another
     * team, or an event of an earlier service of the same name, does not show on its page.
     */
    public List<AuditRecord> recentForService(String service, String team, int limit) {
        return events.findByServiceAndTeamOrderByIdDesc(service, team, Limit.of(limit)).stream()
                .map(AuditTrail::toRecord)
                .toList();
    }

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
