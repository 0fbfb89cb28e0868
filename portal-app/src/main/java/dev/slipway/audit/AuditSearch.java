package dev.slipway.audit;

import dev.slipway.common.Page;
import dev.slipway.common.InvalidInputException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Finds events for people: one page at a time, newest first, only what their scope lets them see. */
@Service
class AuditSearch {


    private final JdbcTemplate jdbc;

    private final DeployedRevisions deployedRevisions;

    AuditSearch(JdbcTemplate jdbc, DeployedRevisions deployedRevisions) {
        this.jdbc = jdbc;
        this.deployedRevisions = deployedRevisions;
    }

    /** Up to {@code limit} events older than {@code before} (null for the newest). */
    @Transactional(readOnly = true)
    Page<AuditRow> page(AuditScope scope, AuditQuery query, int limit, Long before) {
        List<String> teams = scope.teamsFor(query.team());
        IdRange ids = IdRange.of(jdbc, query);
        if (teams != null && teams.isEmpty() || ids == null) {
            return new Page<>(List.of(), null);
        }
        AuditSql select = AuditSql.select(query, teams, ids, before, limit + 1);
        List<AuditRow> rows = jdbc.query(select.sql(), (rs, i) -> AuditRow.read(rs), select.args().toArray());
        return Page.of(rows, limit, row -> String.valueOf(row.id()));
    }

    /** One event, if it exists and the scope may see it. */
    @Transactional(readOnly = true)
    Optional<AuditRow> find(AuditScope scope, long id) {
        return jdbc.query("select " + AuditSql.COLUMNS + " from audit_events where id = ?", (rs, i) -> AuditRow.read(rs),
                        id).stream()
                .filter(row -> scope.sees(row.team()))
                .findFirst();
    }

    /**
     * Every action name recorded so far, for the filter form. A loose index scan over (action, id): one
     * probe per distinct name, however many events there are.
     */
    @Transactional(readOnly = true)
    List<String> actions() {
        return jdbc.queryForList("with recursive a(action) as ("
                + " (select action from audit_events order by action limit 1)"
                + " union all select (select e.action from audit_events e where e.action > a.action order by e.action limit 1)"
                + " from a where a.action is not null)"
                + " select action from a where action is not null limit 500", String.class);
    }

    /**
     * The revision of {@code service} that was running in {@code environment} before deployment request
     * {@code requestId}, for the event page's spec diff. Asked of the deploy feature, which owns requests.
     */
    @Transactional(readOnly = true)
    Integer revisionDeployedBefore(String service, String environment, long requestId) {
        return deployedRevisions.revisionDeployedBefore(service, environment, requestId).orElse(null);
    }


    /** The cursor is the id of the last event of the previous page. */
    static Long cursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(cursor.strip());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below like any other cursor that was not handed out
        }
        throw new InvalidInputException("cursor", "must be a nextCursor value returned by a previous page");
    }
}
