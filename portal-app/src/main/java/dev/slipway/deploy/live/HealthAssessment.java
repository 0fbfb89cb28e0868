package dev.slipway.deploy.live;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.deploy.live.WorkloadStatus.EventInfo;
import dev.slipway.deploy.live.WorkloadStatus.Health;
import dev.slipway.deploy.live.WorkloadStatus.HpaCondition;
import dev.slipway.deploy.live.WorkloadStatus.HpaInfo;
import dev.slipway.deploy.live.WorkloadStatus.PodInfo;
import dev.slipway.deploy.live.WorkloadStatus.Report;
import jakarta.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges the health of one service from what the cluster says about it. The Deployment's conditions only
 * turn bad at its progress deadline, ten minutes by default; its pods' container states say within seconds
 * that a container crash-loops, cannot pull its image or fails its readiness probe, and why. Pure: the
 * cluster is read elsewhere and the clock is a parameter, so every case is a unit test.
 */
final class HealthAssessment {

    /** How long a running pod may stay not ready before that counts as broken rather than still starting. */
    static final Duration READINESS_GRACE = Duration.ofSeconds(30);

    /** How long a crash or an OOM kill still counts; the kubelet itself resets its back-off after 10 minutes. */
    static final Duration RECENT_EXIT = Duration.ofMinutes(10);

    private static final int MESSAGE_LIMIT = 200;

    /** Waiting reasons of a container that will not start until someone changes something, in words. */
    private static final Map<String, String> CANNOT_START = Map.of(
            "ErrImagePull", "the image cannot be pulled",
            "ImagePullBackOff", "the image cannot be pulled",
            "ErrImageNeverPull", "the image is not on the node and its pull policy is Never",
            "InvalidImageName", "the image name is not valid",
            "CreateContainerConfigError", "its configuration cannot be used",
            "CreateContainerError", "the container cannot be created",
            "RunContainerError", "the container cannot be run");

    private HealthAssessment() {}

    /** What was read from the cluster, as the API server sent it. */
    record Observed(Optional<JsonObject> deployment, List<JsonObject> pods, Optional<JsonObject> autoscaler,
            List<JsonObject> events) {}

    /** What is wrong with one pod: how bad, how to order it among other problems (lower first), in words. */
    private record Finding(Health health, int rank, String words) {}

    /** One pod as shown, with what is wrong with it, and whether it counts for the service's health. */
    private record JudgedPod(PodInfo info, @Nullable Finding finding, boolean counts) {}

    static Report assess(String namespace, String service, Observed observed, Instant now) {
        List<EventInfo> events = events(service, observed.events());
        HpaInfo hpa = observed.autoscaler().map(HealthAssessment::autoscaling).orElse(null);
        boolean terminating = observed.pods().stream().anyMatch(HealthAssessment::terminating);
        Rollout rollout = observed.deployment().map(d -> Rollout.of(d, terminating)).orElse(null);
        List<JudgedPod> pods = observed.pods().stream()
                .map(pod -> judge(pod, observed.events(), rollout != null && rollout.underWay(), now))
                .sorted(Comparator.comparing(p -> p.info().name()))
                .toList();
        List<PodInfo> infos = pods.stream().map(JudgedPod::info).toList();
        if (rollout == null) {
            return new Report(Health.MISSING, "No Deployment " + service + " in " + namespace, 0, 0, 0, 0, infos, events, hpa);
        }
        Optional<JudgedPod> worst = pods.stream()
                .filter(p -> p.counts() && p.finding() != null)
                .min(Comparator.comparing((JudgedPod p) -> -rank(p.finding().health()))
                        .thenComparing(p -> p.finding().rank()));
        Health health = rollout.health();
        String summary = rollout.summary();
        if (worst.isPresent()) {
            Finding finding = worst.get().finding();
            summary = "Pod " + worst.get().info().name() + ": " + finding.words()
                    + (health == Health.DEGRADED ? "; " + rollout.summary() : "");
            health = worse(health, finding.health());
        } else if (health == Health.HEALTHY) {
            Optional<PodInfo> notReady = pods.stream().filter(p -> p.counts() && !p.info().ready()).map(JudgedPod::info)
                    .findFirst();
            if (notReady.isPresent()) {
                health = Health.PROGRESSING;
                summary = "Pod " + notReady.get().name() + ": not ready yet"
                        + (notReady.get().waitingReason() == null ? "" : " (" + notReady.get().waitingReason() + ")");
            }
        }
        return new Report(health, summary, rollout.desired(), rollout.ready(), rollout.updated(), rollout.available(),
                infos, events, hpa);
    }

    /** What the Deployment alone says: its conditions and replica counts. */
    private record Rollout(Health health, String summary, int desired, int ready, int updated, int available,
            boolean underWay) {

        static Rollout of(JsonObject deployment, boolean podsTerminating) {
            JsonObject spec = deployment.getAsJsonObject("spec");
            JsonObject status = deployment.getAsJsonObject("status");
            int desired = intOf(spec, "replicas", 1);
            int ready = intOf(status, "readyReplicas", 0);
            int updated = intOf(status, "updatedReplicas", 0);
            int available = intOf(status, "availableReplicas", 0);
            int replicas = intOf(status, "replicas", 0);
            long generation = longOf(deployment.getAsJsonObject("metadata"), "generation", 0);
            long observed = longOf(status, "observedGeneration", 0);
            boolean underWay = observed < generation || updated < desired || replicas > updated || podsTerminating
                    || intOf(status, "terminatingReplicas", 0) > 0;
            JsonObject progressing = condition(status, "Progressing");
            JsonObject replicaFailure = condition(status, "ReplicaFailure");
            if (replicaFailure != null && "True".equals(stringOf(replicaFailure, "status"))) {
                return new Rollout(Health.DEGRADED, messageOf(replicaFailure), desired, ready, updated, available, underWay);
            }
            if (progressing != null && "False".equals(stringOf(progressing, "status"))) {
                return new Rollout(Health.DEGRADED, messageOf(progressing), desired, ready, updated, available, underWay);
            }
            if (observed < generation) {
                return new Rollout(Health.PROGRESSING, "Waiting for the Deployment controller to observe generation "
                        + generation, desired, ready, updated, available, underWay);
            }
            if (replicas > updated && updated >= desired) {
                // Argo CD's rule too: the new pods are there, the old ones are still being taken down.
                int old = replicas - updated;
                return new Rollout(Health.PROGRESSING, old + (old == 1 ? " old replica is" : " old replicas are")
                        + " still being replaced", desired, ready, updated, available, underWay);
            }
            if (updated >= desired && ready >= desired && available >= desired && available >= updated) {
                return new Rollout(Health.HEALTHY, ready + "/" + desired + " replicas ready", desired, ready, updated,
                        available, underWay);
            }
            return new Rollout(Health.PROGRESSING, ready + "/" + desired + " replicas ready, " + updated + " updated",
                    desired, ready, updated, available, underWay);
        }
    }

    private static JudgedPod judge(JsonObject pod, List<JsonObject> events, boolean rollingOut, Instant now) {
        JsonObject metadata = pod.getAsJsonObject("metadata");
        JsonObject spec = objectOf(pod, "spec");
        JsonObject status = objectOf(pod, "status");
        String name = stringOf(metadata, "name");
        String phase = status.has("phase") ? stringOf(status, "phase") : "Pending";
        List<Container> containers = containers(spec, status);
        JsonObject readyCondition = condition(status, "Ready");
        boolean ready = readyCondition != null
                ? "True".equals(stringOf(readyCondition, "status"))
                : !containers.isEmpty() && containers.stream().filter(c -> !c.init()).allMatch(Container::ready);
        boolean ends = terminating(pod);
        boolean over = "Succeeded".equals(phase) || "Failed".equals(phase);

        Finding finding = null;
        Container focus = null;
        if (!ends && !over) {
            for (Container c : containers) {
                Finding f = c.hardFailure(now);
                if (f != null && (finding == null || f.rank() < finding.rank())) {
                    finding = f;
                    focus = c;
                }
            }
            JsonObject scheduled = condition(status, "PodScheduled");
            if (finding == null && scheduled != null && "False".equals(stringOf(scheduled, "status"))
                    && "Unschedulable".equals(stringOf(scheduled, "reason"))) {
                finding = new Finding(Health.DEGRADED, 3, "cannot be scheduled: " + shortened(stringOf(scheduled, "message")));
            }
            if (finding == null && !ready && "Running".equals(phase)) {
                for (Container c : containers) {
                    if (!c.init() && c.running() && !c.ready()) {
                        finding = notReady(name, c, readyCondition, events, rollingOut, now);
                        focus = c;
                        break;
                    }
                }
            }
        }
        String reason;
        if (finding != null) {
            reason = finding.words();
        } else if (ends) {
            reason = "is terminating";
        } else if ("Failed".equals(phase)) {
            reason = "failed" + (status.has("reason") ? " (" + stringOf(status, "reason") + ")" : "")
                    + (status.has("message") ? ": " + shortened(stringOf(status, "message")) : "");
        } else {
            reason = null;
        }
        Container shown = focus;
        String waitingReason = (shown != null && shown.waitingReason() != null ? Optional.of(shown)
                : containers.stream().filter(c -> c.waitingReason() != null).findFirst()).map(Container::waitingReason)
                .orElse(null);
        String lastTermination = (shown != null && shown.lastExit() != null ? Optional.of(shown)
                : containers.stream().filter(c -> !c.init() && c.lastExit() != null).findFirst())
                .map(c -> terminationWords(c.lastExit()))
                .orElse(null);
        int restarts = containers.stream().mapToInt(Container::restarts).sum();
        List<String> names = new ArrayList<>();
        for (JsonElement c : arrayOf(spec, "containers")) {
            names.add(stringOf(c.getAsJsonObject(), "name"));
        }
        PodInfo info = new PodInfo(name, phase, ready, restarts, spec.has("nodeName") ? stringOf(spec, "nodeName") : "",
                names, waitingReason, lastTermination, reason, instantOf(status, "startTime"));
        return new JudgedPod(info, finding, !ends && !over);
    }

    /**
     * A running container that is not ready: starting, or failing its readiness probe. Young, or while a rollout
     * is under way, that is progress; after the grace it is broken, since nothing will make it ready.
     */
    private static Finding notReady(String pod, Container container, @Nullable JsonObject readyCondition,
            List<JsonObject> events, boolean rollingOut, Instant now) {
        if (container.status().has("started") && !container.status().get("started").getAsBoolean()) {
            return new Finding(Health.PROGRESSING, 5, container.label() + " has not passed its startup probe yet");
        }
        Instant since = readyCondition == null ? null : instantOf(readyCondition, "lastTransitionTime");
        if (since == null) {
            since = container.runningSince();
        }
        boolean young = since == null || Duration.between(since, now).compareTo(READINESS_GRACE) < 0;
        Health health = young || rollingOut ? Health.PROGRESSING : Health.DEGRADED;
        String probe = readinessFailure(pod, events, since);
        return new Finding(health, 4, probe != null
                ? "readiness probe failing: " + probe
                : container.label() + " is running but not ready");
    }

    /** The latest "Readiness probe failed" event about the pod since it became not ready, if any. */
    private static @Nullable String readinessFailure(String pod, List<JsonObject> events, @Nullable Instant since) {
        JsonObject latest = null;
        Instant latestAt = null;
        for (JsonObject event : events) {
            JsonObject involved = objectOf(event, "involvedObject");
            String message = stringOf(event, "message");
            if (!pod.equals(stringOf(involved, "name")) || !"Unhealthy".equals(stringOf(event, "reason"))
                    || message == null || !message.startsWith("Readiness probe failed")) {
                continue;
            }
            Instant at = eventTime(event);
            if (since != null && at != null && at.isBefore(since.minusSeconds(1))) {
                continue;
            }
            if (latest == null || (at != null && (latestAt == null || at.isAfter(latestAt)))) {
                latest = event;
                latestAt = at;
            }
        }
        return latest == null ? null : shortened(stringOf(latest, "message"));
    }

    /** One container of a pod, its spec and its status together. */
    private record Container(String name, boolean init, @Nullable String image, @Nullable String memoryLimit,
            JsonObject status) {

        String label() {
            return (init ? "init container " : "container ") + name;
        }

        boolean ready() {
            return status.has("ready") && status.get("ready").getAsBoolean();
        }

        int restarts() {
            return intOf(status, "restartCount", 0);
        }

        @Nullable JsonObject state(String which) {
            JsonObject state = objectOf(status, "state");
            return state.has(which) && state.get(which).isJsonObject() ? state.getAsJsonObject(which) : null;
        }

        boolean running() {
            return state("running") != null;
        }

        @Nullable Instant runningSince() {
            JsonObject running = state("running");
            return running == null ? null : instantOf(running, "startedAt");
        }

        @Nullable String waitingReason() {
            JsonObject waiting = state("waiting");
            return waiting == null ? null : stringOf(waiting, "reason");
        }

        /** The container's current termination, or else its previous one. */
        @Nullable JsonObject lastExit() {
            JsonObject terminated = state("terminated");
            if (terminated != null) {
                return terminated;
            }
            JsonObject last = objectOf(status, "lastState");
            return last.has("terminated") && last.get("terminated").isJsonObject() ? last.getAsJsonObject("terminated") : null;
        }

        /** A problem that does not go away by waiting: bad image or configuration, crash loop, OOM kill. */
        @Nullable Finding hardFailure(Instant now) {
            JsonObject waiting = state("waiting");
            String waitingReason = waitingReason();
            JsonObject terminated = state("terminated");
            JsonObject exit = lastExit();
            if (waitingReason != null && CANNOT_START.containsKey(waitingReason)) {
                String message = waiting == null ? null : stringOf(waiting, "message");
                return new Finding(Health.DEGRADED, 0, label() + " (image " + (image == null ? "unknown" : image)
                        + ") cannot start: " + CANNOT_START.get(waitingReason) + " (" + waitingReason
                        + (message == null || message.isBlank() ? "" : ": " + shortened(message)) + ")");
            }
            boolean exitIsRecent = exit != null && (terminated != null || waiting != null || !ready()
                    || recent(instantOf(exit, "finishedAt"), now));
            if (exitIsRecent && "OOMKilled".equals(stringOf(exit, "reason"))) {
                List<String> details = new ArrayList<>(List.of("OOMKilled"));
                if (restarts() > 0) {
                    details.add(restartWords(restarts()));
                }
                if (memoryLimit != null) {
                    details.add("limit " + memoryLimit);
                }
                return new Finding(Health.DEGRADED, 2, label() + " was killed for exceeding its memory limit ("
                        + String.join(", ", details) + ")");
            }
            if ("CrashLoopBackOff".equals(waitingReason)) {
                return crashLoop("CrashLoopBackOff, ", exit);
            }
            boolean failed = exit != null && intOf(exit, "exitCode", 0) != 0;
            if (terminated != null && failed) {
                return restarts() == 0
                        ? new Finding(Health.DEGRADED, 1, label() + " exited (" + exitWords(terminated) + ")")
                        : crashLoop("", exit);
            }
            if (!init && running() && failed && recent(instantOf(exit, "finishedAt"), now)
                    && (!ready() || restarts() > 1)) {
                return crashLoop("", exit);
            }
            return null;
        }

        private Finding crashLoop(String state, @Nullable JsonObject exit) {
            return new Finding(Health.DEGRADED, 1, label() + " is crash-looping (" + state + restartWords(restarts())
                    + (exit == null ? "" : "; last exit: " + exitWords(exit)) + ")");
        }
    }

    private static List<Container> containers(JsonObject spec, JsonObject status) {
        List<Container> containers = new ArrayList<>();
        for (String[] kind : new String[][] {{"initContainers", "initContainerStatuses"}, {"containers", "containerStatuses"}}) {
            for (JsonElement element : arrayOf(status, kind[1])) {
                JsonObject containerStatus = element.getAsJsonObject();
                String name = stringOf(containerStatus, "name");
                JsonObject containerSpec = null;
                for (JsonElement c : arrayOf(spec, kind[0])) {
                    if (name != null && name.equals(stringOf(c.getAsJsonObject(), "name"))) {
                        containerSpec = c.getAsJsonObject();
                    }
                }
                String image = containerSpec != null && containerSpec.has("image") ? stringOf(containerSpec, "image")
                        : stringOf(containerStatus, "image");
                String memoryLimit = containerSpec == null ? null
                        : stringOf(objectOf(objectOf(containerSpec, "resources"), "limits"), "memory");
                containers.add(new Container(name == null ? "?" : name, kind[0].equals("initContainers"), image,
                        memoryLimit, containerStatus));
            }
        }
        return containers;
    }

    /** "Error (exit 1)", or just "OOMKilled", whose exit code says nothing more. */
    static String terminationWords(JsonObject terminated) {
        String reason = stringOf(terminated, "reason");
        if ("OOMKilled".equals(reason)) {
            return reason;
        }
        return (reason == null ? "Exited" : reason) + " (exit " + intOf(terminated, "exitCode", 0) + ")";
    }

    private static String exitWords(JsonObject terminated) {
        String reason = stringOf(terminated, "reason");
        return (reason == null ? "" : reason + ", ") + "code " + intOf(terminated, "exitCode", 0);
    }

    private static String restartWords(int restarts) {
        return restarts + (restarts == 1 ? " restart" : " restarts");
    }

    private static boolean recent(@Nullable Instant at, Instant now) {
        return at != null && Duration.between(at, now).compareTo(RECENT_EXIT) < 0;
    }

    static boolean terminating(JsonObject pod) {
        JsonObject metadata = objectOf(pod, "metadata");
        return metadata.has("deletionTimestamp") && !metadata.get("deletionTimestamp").isJsonNull();
    }

    private static Health worse(Health a, Health b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Health health) {
        return switch (health) {
            case HEALTHY -> 0;
            case PROGRESSING -> 1;
            case DEGRADED -> 2;
            case MISSING, UNKNOWN -> 3;
        };
    }

    /** The autoscaler's limits, where it stands, and CPU utilisation against its target (autoscaling/v2). */
    static HpaInfo autoscaling(JsonObject hpa) {
        JsonObject spec = objectOf(hpa, "spec");
        JsonObject status = objectOf(hpa, "status");
        Integer targetCpu = null;
        for (JsonElement metric : arrayOf(spec, "metrics")) {
            JsonObject resource = objectOf(metric.getAsJsonObject(), "resource");
            if ("cpu".equals(stringOf(resource, "name")) && objectOf(resource, "target").has("averageUtilization")) {
                targetCpu = intOf(objectOf(resource, "target"), "averageUtilization", 0);
            }
        }
        Integer currentCpu = null;
        for (JsonElement metric : arrayOf(status, "currentMetrics")) {
            JsonObject resource = objectOf(metric.getAsJsonObject(), "resource");
            if ("cpu".equals(stringOf(resource, "name")) && objectOf(resource, "current").has("averageUtilization")) {
                currentCpu = intOf(objectOf(resource, "current"), "averageUtilization", 0);
            }
        }
        List<HpaCondition> conditions = new ArrayList<>();
        for (JsonElement c : arrayOf(status, "conditions")) {
            JsonObject condition = c.getAsJsonObject();
            String message = stringOf(condition, "message");
            conditions.add(new HpaCondition(stringOf(condition, "type"), stringOf(condition, "status"),
                    message != null ? message : stringOf(condition, "reason")));
        }
        return new HpaInfo(intOf(spec, "minReplicas", 1), intOf(spec, "maxReplicas", 0),
                intOf(status, "currentReplicas", 0), intOf(status, "desiredReplicas", 0), currentCpu, targetCpu,
                conditions);
    }

    /** The 20 latest events about the service's objects (its Deployment, ReplicaSets and pods), newest first. */
    static List<EventInfo> events(String service, List<JsonObject> all) {
        List<EventInfo> events = new ArrayList<>();
        for (JsonObject event : all) {
            JsonObject involved = objectOf(event, "involvedObject");
            String objectName = involved.has("name") ? stringOf(involved, "name") : "";
            if (objectName == null || (!objectName.equals(service) && !objectName.startsWith(service + "-"))) {
                continue;
            }
            String lastSeen = stringOf(event, "lastTimestamp");
            if (lastSeen == null) {
                lastSeen = stringOf(event, "eventTime");
            }
            events.add(new EventInfo(stringOf(event, "type"), stringOf(event, "reason"),
                    (involved.has("kind") ? stringOf(involved, "kind") + "/" : "") + objectName,
                    stringOf(event, "message"), intOf(event, "count", 1), lastSeen == null ? "" : lastSeen));
        }
        events.sort(Comparator.comparing(EventInfo::lastSeen).reversed());
        return events.size() > 20 ? List.copyOf(events.subList(0, 20)) : events;
    }

    private static @Nullable Instant eventTime(JsonObject event) {
        Instant at = instantOf(event, "lastTimestamp");
        if (at == null) {
            at = instantOf(objectOf(event, "series"), "lastObservedTime");
        }
        if (at == null) {
            at = instantOf(event, "eventTime");
        }
        return at;
    }

    /** One line, short enough for a summary; the events and logs hold the rest. */
    private static String shortened(@Nullable String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip().replaceAll("\\s+", " ");
        return line.length() <= MESSAGE_LIMIT ? line : line.substring(0, MESSAGE_LIMIT) + "…";
    }

    private static @Nullable JsonObject condition(JsonObject status, String type) {
        for (JsonElement c : arrayOf(status, "conditions")) {
            if (type.equals(stringOf(c.getAsJsonObject(), "type"))) {
                return c.getAsJsonObject();
            }
        }
        return null;
    }

    private static String messageOf(JsonObject condition) {
        return List.of("reason", "message").stream()
                .map(k -> stringOf(condition, k))
                .filter(v -> v != null)
                .collect(Collectors.joining(": "));
    }

    private static JsonObject objectOf(@Nullable JsonObject object, String field) {
        return object != null && object.has(field) && object.get(field).isJsonObject()
                ? object.getAsJsonObject(field)
                : new JsonObject();
    }

    private static JsonArray arrayOf(@Nullable JsonObject object, String field) {
        return object != null && object.has(field) && object.get(field).isJsonArray()
                ? object.getAsJsonArray(field)
                : new JsonArray();
    }

    private static int intOf(@Nullable JsonObject object, String field, int fallback) {
        return object == null || !object.has(field) || object.get(field).isJsonNull() ? fallback
                : object.get(field).getAsInt();
    }

    private static long longOf(@Nullable JsonObject object, String field, long fallback) {
        return object == null || !object.has(field) || object.get(field).isJsonNull() ? fallback
                : object.get(field).getAsLong();
    }

    private static @Nullable String stringOf(@Nullable JsonObject object, String field) {
        return object != null && object.has(field) && object.get(field).isJsonPrimitive()
                ? object.get(field).getAsString()
                : null;
    }

    private static @Nullable Instant instantOf(@Nullable JsonObject object, String field) {
        String text = stringOf(object, field);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
