package dev.slipway.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The one statement behind search, paging and export, newest first, shaped so that PostgreSQL reads
 * about a page of rows however large the trail is.
 *
 * <ul>
 *   <li>One equality filter drives the scan: it is written as a range with equal ends and the result is
 *       ordered by it and then by id. That order is exactly its (column, id) index read backwards, and
 *       the primary key cannot give it; with a plain "=" PostgreSQL may instead walk the primary key and
 *       filter, which reads the whole table when the value's events are all old.
 *   <li>A time range arrives as a range of ids ({@link IdRange}).
 *   <li>A person in several teams gets one branch per team, merged by id: a single scan of "team in (...)"
 *       would have to collect and sort all their teams' events.
 * </ul>
 */
record AuditSql(String sql, List<Object> args) {

    static final String COLUMNS = "id, occurred_at, actor, action, target_type, target, team, service, environment,"
            + " details::text as details, prev_hash, hash";

    /**
     * Events matching {@code query} among {@code teams} (null: no restriction by team; the query's own team
     * is not read here, the caller resolves it against the reader's scope), with ids in {@code ids} (its time
     * range), older than {@code before} when given, at most {@code limit} when given (null: all, for export).
     */
    static AuditSql select(AuditQuery query, List<String> teams, IdRange ids, Long before, Integer limit) {
        if (teams == null || teams.size() == 1) {
            List<Object> args = new ArrayList<>();
            String branch = branch(query, teams == null ? null : teams.get(0), ids, before, limit, args);
            return new AuditSql(branch, args);
        }
        List<Object> args = new ArrayList<>();
        List<String> branches = new ArrayList<>();
        for (String team : teams) {
            branches.add("(" + branch(query, team, ids, before, limit, args) + ")");
        }
        return new AuditSql("select * from (" + String.join(" union all ", branches) + ") e order by id desc"
                + (limit == null ? "" : " limit " + limit), args);
    }

    private static String branch(AuditQuery query, String team, IdRange ids, Long before, Integer limit,
            List<Object> args) {
        List<String> conditions = new ArrayList<>();
        String[][] filters = {
            {"service", query.service()}, {"actor", query.actor()}, {"team", team}, {"action", query.action()},
            {"environment", query.environment()}
        };
        String driving = null;
        for (String[] filter : filters) {
            if (filter[1] == null) {
                continue;
            }
            if (driving == null) {
                driving = filter[0];
                conditions.add(driving + " >= ? and " + driving + " <= ?");
                args.add(filter[1]);
            } else {
                conditions.add(filter[0] + " = ?");
            }
            args.add(filter[1]);
        }
        if (query.q() != null) {
            // Values only (keys would match every event with such a field), at any depth; no index serves
            // this, so it filters the rows the other conditions lead to, newest first, until a page is full.
            conditions.add("(target ilike ? escape '\\' or exists (select 1 from jsonb_path_query(details, 'strict $.**') v"
                    + " where jsonb_typeof(v) not in ('object', 'array') and v #>> '{}' ilike ? escape '\\'))");
            String pattern = "%" + likeEscaped(query.q()) + "%";
            args.add(pattern);
            args.add(pattern);
        }
        if (ids.atLeast() != null) {
            conditions.add("id >= ?");
            args.add(ids.atLeast());
        }
        if (ids.below() != null) {
            conditions.add("id < ?");
            args.add(ids.below());
        }
        if (before != null) {
            conditions.add("id < ?");
            args.add(before);
        }
        return "select " + COLUMNS + " from audit_events"
                + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
                + " order by " + (driving == null ? "" : driving + " desc, ") + "id desc"
                + (limit == null ? "" : " limit " + limit);
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
