package dev.slipway.deploy.logs;

import dev.slipway.common.Actor;
import dev.slipway.common.UpstreamFailureException;
import dev.slipway.deploy.engine.KubernetesRejection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The live tail of a service's pods ({@code text/event-stream}) and the download of their last lines. */
@RestController
@RequestMapping("/api/v1/services/{name}/environments/{environment}/logs")
class LogApiController {

    /** How long a refused tail should wait before trying again, in seconds. */
    static final int BUSY_RETRY_AFTER_SECONDS = 30;

    private final PodLogs logs;

    LogApiController(PodLogs logs) {
        this.logs = logs;
    }

    /**
     * Events {@code line}: {@code {pod, container, line, at}}; {@code notice}: what the tail says in words. Described
     * as what it is, a {@code text/event-stream}: the emitter type springdoc would infer is no body a caller sees.
     */
    @Operation(summary = "Follow the logs of every pod of the service", responses = @ApiResponse(responseCode = "200",
            description = "Server-sent events: `line` ({pod, container, line, at}) and `notice` (words)",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"))))
    @GetMapping("/stream")
    SseEmitter stream(@PathVariable String name, @PathVariable String environment,
            @RequestParam(required = false) String q,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId, Actor actor) {
        return logs.follow(actor, name, environment, q, lastEventId);
    }

    @GetMapping("/download")
    ResponseEntity<String> download(@PathVariable String name, @PathVariable String environment,
            @RequestParam(required = false) String lines, Actor actor) {
        return attachment(name, environment, lastLines(logs, actor, name, environment, lines));
    }

    @ExceptionHandler(LogStreamsBusyException.class)
    ResponseEntity<ProblemDetail> busy(LogStreamsBusyException e) {
        return busyProblem(e);
    }

    static String lastLines(PodLogs logs, Actor actor, String name,
            String environment, String lines) {
        try {
            return logs.lastLines(actor, name, environment, lines);
        } catch (KubernetesRejection e) {
            throw new UpstreamFailureException(e.getMessage(), e);
        }
    }

    static ResponseEntity<String> attachment(String name, String environment, String text) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name + "-" + environment + "-logs.txt").build().toString())
                .body(text);
    }

    static ResponseEntity<ProblemDetail> busyProblem(LogStreamsBusyException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Too many live log streams");
        problem.setType(URI.create("https://slipway.dev/problems/503"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(BUSY_RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
