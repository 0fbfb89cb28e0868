package dev.slipway.audit;

import dev.slipway.common.Page;
import dev.slipway.common.PageRequest;
import dev.slipway.common.Actor;
import jakarta.annotation.Nullable;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit trail over HTTP (docs/architecture.md, "REST API conventions"): search with keyset paging, streamed export, chain verification. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditApiController {

    private static final Logger log = LoggerFactory.getLogger(AuditApiController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditSearch search;
    private final AuditExport export;
    private final AuditTrail trail;

    AuditApiController(AuditSearch search, AuditExport export, AuditTrail trail) {
        this.search = search;
        this.export = export;
        this.trail = trail;
    }

    @GetMapping
    Page<Event> list(Actor actor, @RequestParam(name = "actor", required = false) String by, @RequestParam(required = false) String team,
            @RequestParam(required = false) String service, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String action, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) String q) {
        AuditQuery query = AuditQuery.of(by, team, service, environment, action, from, to, q);
        PageRequest page = PageRequest.of(limit, cursor);
        return search.page(AuditScope.of(actor), query, page.limit(), AuditSearch.cursor(page.cursor())).map(Event::of);
    }

    /** Streams every matching event as CSV or JSON Lines; nothing is collected in memory first. */
    @GetMapping("/export")
    void export(Actor actor, @RequestParam(required = false) String format,
            @RequestParam(name = "actor", required = false) String by, @RequestParam(required = false) String team,
            @RequestParam(required = false) String service, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String action, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String q,
            HttpServletResponse response) {
        stream(export, actor, ExportFormat.of(format), AuditQuery.of(by, team, service, environment, action, from, to, q),
                response);
    }

    @GetMapping("/verify")
    ChainVerification verify(Actor actor) {
        AuditAccess.requireMayVerify(actor);
        return trail.verify();
    }

    /** Shared by the API and the page's export buttons: checks first, then commits the response and streams. */
    static void stream(AuditExport export, Actor actor, ExportFormat format, AuditQuery query,
            HttpServletResponse response) {
        AuditScope scope = AuditScope.of(actor);
        scope.teamsFor(query.team());
        response.setContentType(format.contentType());
        response.setHeader("Content-Disposition", "attachment; filename=\"slipway-audit-"
                + Instant.now().toString().replace(":", "").replaceAll("\\.\\d+", "") + "." + format.extension() + "\"");
        response.setHeader("Cache-Control", "no-store");
        try {
            long rows = export.export(scope, query, format, response.getOutputStream());
            log.info("{} exported {} audit events as {}", actor.username(), rows, format.extension());
        } catch (IOException | UncheckedIOException e) {
            log.info("Audit export for {} stopped: the client went away ({})", actor.username(), e.getMessage());
        }
    }

    /** One event; {@code details} is the JSON object that was recorded. */
    record Event(long id, Instant occurredAt, String actor, String action, String targetType, String target,
            @Nullable String team, @Nullable String service, @Nullable String environment, JsonNode details,
            String prevHash, String hash) {

        static Event of(AuditRow row) {
            return new Event(row.id(), row.occurredAt(), row.actor(), row.action(), row.targetType(), row.target(),
                    row.team(), row.service(), row.environment(), JSON.readTree(row.details()), row.prevHash(),
                    row.hash());
        }
    }
}
