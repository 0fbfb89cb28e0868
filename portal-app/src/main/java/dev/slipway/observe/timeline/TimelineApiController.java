package dev.slipway.observe.timeline;

import dev.slipway.common.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service's timeline in an environment over HTTP (docs/observe-timeline.md): {@code {items, nextCursor}} like the audit
 * search, newest first; {@code source} (all, slipway, kubernetes) is an addition to the contract. Readable by
 * everyone signed in, like the status it sits beside.
 */
@RestController
@RequestMapping("/api/v1/services/{name}/environments/{environment}")
class TimelineApiController {

    private final Timeline timeline;

    TimelineApiController(Timeline timeline) {
        this.timeline = timeline;
    }

    @GetMapping("/timeline")
    Page<TimelineItem> timeline(@PathVariable String name, @PathVariable String environment,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String source) {
        return timeline.page(name, environment, source, limit, cursor);
    }
}
