package dev.slipway.deploy.logs;

import dev.slipway.common.Actor;
import dev.slipway.common.UpstreamFailureException;
import dev.slipway.deploy.engine.KubernetesRejection;
import dev.slipway.deploy.live.LiveStatusService;
import dev.slipway.deploy.live.WorkloadStatus;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The logs page: without {@code pod}, the live tail of every pod of the service (static/js/logs.js follows
 * {@code logs/stream}); with it, one pod's log or its previous container's, which works without script.
 */
@Controller
@RequestMapping("/services/{name}/environments/{environment}/logs")
class LogPageController {

    private final PodLogs logs;
    private final LiveStatusService live;

    LogPageController(PodLogs logs, LiveStatusService live) {
        this.logs = logs;
        this.live = live;
    }

    @GetMapping
    String page(@PathVariable String name, @PathVariable String environment, @RequestParam(required = false) String pod,
            @RequestParam(required = false) String container, @RequestParam(required = false) Integer tailLines,
            @RequestParam(defaultValue = "false") boolean previous, @RequestParam(required = false) String q,
            Model model, Actor actor) {
        model.addAttribute("service", name);
        model.addAttribute("environment", environment);
        if (pod == null || pod.isBlank()) {
            logs.requireReader(actor, name, environment);
            model.addAttribute("q", PodLogs.validQuery(q));
            List<WorkloadStatus.PodInfo> restarted = live.status(name, environment).pods().stream()
                    .filter(p -> p.restarts() > 0)
                    .toList();
            model.addAttribute("restarted", restarted);
            model.addAttribute("maxDownloadLines", PodLogs.MAX_DOWNLOAD_LINES);
            return "deploy/logs";
        }
        model.addAttribute("pod", pod);
        model.addAttribute("container", container);
        model.addAttribute("previous", previous);
        try {
            model.addAttribute("log", logs.podLog(actor, name, environment, pod, container, tailLines, previous));
        } catch (KubernetesRejection e) {
            throw new UpstreamFailureException(e.getMessage(), e);
        }
        return "deploy/pod-log";
    }

    @GetMapping("/stream")
    @ResponseBody
    SseEmitter stream(@PathVariable String name, @PathVariable String environment,
            @RequestParam(required = false) String q,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, Actor actor) {
        return logs.follow(actor, name, environment, q, lastEventId);
    }

    @GetMapping("/download")
    ResponseEntity<String> download(@PathVariable String name, @PathVariable String environment,
            @RequestParam(required = false) String lines, Actor actor) {
        return LogApiController.attachment(name, environment,
                LogApiController.lastLines(logs, actor, name, environment, lines));
    }

    @ExceptionHandler(LogStreamsBusyException.class)
    ResponseEntity<ProblemDetail> busy(LogStreamsBusyException e) {
        return LogApiController.busyProblem(e);
    }
}
