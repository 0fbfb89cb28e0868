package dev.slipway.observe.timeline;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The whole timeline as a page of its own, paged with the cursor and filtered by source. The status page's live
 * panel shows only the newest entries (it is fetched again on every change, so it stays one small query); its
 * filter and "Older" links lead here, where the page a person reads does not move under them.
 */
@Controller
class TimelinePageController {

    static final int PAGE = 50;

    private final Timeline timeline;

    TimelinePageController(Timeline timeline) {
        this.timeline = timeline;
    }

    @GetMapping("/services/{name}/environments/{environment}/timeline")
    String timeline(@PathVariable String name, @PathVariable String environment,
            @RequestParam(required = false) String source, @RequestParam(required = false) String cursor, Model model) {
        Timeline.Source side = Timeline.Source.of(source);
        model.addAttribute("service", name);
        model.addAttribute("environment", environment);
        model.addAttribute("source", side.value());
        model.addAttribute("older", cursor != null && !cursor.isBlank());
        model.addAttribute("timeline", timeline.page(name, environment, side.value(), String.valueOf(PAGE), cursor));
        return "deploy/timeline";
    }
}
