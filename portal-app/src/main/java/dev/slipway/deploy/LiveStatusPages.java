package dev.slipway.deploy;

import dev.slipway.common.Actor;
import dev.slipway.deploy.live.DriftReapply;
import dev.slipway.deploy.live.ObjectComparison;
import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.common.ConflictException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What makes the status, service and environment pages live: their event streams, one object live beside what was
 * approved (fetched when a node of the tree is opened), and the re-apply of what was approved.
 */
@Controller
class LiveStatusPages {

    private final LiveStatusStream stream;
    private final ObjectComparison comparison;
    private final DriftReapply reapply;
    private final CatalogService catalog;
    private final ClusterService clusters;

    LiveStatusPages(LiveStatusStream stream, ObjectComparison comparison, DriftReapply reapply, CatalogService catalog,
            ClusterService clusters) {
        this.stream = stream;
        this.comparison = comparison;
        this.reapply = reapply;
        this.catalog = catalog;
        this.clusters = clusters;
    }

    /** Server-sent events: {@value LiveStatusStream#EVENT} whenever anything of the pair changes on its cluster. */
    @GetMapping(value = "/services/{name}/environments/{environment}/status/stream",
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter stream(@PathVariable String name, @PathVariable String environment) {
        var service = catalog.requireService(name);
        var env = clusters.requireEnvironment(environment);
        return stream.open(LiveStatusStream.Scope.pair(service.name(), env.name()));
    }

    /** Server-sent events for the service page: {@value LiveStatusStream#EVENT} when the service changes anywhere. */
    @GetMapping(value = "/services/{name}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter serviceStream(@PathVariable String name) {
        return stream.open(LiveStatusStream.Scope.service(catalog.requireService(name).name()));
    }

    /** Server-sent events for the environment page: {@value LiveStatusStream#EVENT} when any service there changes. */
    @GetMapping(value = "/environments/{name}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter environmentStream(@PathVariable String name) {
        return stream.open(LiveStatusStream.Scope.environment(clusters.requireEnvironment(name).name()));
    }

    @GetMapping("/services/{name}/environments/{environment}/objects/{kind}/{object}")
    String object(@PathVariable String name, @PathVariable String environment, @PathVariable String kind,
            @PathVariable String object, Model model) {
        model.addAttribute("compared", comparison.compare(name, environment, kind, object));
        return "deploy/object :: compared";
    }

    @PostMapping("/services/{name}/environments/{environment}/reapply")
    String reapply(@PathVariable String name, @PathVariable String environment, Actor actor,
            RedirectAttributes redirect) {
        try {
            DriftReapply.Outcome outcome = reapply.reapply(actor, name, environment);
            redirect.addFlashAttribute("flash", outcome.message());
        } catch (ConflictException e) {
            redirect.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/services/" + name + "/environments/" + environment;
    }
}
