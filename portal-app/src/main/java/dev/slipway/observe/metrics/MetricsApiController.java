package dev.slipway.observe.metrics;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/services/{name}/environments/{env}/metrics?window=15m} (docs/observe-metrics.md). The status page
 * refreshes its usage section from the same JSON at the page's own address (without {@code /api/v1}), because the
 * API is signed in per request (HTTP Basic, no session) and the page is signed in by its session.
 */
@RestController
class MetricsApiController {

    private final MetricsService metrics;

    MetricsApiController(MetricsService metrics) {
        this.metrics = metrics;
    }

    @GetMapping({"/api/v1/services/{name}/environments/{environment}/metrics",
            "/services/{name}/environments/{environment}/metrics"})
    ServiceMetrics metrics(@PathVariable String name, @PathVariable String environment,
            @RequestParam(required = false) String window) {
        return metrics.metrics(name, environment, MetricsWindow.parse(window));
    }

}
