package dev.slipway.deploy.live;

import dev.slipway.deploy.engine.ServerSideApplier;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.slipway.deploy.engine.OwnedFields;
import io.kubernetes.client.openapi.ApiClient;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What one cluster (one API server reached with one set of credentials) runs of Slipway's, kept up to date
 * by one {@link KindWatch} per {@link WatchedKind}. Objects Slipway applies are kept as their owned-fields
 * fingerprint (plus, for a Deployment and an autoscaler, the few fields health reads); ReplicaSets and pods
 * as compact copies; events only when they are about an object kept here. Every change names the
 * (namespace, service, environment) it touches to {@code touched}, from the watch's thread.
 * See docs/live-state.md.
 */
final class ClusterLiveState implements KindWatch.Listener {

    /** A service in an environment, as its objects' labels and namespace say. */
    record Pair(String namespace, String service, String environment) {}

    /** One object on the cluster. */
    record ObjectKey(String kind, String namespace, String name) {
        String key() {
            return kind + "/" + namespace + "/" + name;
        }
    }

    /** How the cluster's watches fare: {@code failure} is null while every kind is listed and watched. */
    record Connection(boolean synced, @Nullable String failure, @Nullable Instant failingSince,
            @Nullable Instant lastEventAt) {}

    /**
     * One pair as the cache knows it. {@code fingerprints} holds every object Slipway applies that is there now
     * (by {@link ObjectKey#key()}); the copies are compact and must not be changed.
     */
    record PairView(Pair pair, Optional<JsonObject> deployment, Optional<JsonObject> autoscaler,
            List<JsonObject> replicaSets, List<JsonObject> pods, List<JsonObject> events,
            Map<String, String> fingerprints) {}

    /** What is kept of one object. */
    private record Known(Pair pair, @Nullable String fingerprint, @Nullable JsonObject compact) {}

    private static final int EVENTS_PER_PAIR = 50;

    private final String name;
    private final ApiClient client;
    private final Consumer<Pair> touched;
    private final Runnable synced;
    private final Map<ObjectKey, Known> objects = new HashMap<>();
    private final Map<Pair, Set<ObjectKey>> byPair = new HashMap<>();
    private final Map<Pair, ArrayDeque<JsonObject>> events = new HashMap<>();
    private final Map<WatchedKind, String> failures = new EnumMap<>(WatchedKind.class);
    private final Set<WatchedKind> listed = java.util.EnumSet.noneOf(WatchedKind.class);
    private final List<KindWatch> watches = new ArrayList<>();
    private Instant failingSince;
    private Instant lastEventAt;

    /** {@code synced} runs each time every kind has been listed again (at start, after an outage). */
    ClusterLiveState(String name, ApiClient client, Consumer<Pair> touched, Runnable synced) {
        this.name = name;
        this.client = client;
        this.touched = touched;
        this.synced = synced;
    }

    ApiClient client() {
        return client;
    }

    void start() {
        for (WatchedKind kind : WatchedKind.values()) {
            KindWatch watch = new KindWatch(name, client, kind, this);
            watches.add(watch);
            Thread thread = new Thread(watch, "watch-" + name + "-" + kind.plural());
            thread.setDaemon(true);
            thread.start();
        }
    }

    void stop() {
        watches.forEach(KindWatch::stop);
    }

    @Override
    public void listed(WatchedKind kind, List<JsonObject> items) {
        Set<Pair> changed = new HashSet<>();
        boolean complete;
        synchronized (this) {
            boolean wasComplete = listed.size() == WatchedKind.values().length && failures.isEmpty();
            lastEventAt = Instant.now();
            failures.remove(kind);
            if (failures.isEmpty()) {
                failingSince = null;
            }
            listed.add(kind);
            if (kind == WatchedKind.EVENT) {
                events.clear();
                items.stream().sorted(Comparator.comparing(ClusterLiveState::eventTime)).forEach(e -> {
                    Pair pair = addEvent(e);
                    if (pair != null) {
                        changed.add(pair);
                    }
                });
            } else {
                Set<ObjectKey> seen = new HashSet<>();
                for (JsonObject item : items) {
                    ObjectKey key = keyOf(kind, item);
                    seen.add(key);
                    Pair pair = put(kind, key, item);
                    if (pair != null) {
                        changed.add(pair);
                    }
                }
                // Whatever was known of this kind and is not in the list went while the watch was away.
                for (ObjectKey gone : objects.keySet().stream()
                        .filter(k -> k.kind().equals(kind.kind()) && !seen.contains(k)).toList()) {
                    changed.add(remove(gone));
                }
            }
            complete = !wasComplete && listed.size() == WatchedKind.values().length && failures.isEmpty();
        }
        changed.forEach(touched);
        if (complete) {
            synced.run();
        }
    }

    @Override
    public void changed(WatchedKind kind, String type, JsonObject object) {
        Pair pair;
        synchronized (this) {
            lastEventAt = Instant.now();
            if (kind == WatchedKind.EVENT) {
                pair = "DELETED".equals(type) ? null : addEvent(object);
            } else if ("DELETED".equals(type)) {
                ObjectKey key = keyOf(kind, object);
                pair = objects.containsKey(key) ? remove(key) : null;
            } else {
                pair = put(kind, keyOf(kind, object), object);
            }
        }
        if (pair != null) {
            touched.accept(pair);
        }
    }

    @Override
    public void failed(WatchedKind kind, String reason) {
        synchronized (this) {
            failures.put(kind, reason);
            if (failingSince == null) {
                failingSince = Instant.now();
            }
        }
    }

    synchronized Connection connection() {
        return new Connection(listed.size() == WatchedKind.values().length, failures.values().stream().findFirst()
                .orElse(null), failingSince, lastEventAt);
    }

    /** Every pair that has at least one object here. */
    synchronized Set<Pair> pairs() {
        return new HashSet<>(byPair.keySet());
    }

    synchronized PairView view(Pair pair) {
        JsonObject deployment = null;
        JsonObject autoscaler = null;
        List<JsonObject> replicaSets = new ArrayList<>();
        List<JsonObject> pods = new ArrayList<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (ObjectKey key : byPair.getOrDefault(pair, Set.of())) {
            Known known = objects.get(key);
            if (known.fingerprint() != null) {
                fingerprints.put(key.kind() + "/" + key.namespace() + "/" + key.name(), known.fingerprint());
            }
            switch (key.kind()) {
                case "Deployment" -> deployment = key.name().equals(pair.service()) ? known.compact() : deployment;
                case "HorizontalPodAutoscaler" -> autoscaler = key.name().equals(pair.service()) ? known.compact() : autoscaler;
                case "ReplicaSet" -> replicaSets.add(known.compact());
                case "Pod" -> pods.add(known.compact());
                default -> {
                    // fingerprint only
                }
            }
        }
        return new PairView(pair, Optional.ofNullable(deployment), Optional.ofNullable(autoscaler), replicaSets, pods,
                List.copyOf(events.getOrDefault(pair, new ArrayDeque<>())), fingerprints);
    }

    /** Keeps what is needed of {@code object}; returns its pair when anything kept changed. */
    private @Nullable Pair put(WatchedKind kind, ObjectKey key, JsonObject object) {
        Pair pair = pairOf(key.namespace(), object);
        Known before = objects.get(key);
        if (pair == null) {
            // Slipway's managed-by label without its name and environment labels: not one of its services.
            return before == null ? null : remove(key);
        }
        Known now = new Known(pair, kind.managed().isPresent() ? OwnedFields.fingerprint(object, ServerSideApplier.FIELD_MANAGER) : null,
                compact(kind, object));
        if (now.equals(before)) {
            return null;
        }
        if (before != null && !before.pair().equals(pair)) {
            remove(key);
        }
        objects.put(key, now);
        byPair.computeIfAbsent(pair, p -> new HashSet<>()).add(key);
        return pair;
    }

    private Pair remove(ObjectKey key) {
        Known known = objects.remove(key);
        Set<ObjectKey> keys = byPair.get(known.pair());
        keys.remove(key);
        if (keys.isEmpty()) {
            byPair.remove(known.pair());
            events.remove(known.pair());
        }
        return known.pair();
    }

    /** Files an event under the pair of the object it is about; null when that object is not one kept here. */
    private @Nullable Pair addEvent(JsonObject event) {
        JsonObject involved = event.getAsJsonObject("involvedObject");
        if (involved == null || !involved.has("kind") || !involved.has("name")) {
            return null;
        }
        String namespace = involved.has("namespace") ? involved.get("namespace").getAsString() : "";
        Known about = objects.get(new ObjectKey(involved.get("kind").getAsString(), namespace,
                involved.get("name").getAsString()));
        if (about == null) {
            return null;
        }
        JsonObject compact = event.deepCopy();
        compact.getAsJsonObject("metadata").remove("managedFields");
        String uid = uidOf(compact);
        ArrayDeque<JsonObject> kept = events.computeIfAbsent(about.pair(), p -> new ArrayDeque<>());
        kept.removeIf(e -> uid != null && uid.equals(uidOf(e)));
        kept.addLast(compact);
        while (kept.size() > EVENTS_PER_PAIR) {
            kept.removeFirst();
        }
        return about.pair();
    }

    private static @Nullable String uidOf(JsonObject object) {
        JsonObject metadata = object.getAsJsonObject("metadata");
        return metadata != null && metadata.has("uid") ? metadata.get("uid").getAsString() : null;
    }

    private static String eventTime(JsonObject event) {
        for (String field : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
            if (event.has(field) && !event.get(field).isJsonNull()) {
                return event.get(field).getAsString();
            }
        }
        return "";
    }

    private static ObjectKey keyOf(WatchedKind kind, JsonObject object) {
        JsonObject metadata = object.getAsJsonObject("metadata");
        return new ObjectKey(kind.kind(), metadata.has("namespace") ? metadata.get("namespace").getAsString() : "",
                metadata.get("name").getAsString());
    }

    private static @Nullable Pair pairOf(String namespace, JsonObject object) {
        JsonObject labels = object.getAsJsonObject("metadata").getAsJsonObject("labels");
        if (labels == null || !labels.has(NAME_LABEL) || !labels.has(ENVIRONMENT_LABEL)) {
            return null;
        }
        return new Pair(namespace, labels.get(NAME_LABEL).getAsString(), labels.get(ENVIRONMENT_LABEL).getAsString());
    }

    private static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final String ENVIRONMENT_LABEL = "slipway.dev/environment";

    /**
     * What health reads of an object, and nothing of what it does not: no managed fields, no environment
     * values or volumes of pods (they may carry configuration), and of Slipway's own kinds only the two that
     * health looks at, without their pod template's environment.
     */
    static @Nullable JsonObject compact(WatchedKind kind, JsonObject object) {
        switch (kind) {
            case DEPLOYMENT, HORIZONTAL_POD_AUTOSCALER, REPLICA_SET, POD -> {
                JsonObject copy = new JsonObject();
                copy.addProperty("kind", kind.kind());
                JsonObject metadata = object.getAsJsonObject("metadata").deepCopy();
                metadata.remove("managedFields");
                copy.add("metadata", metadata);
                if (object.has("spec")) {
                    JsonObject spec = object.getAsJsonObject("spec").deepCopy();
                    JsonObject podSpec = kind == WatchedKind.POD ? spec : templateSpec(spec);
                    if (podSpec != null) {
                        podSpec.remove("volumes");
                        stripContainers(podSpec.getAsJsonArray("containers"));
                        stripContainers(podSpec.getAsJsonArray("initContainers"));
                    }
                    copy.add("spec", spec);
                }
                if (object.has("status")) {
                    copy.add("status", object.get("status").deepCopy());
                }
                return copy;
            }
            default -> {
                return null;
            }
        }
    }

    private static @Nullable JsonObject templateSpec(JsonObject spec) {
        JsonObject template = spec.getAsJsonObject("template");
        return template == null ? null : template.getAsJsonObject("spec");
    }

    private static void stripContainers(@Nullable JsonArray containers) {
        if (containers == null) {
            return;
        }
        for (JsonElement container : containers) {
            container.getAsJsonObject().remove("env");
            container.getAsJsonObject().remove("envFrom");
            container.getAsJsonObject().remove("volumeMounts");
        }
    }
}
