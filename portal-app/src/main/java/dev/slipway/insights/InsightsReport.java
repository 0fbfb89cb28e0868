package dev.slipway.insights;

import java.util.List;
import java.util.Map;

/** Everything the insights page and API show for one filter. {@code team}/{@code environment} null: all visible. */
record InsightsReport(String team, String environment, Period period, DeliveryMetrics overall,
        Map<DeliveryMetrics.TeamEnvironment, DeliveryMetrics> byTeamAndEnvironment,
        List<DeliveryMetrics.WeekMetrics> weeks) {}
