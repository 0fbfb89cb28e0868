package dev.slipway.deploy.requests;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The deployer's job queue in PostgreSQL. Jobs are claimed with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so any number of Slipway processes can run deployers, and a crashed one's job is taken over
 * once its lease expires. Per service and environment only the oldest job can be claimed, and only
 * when no other job of that pair holds a live lease: one sync at a time, in request order.
 */
@Component
public class SyncQueue {

    /** A claimed job; {@code leaseOwner} is unique per claim and fences every later write. */
    public record ClaimedJob(long requestId, long serviceId, long environmentId, int attempt, String leaseOwner) {}

    private static final String CLAIM = """
            with candidate as (
                select j.request_id from sync_jobs j
                where j.available_at <= now()
                  and (j.lease_expires_at is null or j.lease_expires_at < now())
                  and not exists (
                      select 1 from sync_jobs o
                      where o.service_id = j.service_id and o.environment_id = j.environment_id
                        and o.request_id <> j.request_id
                        and (o.request_id < j.request_id or o.lease_expires_at > now()))
                order by j.request_id
                limit 1
                for update skip locked)
            update sync_jobs s
               set lease_owner = ?, lease_expires_at = now() + make_interval(secs => ?), attempts = s.attempts + 1
              from candidate
             where s.request_id = candidate.request_id
            returning s.request_id, s.service_id, s.environment_id, s.attempts
            """;

    private final JdbcTemplate jdbc;

    SyncQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(long requestId, long serviceId, long environmentId) {
        jdbc.update("insert into sync_jobs (request_id, service_id, environment_id) values (?, ?, ?)"
                + " on conflict (request_id) do update set available_at = now(), attempts = 0,"
                + " lease_owner = null, lease_expires_at = null", requestId, serviceId, environmentId);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void remove(long requestId) {
        jdbc.update("delete from sync_jobs where request_id = ?", requestId);
    }

    @Transactional
    public Optional<ClaimedJob> claim(String worker, Duration lease) {
        String owner = worker + "/" + UUID.randomUUID();
        List<ClaimedJob> claimed = jdbc.query(CLAIM, (rs, i) -> new ClaimedJob(rs.getLong(1), rs.getLong(2),
                rs.getLong(3), rs.getInt(4), owner), owner, (double) lease.toMillis() / 1000);
        return claimed.stream().findFirst();
    }

    /** Extends a lease still held; false when it was lost (expired and taken over). */
    @Transactional
    public boolean renew(ClaimedJob job, Duration lease) {
        return jdbc.update("update sync_jobs set lease_expires_at = now() + make_interval(secs => ?)"
                + " where request_id = ? and lease_owner = ?", (double) lease.toMillis() / 1000, job.requestId(),
                job.leaseOwner()) == 1;
    }

    /** Ends the job; false when the lease was lost, so the caller must not record an outcome. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean complete(ClaimedJob job) {
        return jdbc.update("delete from sync_jobs where request_id = ? and lease_owner = ?", job.requestId(),
                job.leaseOwner()) == 1;
    }

    /** Releases the lease and makes the job claimable again after {@code delay}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean retryLater(ClaimedJob job, Duration delay) {
        return jdbc.update("update sync_jobs set lease_owner = null, lease_expires_at = null,"
                + " available_at = now() + make_interval(secs => ?) where request_id = ? and lease_owner = ?",
                (double) delay.toMillis() / 1000, job.requestId(), job.leaseOwner()) == 1;
    }

    /** Whether this claim still holds the lease (fencing check before acting on the cluster). */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean stillHeld(ClaimedJob job) {
        return !jdbc.queryForList("select request_id from sync_jobs where request_id = ? and lease_owner = ?"
                + " and lease_expires_at > now() for update", Long.class, job.requestId(), job.leaseOwner()).isEmpty();
    }

    /**
     * Gives up the leases this process still holds (on shutdown, after the grace period): the jobs become
     * claimable at once, and the fencing checks of the threads that held them now fail.
     */
    @Transactional
    public int releaseLeasesOf(String processId) {
        return jdbc.update("update sync_jobs set lease_owner = null, lease_expires_at = null, available_at = now()"
                + " where starts_with(lease_owner, ?)", processId + "#");
    }

    @Transactional(readOnly = true)
    public QueueDepth depth() {
        return jdbc.queryForObject("select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)"
                + " from sync_jobs", (rs, i) -> new QueueDepth(rs.getLong(1), rs.getDouble(2)));
    }

    public record QueueDepth(long jobs, double oldestAgeSeconds) {}
}
