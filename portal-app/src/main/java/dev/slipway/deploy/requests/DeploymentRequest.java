package dev.slipway.deploy.requests;

import dev.slipway.common.ConflictException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** A request to run one revision of a service in one environment; state changes only through its methods. */
@Entity
@Table(name = "deployment_requests")
public class DeploymentRequest {

    public static final String POLICY = "policy";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "service_id", nullable = false, updatable = false)
    private Long serviceId;

    @Column(nullable = false, updatable = false)
    private int revision;

    @Column(name = "environment_id", nullable = false, updatable = false)
    private Long environmentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RequestState state;

    @Column(name = "requested_by", nullable = false, updatable = false)
    private String requestedBy;

    @Column(name = "decided_by")
    private String decidedBy;

    /** The requester's reason; decisions keep their own comments (DecisionLog), so this never changes. */
    @Column(updatable = false)
    private String comment;

    @Column(name = "rendered_hash", columnDefinition = "bpchar(64)")
    private String renderedHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "synced_at")
    private Instant syncedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Who started this request outside its environment's windows, and why (docs/release-flow.md); null: nobody. */
    @Column(name = "window_override_by")
    private String windowOverrideBy;

    @Column(name = "window_override_reason")
    private String windowOverrideReason;

    @Column(name = "window_override_at")
    private Instant windowOverrideAt;

    /** The automatic rollback that undid this request (docs/auto-rollback.md). */
    @Column(name = "rolled_back_by")
    private Long rolledBackBy;

    /** The request this one rolls back; such a request is never rolled back itself. */
    @Column(name = "rollback_of", updatable = false)
    private Long rollbackOf;

    protected DeploymentRequest() {}

    public DeploymentRequest(Long serviceId, int revision, Long environmentId, String requestedBy, String comment,
            String renderedHash, Instant now) {
        this.serviceId = serviceId;
        this.revision = revision;
        this.environmentId = environmentId;
        this.requestedBy = requestedBy;
        this.comment = comment;
        this.renderedHash = renderedHash;
        this.state = RequestState.PENDING_APPROVAL;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * The automatic rollback of {@code failed}: {@code revision}, the last that was HEALTHY in the same environment,
     * requested by {@code requestedBy} (Slipway, not a person) and linked to the failed request.
     */
    public static DeploymentRequest rollbackOf(DeploymentRequest failed, int revision, String requestedBy,
            String comment, String renderedHash, Instant now) {
        DeploymentRequest rollback = new DeploymentRequest(failed.serviceId, revision, failed.environmentId, requestedBy,
                comment, renderedHash, now);
        rollback.rollbackOf = failed.id;
        return rollback;
    }

    /** An automatic rollback replaced this synced request with {@code rollbackId}. */
    public void rolledBack(long rollbackId, Instant now) {
        move(Set.of(RequestState.SYNCED), RequestState.ROLLED_BACK, now);
        rolledBackBy = rollbackId;
    }

    public void approve(String by, Instant now) {
        move(Set.of(RequestState.PENDING_APPROVAL), RequestState.APPROVED, now);
        decidedBy = by;
        decidedAt = now;
    }

    public void reject(String by, Instant now) {
        move(Set.of(RequestState.PENDING_APPROVAL), RequestState.REJECTED, now);
        decidedBy = by;
        decidedAt = now;
    }

    public void cancel(Instant now) {
        move(RequestState.WAITING, RequestState.CANCELLED, now);
    }

    /** Approved outside the environment's deployment windows: the deployer leaves it until one opens. */
    public void waitForWindow(Instant now) {
        move(Set.of(RequestState.APPROVED), RequestState.WAITING_FOR_WINDOW, now);
    }

    /** A window of the environment opened: back to the deployer's queue with the approval it had. */
    public void windowOpened(Instant now) {
        move(Set.of(RequestState.WAITING_FOR_WINDOW), RequestState.APPROVED, now);
    }

    /** A lead starts the request outside the windows, saying why; the deployer no longer checks the windows. */
    public void overrideWindow(String by, String reason, Instant now) {
        move(Set.of(RequestState.WAITING_FOR_WINDOW), RequestState.APPROVED, now);
        windowOverrideBy = by;
        windowOverrideReason = reason;
        windowOverrideAt = now;
    }

    /** Whether a lead let this request start outside the windows. */
    public boolean windowOverridden() {
        return windowOverrideBy != null;
    }

    public void supersede(Instant now) {
        move(RequestState.WAITING, RequestState.SUPERSEDED, now);
    }

    public void startSync(Instant now) {
        move(Set.of(RequestState.APPROVED, RequestState.SYNCING), RequestState.SYNCING, now);
    }

    public void synced(Instant now) {
        move(Set.of(RequestState.SYNCING), RequestState.SYNCED, now);
        syncedAt = now;
    }

    public void failed(Instant now) {
        move(Set.of(RequestState.SYNCING, RequestState.APPROVED), RequestState.FAILED, now);
    }

    /**
     * The deployer found that the approved objects would now render differently: the new objects wait
     * for a person's approval, and the earlier decision no longer counts.
     */
    public void requireApproval(String newHash, Instant now) {
        move(Set.of(RequestState.APPROVED, RequestState.SYNCING), RequestState.PENDING_APPROVAL, now);
        renderedHash = newHash;
        decidedBy = null;
        decidedAt = null;
    }

    /** Where the environment needs no approval, policy approves the objects as they render now. */
    public void reapproveByPolicy(String newHash, Instant now) {
        move(Set.of(RequestState.SYNCING), RequestState.SYNCING, now);
        renderedHash = newHash;
        decidedBy = POLICY;
        decidedAt = now;
    }

    /** Why this request cannot be {@code verb} (approved, rejected, cancelled) now; empty when it can. */
    public Optional<String> conflictFor(String verb, Set<RequestState> allowed) {
        if (allowed.contains(state)) {
            return Optional.empty();
        }
        String how = switch (state) {
            case APPROVED, REJECTED -> state + " by " + decidedBy + " at " + decidedAt;
            case SYNCING, SYNCED, FAILED -> state + " since " + updatedAt + " (approved by " + decidedBy + " at "
                    + decidedAt + ")";
            default -> state + " since " + updatedAt;
        };
        return Optional.of("Deployment request " + id + " is already " + how + "; it can no longer be "
                + verb + ". Nothing was changed.");
    }

    /** A person asks to try a failed request again: it goes back to the queue with the same approval. */
    public void retry(Instant now) {
        move(Set.of(RequestState.FAILED), RequestState.APPROVED, now);
    }

    private void move(Set<RequestState> from, RequestState to, Instant now) {
        if (!from.contains(state)) {
            throw new ConflictException("Deployment request " + id + " is " + state + "; it cannot become " + to + ".");
        }
        state = to;
        updatedAt = now;
    }

    public Long id() {
        return id;
    }

    public Long serviceId() {
        return serviceId;
    }

    public int revision() {
        return revision;
    }

    public Long environmentId() {
        return environmentId;
    }

    public RequestState state() {
        return state;
    }

    public String requestedBy() {
        return requestedBy;
    }

    String decidedBy() {
        return decidedBy;
    }

    String comment() {
        return comment;
    }

    public String renderedHash() {
        return renderedHash;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant decidedAt() {
        return decidedAt;
    }

    Instant syncedAt() {
        return syncedAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    public Long rolledBackBy() {
        return rolledBackBy;
    }

    public Long rollbackOf() {
        return rollbackOf;
    }
}
