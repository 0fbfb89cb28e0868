package dev.slipway.deploy.live;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The passes of periodic loops across all replicas, in {@code periodic_passes}. A pass's row id is its
 * fencing token: before each write a pass checks, in the same transaction, that it is still the newest
 * pass of its loop and keeps a share lock on that row until the write commits. Beginning a pass takes
 * the exclusive lock on the previous newest row first, so it waits for such writes, and afterwards every
 * older pass finds itself fenced: a replica that stalled (GC, a frozen VM, a lost connection whose lock
 * another replica then took) cannot act on a world that has moved on.
 */
@Component
class PeriodicPasses {

    /** A running pass: its loop, its fencing token and the process that runs it. */
    record Pass(String loop, long token, String owner) {}

    private final JdbcTemplate jdbc;

    PeriodicPasses(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Begins a pass unless the newest pass of {@code loop} began less than {@code minimumGap} ago (then
     * another replica has done this interval's pass). Callers hold the loop's lock, so passes never overlap.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    Optional<Pass> begin(String loop, String owner, Duration minimumGap) {
        List<Boolean> tooSoon = jdbc.queryForList("select clock_timestamp() - started_at < make_interval(secs => ?)"
                + " from periodic_passes where loop_name = ? order by id desc limit 1 for update", Boolean.class,
                (double) minimumGap.toMillis() / 1000, loop);
        if (!tooSoon.isEmpty() && Boolean.TRUE.equals(tooSoon.get(0))) {
            return Optional.empty();
        }
        // The record only has to show recent passes; a week is plenty to look into a problem.
        jdbc.update("delete from periodic_passes where loop_name = ? and started_at < now() - interval '7 days'", loop);
        Long token = jdbc.queryForObject("insert into periodic_passes (loop_name, owner, started_at)"
                + " values (?, ?, clock_timestamp()) returning id", Long.class, loop, owner);
        return Optional.of(new Pass(loop, token, owner));
    }

    /**
     * The fencing check: true while {@code pass} is the newest pass of its loop. Holds a share lock on its
     * row until the caller's transaction ends, so no newer pass can begin before the caller's writes commit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean stillNewest(Pass pass) {
        List<Long> newest = jdbc.queryForList("select id from periodic_passes where loop_name = ?"
                + " order by id desc limit 1 for share", Long.class, pass.loop());
        return !newest.isEmpty() && newest.get(0) == pass.token();
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void end(Pass pass, String outcome, int checked) {
        jdbc.update("update periodic_passes set ended_at = clock_timestamp(), outcome = ?, checked = ? where id = ?",
                outcome, checked, pass.token());
    }
}
