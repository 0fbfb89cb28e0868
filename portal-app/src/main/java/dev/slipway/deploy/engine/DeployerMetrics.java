package dev.slipway.deploy.engine;

import dev.slipway.deploy.requests.SyncQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The deployer's numbers for Prometheus ({@code /actuator/prometheus}): how long syncs take and how they
 * end, how deep and how old the job queue is, how many requests wait for approval and how many deployments
 * have drifted, and what drift passes did. Gauges read PostgreSQL, so every replica reports the same
 * cluster-wide value; one reading serves a scrape of all of them (cached for a few seconds).
 */
@Component
public class DeployerMetrics {

    private static final Duration READING_TTL = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final SyncQueue queue;
    private final JdbcTemplate jdbc;
    private Reading reading;

    /** One look at the database; NaN where it could not be read. */
    private record Reading(long takenAtNanos, double queueDepth, double oldestAgeSeconds, double pendingApprovals,
            double drifted) {}

    DeployerMetrics(MeterRegistry registry, SyncQueue queue, JdbcTemplate jdbc) {
        this.registry = registry;
        this.queue = queue;
        this.jdbc = jdbc;
        gauge("slipway.queue.depth", "Deployment jobs waiting for or undergoing a sync", null, Reading::queueDepth);
        gauge("slipway.queue.oldest.age", "Age of the oldest job in the queue", "seconds", Reading::oldestAgeSeconds);
        gauge("slipway.approvals.pending", "Deployment requests waiting for approval", null, Reading::pendingApprovals);
        gauge("slipway.deployments.drifted", "Deployments whose live objects differ from what was approved", null,
                Reading::drifted);
        // Every series exists from the start, so rates and alerts work before the first sync.
        List.of("SUCCEEDED", "FAILED", "RETRYING", "ABANDONED").forEach(this::syncTimer);
    }

    /** Records one finished sync attempt; {@code outcome} as in sync_runs (SUCCEEDED, FAILED, RETRYING, ABANDONED). */
    void syncFinished(Timer.Sample sample, String outcome) {
        sample.stop(syncTimer(outcome));
    }

    private Timer syncTimer(String outcome) {
        return Timer.builder("slipway.sync.duration")
                .description("Time from claiming a deployment job to recording its outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    Timer.Sample startSync() {
        return Timer.start(registry);
    }

    /** Counts what a drift pass attempt did: done, fenced, failed, busy (another replica), not_due. */
    public void driftPass(String outcome) {
        Counter.builder("slipway.drift.passes")
                .description("Drift pass attempts of this replica by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    private void gauge(String name, String description, String unit, ToDoubleFunction<Reading> value) {
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.reading()))
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    private synchronized Reading reading() {
        long now = System.nanoTime();
        if (reading == null || now - reading.takenAtNanos() > READING_TTL.toNanos()) {
            reading = read(now);
        }
        return reading;
    }

    private Reading read(long now) {
        try {
            SyncQueue.QueueDepth depth = queue.depth();
            return jdbc.queryForObject("select (select count(*) from deployment_requests where state = 'PENDING_APPROVAL'),"
                    + " (select count(*) from deployed_state where drift)", (rs, i) -> new Reading(now, depth.jobs(),
                    depth.oldestAgeSeconds(), rs.getLong(1), rs.getLong(2)));
        } catch (RuntimeException e) {
            // The database is away: report "unknown" rather than a misleading zero.
            return new Reading(now, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
    }
}
