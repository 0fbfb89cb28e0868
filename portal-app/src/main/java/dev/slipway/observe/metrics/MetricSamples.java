package dev.slipway.observe.metrics;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The usage history in PostgreSQL ({@code metric_samples}): one row per sample of a service in an environment,
 * the total of its pods. Kept bounded here, where rows are written: see {@link #record}.
 */
@Component
class MetricSamples {

    /** One point of a series: the service's total at a time (an average when the series is thinned). */
    record Sample(Instant at, long cpuMillicores, long memoryBytes) {}

    private final JdbcTemplate jdbc;

    MetricSamples(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a sample and keeps the pair's history bounded in the same transaction: rows older than
     * {@code keepSince} and all but the newest {@code keepAtMost} go. Both deletes walk the primary key of this
     * one pair only, so the cost of a sample does not grow with the number of services.
     */
    @Transactional
    void record(long serviceId, long environmentId, Instant at, PodUsages.Total total, Instant keepSince,
            int keepAtMost) {
        jdbc.update("""
                insert into metric_samples (service_id, environment_id, sampled_at, cpu_millicores, memory_bytes, pods)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing
                """, serviceId, environmentId, Timestamp.from(at), total.cpuMillicores(), total.memoryBytes(),
                total.pods());
        jdbc.update("delete from metric_samples where service_id = ? and environment_id = ? and sampled_at < ?",
                serviceId, environmentId, Timestamp.from(keepSince));
        jdbc.update("""
                delete from metric_samples where service_id = ? and environment_id = ? and sampled_at <= (
                    select sampled_at from metric_samples where service_id = ? and environment_id = ?
                    order by sampled_at desc offset ? limit 1)
                """, serviceId, environmentId, serviceId, environmentId, keepAtMost);
    }

    /** Drops every row older than {@code keepSince}, also of pairs no longer sampled (undeployed, moved). */
    @Transactional
    int purge(Instant keepSince) {
        return jdbc.update("delete from metric_samples where sampled_at < ?", Timestamp.from(keepSince));
    }

    /**
     * The pair's samples since {@code since}, oldest first. With {@code bucket} longer than the sampling interval
     * each point is the average of one bucket, so a 24 h chart gets a few hundred points, not thousands.
     */
    @Transactional(readOnly = true)
    List<Sample> series(long serviceId, long environmentId, Instant since, Duration bucket) {
        if (bucket.isZero()) {
            return jdbc.query("""
                    select sampled_at, cpu_millicores, memory_bytes from metric_samples
                    where service_id = ? and environment_id = ? and sampled_at >= ? order by sampled_at
                    """, (rs, i) -> new Sample(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3)),
                    serviceId, environmentId, Timestamp.from(since));
        }
        long seconds = bucket.toSeconds();
        return jdbc.query("""
                select to_timestamp(floor(extract(epoch from sampled_at) / ?) * ?) as bucket,
                       round(avg(cpu_millicores)) as cpu, round(avg(memory_bytes)) as memory
                from metric_samples where service_id = ? and environment_id = ? and sampled_at >= ?
                group by bucket order by bucket
                """, (rs, i) -> new Sample(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3)),
                seconds, seconds, serviceId, environmentId, Timestamp.from(since));
    }

    @Transactional(readOnly = true)
    int count(long serviceId, long environmentId) {
        Integer n = jdbc.queryForObject("select count(*) from metric_samples where service_id = ? and environment_id = ?",
                Integer.class, serviceId, environmentId);
        return n == null ? 0 : n;
    }
}
