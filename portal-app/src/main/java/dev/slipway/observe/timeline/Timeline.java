package dev.slipway.observe.timeline;

import dev.slipway.common.Page;
import dev.slipway.common.PageRequest;
import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.ReadModel;
import jakarta.annotation.Nullable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One timeline per service and environment: Slipway's own entries (the audit trail of the pair: requests,
 * decisions, syncs, failures, drift, health transitions) merged with the Kubernetes events the lease holder kept
 * ({@link ClusterEventLog}), newest first, a page at a time with a keyset cursor. One query per page.
 *
 * <p>A read model (docs/architecture.md): merging the audit trail's events of the pair with observe's own cluster
 * events into one keyset-ordered page is the point, which only one statement over both tables does; the audit
 * feature's own search cannot page a union with another table. It only reads; the ids of the service and the
 * environment come from the features that own them.
 */
@Service
@ReadModel(reads = {"audit_events"})
public class Timeline {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    /** Which side of the timeline to show. */
    public enum Source {
        ALL,
        SLIPWAY,
        KUBERNETES;

        static final String MESSAGE = "must be one of all, slipway, kubernetes (default all)";

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Source of(@Nullable String value) {
            if (value == null || value.isBlank()) {
                return ALL;
            }
            for (Source source : values()) {
                if (source.value().equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return source;
                }
            }
            throw new InvalidInputException("source", MESSAGE);
        }
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final CatalogService catalog;
    private final ClusterService clusters;

    Timeline(JdbcTemplate jdbc, JsonMapper json, CatalogService catalog, ClusterService clusters) {
        this.jdbc = jdbc;
        this.json = json;
        this.catalog = catalog;
        this.clusters = clusters;
    }

    /** A page as the API asks for it: names checked (404), parameters checked (naming the field). */
    @Transactional(readOnly = true)
    public Page<TimelineItem> page(String service, String environment, @Nullable String source, @Nullable String limit,
            @Nullable String cursor) {
        Source side = Source.of(source);
        int size = PageRequest.of(limit, cursor, DEFAULT_LIMIT, MAX_LIMIT).limit();
        TimelineCursor after = TimelineCursor.decode(cursor);
        catalog.requireService(service);
        clusters.requireEnvironment(environment);
        return read(service, environment, side, size, after);
    }

    /** The newest entries for the status page's live panel, which has checked the names already. */
    @Transactional(readOnly = true)
    public Page<TimelineItem> newest(String service, String environment, int limit) {
        return read(service, environment, Source.ALL, limit, null);
    }

    private Page<TimelineItem> read(String service, String environment, Source source, int limit,
            @Nullable TimelineCursor after) {
        List<Object> args = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        if (source != Source.KUBERNETES) {
            // Audit ids follow time (writers never let it go backwards along the chain), so id order is time order.
            args.add(service);
            args.add(environment);
            String keyset = "";
            if (after != null) {
                keyset = " and (a.occurred_at, 1, a.id) < (?, ?, ?)";
                addKeyset(args, after);
            }
            args.add(limit + 1);
            parts.add("(select a.occurred_at as at, 1 as rank, a.id, a.actor, a.action, a.target_type, a.target,"
                    + " a.details::text as details, null::text as type, null::text as reason, null::text as object,"
                    + " null::text as message, 1 as count from audit_events a where a.service = ? and a.environment = ?"
                    + keyset + " order by a.id desc limit ?)");
        }
        if (source != Source.SLIPWAY) {
            // Ids of names the catalog and the clusters feature own (-1: no such row, so no event).
            args.add(catalog.serviceId(service).orElse(-1L));
            args.add(clusters.environment(environment).map(e -> e.id()).orElse(-1L));
            String keyset = "";
            if (after != null) {
                keyset = " and (c.seen_at, 0, c.id) < (?, ?, ?)";
                addKeyset(args, after);
            }
            args.add(limit + 1);
            parts.add("(select c.seen_at as at, 0 as rank, c.id, null as actor, null as action, null as target_type,"
                    + " null as target, null as details, c.type, c.reason, c.object, c.message, c.count from cluster_events c where c.service_id = ?"
                    + " and c.environment_id = ?" + keyset
                    + " order by c.seen_at desc, c.id desc limit ?)");
        }
        args.add(limit + 1);
        List<Row> rows = jdbc.query("select * from (" + String.join(" union all ", parts) + ") t"
                + " order by at desc, rank desc, id desc limit ?", (rs, i) -> Row.read(rs), args.toArray());
        List<TimelineItem> items = rows.stream().limit(limit).map(this::item).toList();
        String next = rows.size() > limit ? rows.get(limit - 1).cursor().encode() : null;
        return new Page<>(items, next);
    }

    private static void addKeyset(List<Object> args, TimelineCursor after) {
        args.add(Timestamp.from(after.at()));
        args.add(after.rank());
        args.add(after.id());
    }

    private TimelineItem item(Row row) {
        if (row.rank() == TimelineCursor.SLIPWAY) {
            return SlipwayEntries.of(row.at().toInstant(), row.actor(), row.action(), row.targetType(), row.target(),
                    details(row.details()));
        }
        return new TimelineItem(row.at().toInstant(), TimelineItem.KUBERNETES, row.type(), row.object(), row.reason(),
                row.message(), null, "Warning".equals(row.type()), row.count());
    }

    private JsonNode details(String text) {
        try {
            return json.readTree(text == null ? "{}" : text);
        } catch (RuntimeException e) {
            return json.createObjectNode();
        }
    }


    private record Row(Timestamp at, int rank, long id, String actor, String action, String targetType, String target,
            String details, String type, String reason, String object, String message, int count) {

        static Row read(ResultSet rs) throws SQLException {
            return new Row(rs.getTimestamp("at"), rs.getInt("rank"), rs.getLong("id"), rs.getString("actor"),
                    rs.getString("action"), rs.getString("target_type"), rs.getString("target"),
                    rs.getString("details"), rs.getString("type"), rs.getString("reason"), rs.getString("object"),
                    rs.getString("message"), rs.getInt("count"));
        }

        TimelineCursor cursor() {
            return new TimelineCursor(at.toInstant(), rank, id);
        }
    }
}
