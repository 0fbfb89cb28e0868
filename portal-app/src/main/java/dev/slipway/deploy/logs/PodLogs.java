package dev.slipway.deploy.logs;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.RootCause;
import dev.slipway.deploy.engine.ClusterObjects;
import dev.slipway.deploy.engine.DeploymentTarget;
import dev.slipway.deploy.engine.KubernetesRejection;
import dev.slipway.deploy.engine.Targets;
import dev.slipway.deploy.live.LiveStatusService;
import dev.slipway.deploy.render.SlipwayLabels;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Reading what the pods of a service print: one pod's log (or its previous container's), the live tail of all
 * of them, and the last lines of all of them as one file. Logs carry whatever the team's code prints, so only the
 * team's members and platform admins may read them (docs/observe-logs.md). Everything returned went through
 * {@link LogText}.
 */
@Service
public class PodLogs {

    /** The longest {@code q} of a live tail. */
    static final int MAX_QUERY = 200;
    /** The most lines one download holds. */
    static final int MAX_DOWNLOAD_LINES = 10_000;
    /** Read from one container for a download at most; a line is at most about 8 KiB once cleaned anyway. */
    private static final int DOWNLOAD_BYTES_PER_CONTAINER = 4 * 1024 * 1024;

    private final Targets targets;
    private final LiveStatusService live;
    private final LogStreams streams;
    private final LogSettings settings;

    PodLogs(Targets targets, LiveStatusService live, LogStreams streams, LogSettings settings) {
        this.targets = targets;
        this.live = live;
        this.streams = streams;
        this.settings = settings;
    }

    /** Whether the actor may read the logs of a service of {@code team}: its members and platform admins. */
    public boolean mayRead(Actor actor, String team) {
        return actor.isMemberOrAdminOf(team);
    }

    /** The tail of one pod's log, or of its previous container ({@link LiveStatusService#logs}), cleaned. */
    public String podLog(Actor actor, String service, String environment, String pod, @Nullable String container,
            @Nullable Integer tailLines, boolean previous) throws KubernetesRejection {
        requireReader(actor, targets.resolve(service, environment));
        return LogText.lines(live.logs(service, environment, pod, container, tailLines, previous));
    }

    /**
     * A status as this actor may see it: the previous containers' logs it carries cleaned, or left out for someone
     * who may not read the service's logs.
     */
    public LiveStatusService.EnvironmentStatus forReader(Actor actor, LiveStatusService.EnvironmentStatus status) {
        if (!mayRead(actor, targets.resolve(status.service(), status.environment()).service().team())) {
            return status.withPreviousLogs(List.of());
        }
        return status.withPreviousLogs(status.previousLogs().stream()
                .map(p -> new LiveStatusService.PreviousLog(p.pod(), p.container(), LogText.lines(p.tail())))
                .toList());
    }

    /**
     * A live tail of every container of every pod; {@code query} keeps only lines containing it (any case);
     * {@code lastEventId} (what the browser sends when it reconnects) resumes after the last line it had.
     */
    SseEmitter follow(Actor actor, String service, String environment, @Nullable String query,
            @Nullable String lastEventId) {
        DeploymentTarget target = targets.resolve(service, environment);
        requireReader(actor, target);
        String q = validQuery(query);
        Instant resumeAfter = null;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                resumeAfter = Instant.parse(lastEventId.strip());
            } catch (DateTimeParseException e) {
                resumeAfter = null; // not one of ours: start with the last lines as on a new tail
            }
        }
        return streams.open(cluster(target), target.namespace(),
                SlipwayLabels.pods(target.service().name(), target.environment().name()), q, resumeAfter);
    }

    /**
     * The last {@code lines} lines of all containers of all pods, merged by the time they were written, each as
     * {@code <time> <pod>/<container> <text>}. A container whose log cannot be read says so in a line of its own.
     */
    String lastLines(Actor actor, String service, String environment, @Nullable String lines) throws KubernetesRejection {
        DeploymentTarget target = targets.resolve(service, environment);
        requireReader(actor, target);
        int n = validLines(lines);
        ClusterObjects cluster = cluster(target);
        List<JsonObject> pods = cluster.listCore("pods", target.namespace(),
                SlipwayLabels.pods(target.service().name(), target.environment().name()));
        record Stamped(Instant at, String text) {}
        List<Stamped> all = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int containers = 0;
        for (JsonObject pod : pods) {
            String podName = pod.getAsJsonObject("metadata").get("name").getAsString();
            for (String container : containerNames(pod)) {
                if (++containers > settings.maxContainersPerStream()) {
                    unreadable.add(podName + "/" + container + ": left out, more than "
                            + settings.maxContainersPerStream() + " containers");
                    continue;
                }
                String log;
                try {
                    log = new CoreV1Api(cluster.client()).readNamespacedPodLog(podName, target.namespace())
                            .container(container).tailLines(n).timestamps(true)
                            .limitBytes(DOWNLOAD_BYTES_PER_CONTAINER).execute();
                } catch (ApiException e) {
                    unreadable.add(podName + "/" + container + ": not available (HTTP " + e.getCode() + ")");
                    continue;
                } catch (RuntimeException e) {
                    unreadable.add(podName + "/" + container + ": not available (" + RootCause.describe(e) + ")");
                    continue;
                }
                if (log == null) {
                    continue;
                }
                for (String raw : log.split("\n")) {
                    if (raw.isEmpty()) {
                        continue;
                    }
                    int space = raw.indexOf(' ');
                    Instant at = Instant.EPOCH;
                    String text = raw;
                    if (space > 0) {
                        try {
                            at = Instant.parse(raw.substring(0, space));
                            text = raw.substring(space + 1);
                        } catch (DateTimeParseException e) {
                            // a line without the kubelet's timestamp: keep it whole, first
                        }
                    }
                    all.add(new Stamped(at, at + " " + podName + "/" + container + " " + LogText.line(text)));
                }
            }
        }
        all.sort(Comparator.comparing(Stamped::at)); // stable: one container's lines keep their order
        StringBuilder out = new StringBuilder();
        for (String note : unreadable) {
            out.append("# ").append(LogText.line(note)).append('\n');
        }
        for (Stamped line : all.subList(Math.max(0, all.size() - n), all.size())) {
            out.append(line.text()).append('\n');
        }
        return out.toString();
    }

    /** {@code q}: at most {@value #MAX_QUERY} characters; blank means every line. */
    static @Nullable String validQuery(@Nullable String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > MAX_QUERY) {
            throw new InvalidInputException("q", "must be at most " + MAX_QUERY + " characters of plain text (it is "
                    + q.length() + ")");
        }
        if (q.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new InvalidInputException("q", "must be plain text on one line, without control characters");
        }
        return q;
    }

    /** {@code lines}: a whole number from 1 to {@value #MAX_DOWNLOAD_LINES}; 1,000 when not given. */
    static int validLines(@Nullable String lines) {
        int n;
        try {
            n = lines == null || lines.isBlank() ? 1000 : Integer.parseInt(lines.strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > MAX_DOWNLOAD_LINES) {
            throw new InvalidInputException("lines", "must be a whole number from 1 to " + MAX_DOWNLOAD_LINES);
        }
        return n;
    }

    /** Refuses (403, audited) an actor who may not read the logs of the service. */
    void requireReader(Actor actor, String service, String environment) {
        requireReader(actor, targets.resolve(service, environment));
    }

    private void requireReader(Actor actor, DeploymentTarget target) {
        if (!mayRead(actor, target.service().team())) {
            throw new AccessRefusedException("Only members of team '" + target.service().team()
                    + "' and platform admins may read the logs of its services.");
        }
    }

    private ClusterObjects cluster(DeploymentTarget target) {
        try {
            return targets.cluster(target);
        } catch (RuntimeException e) {
            throw new dev.slipway.common.UpstreamFailureException("The cluster of " + target.environment().name()
                    + " cannot be used: " + RootCause.describe(e), e);
        }
    }

    /** Init containers and containers that run or ran (a crash-looping one waits, its last run has a log). */
    private static List<String> containerNames(JsonObject pod) {
        JsonObject status = pod.has("status") ? pod.getAsJsonObject("status") : new JsonObject();
        List<String> names = new ArrayList<>();
        for (String field : List.of("initContainerStatuses", "containerStatuses")) {
            if (status.has(field) && status.get(field).isJsonArray()) {
                for (JsonElement element : status.getAsJsonArray(field)) {
                    JsonObject s = element.getAsJsonObject();
                    JsonObject state = s.has("state") ? s.getAsJsonObject("state") : new JsonObject();
                    JsonObject last = s.has("lastState") ? s.getAsJsonObject("lastState") : new JsonObject();
                    if (state.has("running") || state.has("terminated") || last.has("terminated")) {
                        names.add(s.get("name").getAsString());
                    }
                }
            }
        }
        return names;
    }
}
