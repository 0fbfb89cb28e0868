package dev.slipway.observe.timeline;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.deploy.live.KubernetesEventsSeen;
import jakarta.annotation.Nullable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the Kubernetes events of each synced service in PostgreSQL (table {@code cluster_events}), as the holder
 * of the cluster's lease sees them in its live-state cache: one row per event, updated when it repeats, at most
 * {@link TimelineSettings#eventsPerService()} per pair and none older than the retention. An event already written
 * as it is now is not written again (the cache hands over all of a pair's events each time the pair changes).
 * See docs/observe-timeline.md.
 */
@Component
class ClusterEventLog {

    private static final Logger log = LoggerFactory.getLogger(ClusterEventLog.class);
    private static final int REMEMBERED = 20_000;

    /** One Kubernetes event as the timeline keeps it. */
    record ClusterEvent(String uid, Instant seenAt, Instant firstSeenAt, String type, String reason, String object,
            String message, int count) {}

    private final JdbcTemplate jdbc;
    private final TimelineSettings settings;
    private final TransactionTemplate tx;
    /** What was last written of each event (environment id and uid), so a pair's unchanged events cost nothing. */
    private final Map<String, ClusterEvent> written = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ClusterEvent> eldest) {
            return size() > REMEMBERED;
        }
    };

    ClusterEventLog(JdbcTemplate jdbc, TimelineSettings settings, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.tx = tx;
    }

    @EventListener
    void on(KubernetesEventsSeen seen) {
        List<ClusterEvent> events = new ArrayList<>();
        for (JsonObject event : seen.events()) {
            ClusterEvent parsed = parse(event);
            if (parsed != null) {
                events.add(parsed);
            }
        }
        try {
            record(seen.serviceId(), seen.environmentId(), events);
        } catch (RuntimeException e) {
            // The timeline loses these until the pair changes again; drift and health must go on regardless.
            log.info("Could not keep the events of service {} in environment {}: {}", seen.serviceId(),
                    seen.environmentId(), e.getMessage());
        }
    }

    /** Writes what is new or changed of {@code events}, then trims the pair to its bound; returns rows written. */
    int record(long serviceId, long environmentId, List<ClusterEvent> events) {
        List<ClusterEvent> fresh;
        synchronized (written) {
            fresh = events.stream().filter(e -> !e.equals(written.get(environmentId + "/" + e.uid()))).toList();
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        tx.executeWithoutResult(status -> write(serviceId, environmentId, fresh));
        synchronized (written) {
            fresh.forEach(e -> written.put(environmentId + "/" + e.uid(), e));
        }
        return fresh.size();
    }

    private void write(long serviceId, long environmentId, List<ClusterEvent> fresh) {
        Instant now = Instant.now();
        for (ClusterEvent e : fresh) {
            jdbc.update("""
                    insert into cluster_events (service_id, environment_id, uid, seen_at, first_seen_at, type, reason,
                                                object, message, count)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (environment_id, uid) do update set seen_at = greatest(cluster_events.seen_at,
                        excluded.seen_at), type = excluded.type, reason = excluded.reason, message = excluded.message,
                        count = greatest(cluster_events.count, excluded.count), service_id = excluded.service_id
                    """, serviceId, environmentId, e.uid(), Timestamp.from(placed(e.seenAt(), now)),
                    Timestamp.from(e.firstSeenAt()),
                    e.type(), e.reason(), e.object(), e.message(), e.count());
        }
        trim(serviceId, environmentId);
    }

    /**
     * When an event goes on the timeline. Most Kubernetes events are stamped to the whole second, which loses the
     * order between them and what Slipway did in that second (the ReplicaSet a sync scaled would show before the
     * sync). The watch saw the event no earlier than it happened, so within its second the moment it was seen is
     * the closer time; seen later (a relist, a slow watch) it is the end of that second, still no earlier than it
     * happened.
     */
    static Instant placed(Instant stamped, Instant seen) {
        if (stamped.getNano() != 0) {
            return stamped;
        }
        Instant endOfSecond = stamped.plusMillis(999);
        return seen.isBefore(stamped) ? stamped : seen.isAfter(endOfSecond) ? endOfSecond : seen;
    }

    /** Keeps the newest events of the pair within the bound and the retention. */
    private void trim(long serviceId, long environmentId) {
        jdbc.update("""
                delete from cluster_events where id in (
                    select id from cluster_events where service_id = ? and environment_id = ?
                    order by seen_at desc, id desc offset ?)
                  or (service_id = ? and environment_id = ? and seen_at < ?)
                """, serviceId, environmentId, settings.eventsPerService(), serviceId, environmentId,
                Timestamp.from(Instant.now().minus(settings.eventRetention())));
    }

    /** Drops events past the retention everywhere, also of pairs no longer watched; every replica may run it. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    @Transactional
    public int sweep() {
        return jdbc.update("delete from cluster_events where seen_at < ?",
                Timestamp.from(Instant.now().minus(settings.eventRetention())));
    }

    /** The event as the timeline keeps it; null when it lacks what makes it one (no uid, no object). */
    static @Nullable ClusterEvent parse(JsonObject event) {
        JsonObject metadata = object(event, "metadata");
        JsonObject involved = object(event, "involvedObject");
        String uid = metadata == null ? null : string(metadata, "uid");
        String kind = involved == null ? null : string(involved, "kind");
        String name = involved == null ? null : string(involved, "name");
        if (uid == null || kind == null || name == null) {
            return null;
        }
        JsonObject series = object(event, "series");
        Instant last = firstTime(event, "lastTimestamp", "eventTime", "firstTimestamp");
        if (last == null && metadata != null) {
            last = time(string(metadata, "creationTimestamp"));
        }
        if (last == null) {
            return null;
        }
        if (series != null) {
            Instant observed = time(string(series, "lastObservedTime"));
            last = observed != null && observed.isAfter(last) ? observed : last;
        }
        Instant first = firstTime(event, "firstTimestamp", "eventTime");
        int count = event.has("count") && event.get("count").isJsonPrimitive() ? event.get("count").getAsInt()
                : series != null && series.has("count") ? series.get("count").getAsInt() : 1;
        String type = string(event, "type");
        return new ClusterEvent(uid, last, first == null || first.isAfter(last) ? last : first,
                clip(type == null ? "Normal" : type, 16), clip(orEmpty(string(event, "reason")), 128),
                clip(kind + "/" + name, 320), SlipwayEntries.shorten(orEmpty(string(event, "message")).strip()),
                Math.max(1, count));
    }

    private static @Nullable Instant firstTime(JsonObject event, String... fields) {
        for (String field : fields) {
            Instant at = time(string(event, field));
            if (at != null) {
                return at;
            }
        }
        return null;
    }

    private static @Nullable Instant time(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static @Nullable JsonObject object(JsonObject parent, String field) {
        JsonElement value = parent.get(field);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }

    private static @Nullable String string(JsonObject parent, String field) {
        JsonElement value = parent.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }

    private static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
