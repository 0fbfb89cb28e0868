package dev.slipway.audit;

import dev.slipway.common.Page;
import dev.slipway.common.PageRequest;
import dev.slipway.common.Actor;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Pages of the audit trail: search with filters and paging, one event with its links, export, verification. */
@Controller
class AuditPageController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditSearch search;
    private final AuditExport export;
    private final AuditTrail trail;
    private final TeamDirectory teams;

    AuditPageController(AuditSearch search, AuditExport export, AuditTrail trail, TeamDirectory teams) {
        this.search = search;
        this.export = export;
        this.trail = trail;
        this.teams = teams;
    }

    @GetMapping("/audit")
    String search(Actor actor, @ModelAttribute("filter") AuditFilterForm filter, BindingResult result,
            @RequestParam(required = false) String cursor, Model model, HttpServletResponse response) {
        model.addAttribute("teams", visibleTeams(actor));
        model.addAttribute("actions", search.actions());
        model.addAttribute("exportCsv", filter.link("/audit/export", Map.of("format", "csv")));
        model.addAttribute("exportJsonl", filter.link("/audit/export", Map.of("format", "jsonl")));
        model.addAttribute("events", List.of());
        try {
            Page<AuditRow> page = search.page(AuditScope.of(actor), filter.toQuery(), PageRequest.DEFAULT_LIMIT,
                    AuditSearch.cursor(cursor));
            model.addAttribute("events", page.items().stream()
                    .map(row -> new EventLine(row, AuditLinks.subject(row.targetType(), row.target()),
                            AuditDetails.summary(row.details(), 4, 80)))
                    .toList());
            if (page.nextCursor() != null) {
                model.addAttribute("next", filter.link("/audit", Map.of("cursor", page.nextCursor())));
            }
        } catch (InvalidInputException e) {
            for (FieldProblem problem : e.problems()) {
                if (List.of("actor", "team", "service", "environment", "action", "from", "to", "q").contains(problem.field())) {
                    result.rejectValue(problem.field(), "invalid", problem.message());
                } else {
                    result.reject("invalid", problem.field() + " " + problem.message());
                }
            }
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        }
        return "audit/search";
    }

    @GetMapping("/audit/{id}")
    String event(Actor actor, @PathVariable long id, Model model) {
        AuditRow row = search.find(AuditScope.of(actor), id)
                .orElseThrow(() -> new NotFoundException("There is no audit event " + id + " that you may read."));
        JsonNode details = JSON.readTree(row.details());
        Integer previous = null;
        if (row.service() != null && row.environment() != null && details.path("request").isIntegralNumber()) {
            previous = search.revisionDeployedBefore(row.service(), row.environment(), details.path("request").asLong());
        }
        model.addAttribute("event", row);
        model.addAttribute("details", AuditDetails.lines(row.details()));
        model.addAttribute("links", AuditLinks.related(row, details, previous));
        return "audit/event";
    }

    /**
     * The page's export buttons: the same stream as the API, for a browser session. An invalid filter
     * goes back to the search page, which says what is wrong with it.
     */
    @GetMapping("/audit/export")
    void export(Actor actor, @RequestParam(required = false) String format,
            @ModelAttribute("filter") AuditFilterForm filter, HttpServletResponse response) throws IOException {
        ExportFormat exportFormat;
        AuditQuery query;
        try {
            exportFormat = ExportFormat.of(format);
            query = filter.toQuery();
        } catch (InvalidInputException e) {
            response.sendRedirect(filter.link("/audit", Map.of()));
            return;
        }
        AuditApiController.stream(export, actor, exportFormat, query, response);
    }

    @GetMapping("/audit/verify")
    String verifyForm(Actor actor) {
        requireAdmin(actor);
        return "audit/verify";
    }

    @PostMapping("/audit/verify")
    String verify(Actor actor, Model model) {
        requireAdmin(actor);
        model.addAttribute("result", trail.verify());
        return "audit/verify";
    }

    private List<String> visibleTeams(Actor actor) {
        return teams.teamSlugs().stream().filter(team -> actor.isMemberOrAdminOf(team)).toList();
    }

    private static void requireAdmin(Actor actor) {
        AuditAccess.requireMayVerify(actor);
    }

    /** A row of the results table with the page its subject lives on, if any. */
    record EventLine(AuditRow event, AuditLinks.Link subject, List<AuditDetails.Line> details) {}
}
