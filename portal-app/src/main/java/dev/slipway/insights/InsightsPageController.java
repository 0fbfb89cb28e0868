package dev.slipway.insights;

import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.Actor;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.identity.IdentityService;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The insights page: the four metrics at a glance, a chart per week, and a row per team and environment. */
@Controller
class InsightsPageController {

    static final String DEPLOYED = "#198754";
    static final String FAILED = "#dc3545";
    static final String LEAD_TIME = "#0d6efd";
    private static final DateTimeFormatter WEEK_LABEL = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);

    private final InsightsService insights;
    private final IdentityService identity;
    private final ClusterService clusters;
    private final Clock clock = Clock.systemUTC();

    InsightsPageController(InsightsService insights, IdentityService identity, ClusterService clusters) {
        this.insights = insights;
        this.identity = identity;
        this.clusters = clusters;
    }

    @GetMapping("/insights")
    String page(Actor actor, @ModelAttribute("filter") InsightsFilterForm filter, BindingResult result, Model model,
            HttpServletResponse response) {
        model.addAttribute("teams", identity.teams().stream()
                .filter(team -> actor.isMemberOrAdminOf(team.slug())).toList());
        model.addAttribute("environments", clusters.environments().stream().map(EnvironmentView::name).toList());
        try {
            InsightsReport report = insights.report(actor, filter.team(), filter.environment(),
                    Period.of(filter.from(), filter.to(), Instant.now(clock)));
            model.addAttribute("report", report);
            model.addAttribute("overall", MetricsView.of(report.overall()));
            model.addAttribute("groups", report.byTeamAndEnvironment().entrySet().stream()
                    .map(e -> new GroupLine(e.getKey().team(), e.getKey().environment(), MetricsView.of(e.getValue())))
                    .toList());
            model.addAttribute("frequencyChart", frequencyChart(report.weeks()));
            model.addAttribute("leadTimeChart", leadTimeChart(report.weeks()));
        } catch (InvalidInputException e) {
            for (FieldProblem problem : e.problems()) {
                result.rejectValue(problem.field(), "invalid", problem.message());
            }
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        }
        return "insights/insights";
    }

    static BarChart frequencyChart(List<DeliveryMetrics.WeekMetrics> weeks) {
        List<BarChart.Column> columns = new ArrayList<>();
        for (DeliveryMetrics.WeekMetrics week : weeks) {
            columns.add(new BarChart.Column(WEEK_LABEL.format(week.week().from()), List.of(
                    new BarChart.Segment(week.metrics().deployments(), DEPLOYED, "deployed"),
                    new BarChart.Segment(week.metrics().failures(), FAILED, "failed"))));
        }
        return BarChart.of("Deployments per week", columns, "");
    }

    static BarChart leadTimeChart(List<DeliveryMetrics.WeekMetrics> weeks) {
        List<BarChart.Column> columns = new ArrayList<>();
        for (DeliveryMetrics.WeekMetrics week : weeks) {
            Long seconds = week.metrics().medianLeadTimeSeconds();
            columns.add(new BarChart.Column(WEEK_LABEL.format(week.week().from()), List.of(
                    new BarChart.Segment(seconds == null ? 0 : seconds, LEAD_TIME, "median lead time"))));
        }
        return BarChart.ofDurations("Median lead time per week", columns);
    }

    /** The filter form; times are UTC, and empty means the last twelve weeks. */
    record InsightsFilterForm(String team, String environment, String from, String to) {}

    /** A row of the per-team table. */
    record GroupLine(String team, String environment, MetricsView metrics) {}
}
