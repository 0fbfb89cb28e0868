package dev.slipway.deploy.logs;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.common.RootCause;
import dev.slipway.deploy.engine.ClusterObjects;
import dev.slipway.deploy.engine.KubernetesRejection;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One open live tail: every container of every pod of one service in one environment, followed at once (one
 * {@code follow=true} log request per container, each on a thread of its own). {@link #scan()} lists the pods
 * again and starts following new ones (a rollout, a scale-out) and containers that started again, and stops
 * following pods that are gone; {@link #close()} cancels every request, so nothing is left open on the API
 * server when the reader goes away.
 */
final class LogTail {

    /** Where lines and notices go; returns false when the reader is gone (the tail then closes). */
    interface Sink {
        boolean line(LogLine line);

        boolean notice(String text);
    }

    /** One line of one container: {@code at} is when the container wrote it (the kubelet's timestamp). */
    record LogLine(String pod, String container, String line, String at) {}

    /** Lines before the reader came, from each container the tail finds when it opens. */
    static final int FIRST_TAIL_LINES = 10;
    /** A pod found later, a container followed again or a resumed tail: from where the tail was, at most this many lines. */
    static final int LATER_POD_LINES = 1000;

    private final ClusterObjects cluster;
    private final OkHttpClient streaming;
    private final String namespace;
    private final Map<String, String> selector;
    private final @Nullable String query;
    private final @Nullable Instant resumeAfter;
    private final int maxContainers;
    private final Sink sink;
    private final AtomicInteger openFollows;
    private final ExecutorService threads;
    private final Instant openedAt = Instant.now();
    private final Map<String, Follow> follows = new ConcurrentHashMap<>();
    private final Set<String> said = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private boolean scanned;

    LogTail(ClusterObjects cluster, String namespace, Map<String, String> selector, @Nullable String query,
            @Nullable Instant resumeAfter, int maxContainers, Sink sink, AtomicInteger openFollows,
            ExecutorService threads) {
        this.cluster = cluster;
        // A followed log is a response that ends only when the container stops or the tail closes it.
        this.streaming = cluster.client().getHttpClient().newBuilder().readTimeout(Duration.ZERO).build();
        this.namespace = namespace;
        this.selector = selector;
        this.query = query == null || query.isEmpty() ? null : query.toLowerCase(Locale.ROOT);
        this.resumeAfter = resumeAfter;
        this.maxContainers = maxContainers;
        this.sink = sink;
        this.openFollows = openFollows;
        this.threads = threads;
    }

    /** Lists the service's pods and follows what is new; stops following what is gone. */
    synchronized void scan() {
        if (closed) {
            return;
        }
        List<JsonObject> pods;
        try {
            pods = cluster.listCore("pods", namespace, selector);
        } catch (KubernetesRejection | RuntimeException e) {
            sayOnce("list", "The pods cannot be listed: " + RootCause.describe(e) + " Trying again.");
            return;
        }
        said.remove("list");
        boolean first = !scanned;
        scanned = true;
        Set<String> present = new HashSet<>();
        for (JsonObject pod : pods) {
            String podName = pod.getAsJsonObject("metadata").get("name").getAsString();
            for (ContainerState container : containers(pod)) {
                String key = podName + "/" + container.name();
                present.add(key);
                if (!container.started()) {
                    continue;
                }
                Follow follow = follows.get(key);
                if (follow != null && (!follow.ended || !container.running() && container.id().equals(follow.containerId))) {
                    continue; // still following, or already read to the end of a container that stopped
                }
                if (follow == null && follows.size() >= maxContainers) {
                    sayOnce("max", "Following " + maxContainers + " containers, the most one tail follows;"
                            + " the others are left out (download the last lines to see them all).");
                    continue;
                }
                // A new tail starts with each container's last lines (or after what a reconnecting reader had);
                // a pod found later and a container followed again go on from where the tail was, bounded.
                Instant since;
                int tail;
                if (follow != null) {
                    since = follow.lastAt != null ? follow.lastAt : openedAt;
                    tail = LATER_POD_LINES;
                } else if (first) {
                    since = resumeAfter;
                    tail = resumeAfter != null ? LATER_POD_LINES : FIRST_TAIL_LINES;
                } else {
                    since = openedAt;
                    tail = LATER_POD_LINES;
                }
                Follow started = new Follow(podName, container.name(), container.id(), since, tail);
                follows.put(key, started);
                openFollows.incrementAndGet();
                threads.execute(started);
                if (closed) {
                    started.stop(); // closed while this scan ran, after close() looked at the follows
                }
            }
        }
        for (var entry : List.copyOf(follows.entrySet())) {
            if (!present.contains(entry.getKey())) {
                follows.remove(entry.getKey());
                entry.getValue().stop();
            }
        }
    }

    /** Stops every follow; each thread returns as its request is cancelled. */
    void close() {
        closed = true;
        follows.values().forEach(Follow::stop);
        follows.clear();
    }

    private void sayOnce(String key, String text) {
        if (said.add(key) && !sink.notice(text)) {
            close();
        }
    }

    record ContainerState(String name, String id, boolean running, boolean started) {}

    /** Init containers and containers with what their status says: which run (or ran) and as which instance. */
    static List<ContainerState> containers(JsonObject pod) {
        JsonObject status = pod.has("status") ? pod.getAsJsonObject("status") : new JsonObject();
        Map<String, JsonObject> statuses = new HashMap<>();
        for (String field : List.of("initContainerStatuses", "containerStatuses")) {
            if (status.has(field) && status.get(field).isJsonArray()) {
                for (JsonElement element : status.getAsJsonArray(field)) {
                    JsonObject s = element.getAsJsonObject();
                    statuses.put(s.get("name").getAsString(), s);
                }
            }
        }
        List<ContainerState> result = new ArrayList<>();
        JsonObject spec = pod.has("spec") ? pod.getAsJsonObject("spec") : new JsonObject();
        for (String field : List.of("initContainers", "containers")) {
            if (!spec.has(field) || !spec.get(field).isJsonArray()) {
                continue;
            }
            for (JsonElement element : (JsonArray) spec.get(field)) {
                String name = element.getAsJsonObject().get("name").getAsString();
                JsonObject s = statuses.get(name);
                JsonObject state = s != null && s.has("state") ? s.getAsJsonObject("state") : new JsonObject();
                JsonObject last = s != null && s.has("lastState") ? s.getAsJsonObject("lastState") : new JsonObject();
                // The instance whose log the kubelet serves: the running one, else the one that ended last (a
                // crash-looping container waits most of the time, and its log is that of its last run then).
                String id = null;
                if (state.has("running")) {
                    id = s.has("containerID") ? s.get("containerID").getAsString() : "running";
                }
                if (id == null) {
                    id = containerId(state, "terminated");
                }
                if (id == null) {
                    id = containerId(last, "terminated");
                }
                result.add(new ContainerState(name, id == null ? "" : id, state.has("running"), id != null));
            }
        }
        return result;
    }

    private static @Nullable String containerId(JsonObject state, String which) {
        if (!state.has(which) || !state.get(which).isJsonObject()) {
            return null;
        }
        JsonObject detail = state.getAsJsonObject(which);
        return detail.has("containerID") ? detail.get("containerID").getAsString() : null;
    }

    /** One container's log, followed on a thread of its own until it ends, fails or is stopped. */
    private final class Follow implements Runnable {

        final String pod;
        final String container;
        final String containerId;
        final @Nullable Instant since;
        final int tailLines;
        volatile @Nullable Instant lastAt;
        volatile boolean ended;
        private volatile boolean stopped;
        private volatile @Nullable Call call;

        Follow(String pod, String container, String containerId, @Nullable Instant since, int tailLines) {
            this.pod = pod;
            this.container = container;
            this.containerId = containerId;
            this.since = since;
            this.tailLines = tailLines;
            this.lastAt = since;
        }

        @Override
        public void run() {
            try {
                follow();
            } catch (IOException | ApiException | RuntimeException e) {
                if (!stopped && !closed) {
                    sayOnce("fail " + pod + "/" + container, "Stopped following " + pod + "/" + container + ": "
                            + RootCause.describe(e));
                }
            } finally {
                ended = true;
                openFollows.decrementAndGet();
            }
        }

        private void follow() throws IOException, ApiException {
            List<Pair> query = new ArrayList<>();
            query.add(new Pair("follow", "true"));
            query.add(new Pair("timestamps", "true"));
            query.add(new Pair("container", container));
            if (since != null) {
                // sinceTime counts whole seconds: lines of that second already sent are skipped below.
                query.add(new Pair("sinceTime", since.truncatedTo(ChronoUnit.SECONDS).toString()));
            }
            if (tailLines > 0) {
                query.add(new Pair("tailLines", String.valueOf(tailLines)));
            }
            ApiClient client = cluster.client();
            Request request = client.buildRequest(client.getBasePath(),
                    "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log", "GET", query, List.of(), null,
                    new HashMap<>(Map.of("Accept", "*/*")), new HashMap<>(), new HashMap<>(),
                    new String[] {"BearerToken"}, null);
            Call started = streaming.newCall(request);
            call = started;
            if (stopped) {
                return;
            }
            try (Response response = started.execute()) {
                if (!response.isSuccessful()) {
                    String body = response.body() == null ? "" : response.body().string();
                    throw new ApiException(response.code(), "HTTP " + response.code() + " "
                            + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
                }
                LogLineReader reader = new LogLineReader(response.body().byteStream());
                LogLineReader.Line line;
                while (!stopped && (line = reader.next()) != null) {
                    deliver(line);
                }
            }
        }

        private void deliver(LogLineReader.Line raw) {
            int space = -1;
            for (int i = 0; i < Math.min(raw.length(), 40); i++) {
                if (raw.bytes()[i] == ' ') {
                    space = i;
                    break;
                }
            }
            Instant at = null;
            int start = 0;
            if (space > 0) {
                try {
                    at = Instant.parse(new String(raw.bytes(), 0, space, StandardCharsets.US_ASCII));
                    start = space + 1;
                } catch (DateTimeParseException e) {
                    // not a timestamp: the whole line is text
                }
            }
            if (at != null) {
                Instant last = lastAt;
                if (last != null && !at.isAfter(last)) {
                    return; // sent already (sinceTime repeats the second it starts in)
                }
                lastAt = at;
            }
            byte[] rest = java.util.Arrays.copyOfRange(raw.bytes(), start, raw.length());
            String text = LogText.line(LogText.decode(rest, rest.length), raw.unread());
            if (query != null && !text.toLowerCase(Locale.ROOT).contains(query)) {
                return;
            }
            if (!sink.line(new LogLine(pod, container, text, at == null ? null : at.toString()))) {
                close();
            }
        }

        void stop() {
            stopped = true;
            Call current = call;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
