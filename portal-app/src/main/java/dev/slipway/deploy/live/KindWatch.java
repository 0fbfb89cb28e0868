package dev.slipway.deploy.live;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slipway.common.RootCause;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * List, then watch, one kind on one cluster, for as long as it runs: what client-java's informers do,
 * without their object store (the cache keeps fingerprints and compact copies, not whole objects) and
 * with watch bookmarks, which its generic watch cannot ask for. A bookmark moves the resourceVersion on;
 * {@code 410 Gone} relists; a broken stream or an unreachable server relists after a backoff of up to
 * {@link #MAX_BACKOFF}, so anything that changed meanwhile, deletions included, is seen in the relist.
 */
final class KindWatch implements Runnable {

    /** What a watch reports, always from its own thread. */
    interface Listener {
        /** The complete current list of the kind: replaces whatever was known. */
        void listed(WatchedKind kind, List<JsonObject> items);

        /** One change: {@code ADDED}, {@code MODIFIED} or {@code DELETED}. */
        void changed(WatchedKind kind, String type, JsonObject object);

        /** The server could not be listed or watched; the watch retries by itself. */
        void failed(WatchedKind kind, String reason);
    }

    private static final Logger log = LoggerFactory.getLogger(KindWatch.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final int PAGE = 500;

    private final ApiClient client;
    private final OkHttpClient streaming;
    private final WatchedKind kind;
    private final Listener listener;
    private final String clusterName;
    private volatile boolean stopped;
    private volatile Call current;

    KindWatch(String clusterName, ApiClient client, WatchedKind kind, Listener listener) {
        this.clusterName = clusterName;
        this.client = client;
        // A watch is a response that never ends: no read timeout beyond the server's own (timeoutSeconds).
        this.streaming = client.getHttpClient().newBuilder().readTimeout(Duration.ofMinutes(12)).build();
        this.kind = kind;
        this.listener = listener;
    }

    @Override
    public void run() {
        Duration backoff = Duration.ofMillis(250);
        while (!stopped) {
            try {
                String resourceVersion = list();
                backoff = Duration.ofMillis(250);
                while (!stopped && resourceVersion != null) {
                    resourceVersion = watchFrom(resourceVersion);
                }
            } catch (IOException | ApiException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                String reason = e instanceof ApiException api ? "HTTP " + api.getCode() + " " + api.getMessage()
                        : RootCause.describe(e);
                listener.failed(kind, reason);
                log.debug("Watch of {} on {} broke: {}", kind.plural(), clusterName, reason);
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Ends the watch; its thread returns soon after. */
    void stop() {
        stopped = true;
        Call call = current;
        if (call != null) {
            call.cancel();
        }
    }

    /** Lists every page and hands the whole list over; returns the list's resourceVersion. */
    private String list() throws IOException, ApiException {
        List<JsonObject> items = new ArrayList<>();
        String continueToken = null;
        String resourceVersion;
        do {
            List<Pair> query = new ArrayList<>(selector());
            query.add(new Pair("limit", String.valueOf(PAGE)));
            if (continueToken != null) {
                query.add(new Pair("continue", continueToken));
            }
            JsonObject page;
            try (Response response = execute(client.getHttpClient(), query)) {
                if (!response.isSuccessful()) {
                    throw new ApiException(response.code(), "listing " + kind.plural() + ": " + body(response));
                }
                page = JsonParser.parseString(response.body().string()).getAsJsonObject();
            }
            for (JsonElement element : page.getAsJsonArray("items")) {
                // The items of a list carry no kind (the list does): give them theirs, as watch events have it.
                JsonObject item = element.getAsJsonObject();
                if (!item.has("kind")) {
                    item.addProperty("kind", kind.kind());
                }
                if (!item.has("apiVersion") && page.has("apiVersion")) {
                    item.add("apiVersion", page.get("apiVersion"));
                }
                items.add(item);
            }
            JsonObject metadata = page.getAsJsonObject("metadata");
            resourceVersion = metadata.get("resourceVersion").getAsString();
            continueToken = metadata.has("continue") ? metadata.get("continue").getAsString() : null;
        } while (continueToken != null && !continueToken.isEmpty());
        listener.listed(kind, items);
        return resourceVersion;
    }

    /**
     * Watches from {@code resourceVersion} until the server ends the stream; returns where to go on from, or
     * null when the resourceVersion is too old (410 Gone) and the kind must be listed again.
     */
    private String watchFrom(String resourceVersion) throws IOException, ApiException {
        List<Pair> query = new ArrayList<>(selector());
        query.add(new Pair("watch", "true"));
        query.add(new Pair("allowWatchBookmarks", "true"));
        query.add(new Pair("resourceVersion", resourceVersion));
        // As informers do: a random length between five and ten minutes, so many watches do not renew together.
        query.add(new Pair("timeoutSeconds", String.valueOf(300 + ThreadLocalRandom.current().nextInt(300))));
        String version = resourceVersion;
        try (Response response = execute(streaming, query)) {
            if (response.code() == 410) {
                return null;
            }
            if (!response.isSuccessful()) {
                throw new ApiException(response.code(), "watching " + kind.plural() + ": " + body(response));
            }
            BufferedSource source = response.body().source();
            while (!stopped) {
                String line = source.readUtf8Line();
                if (line == null) {
                    return version; // the server ended the watch (timeoutSeconds): watch again from here
                }
                if (line.isBlank()) {
                    continue;
                }
                JsonObject event = JsonParser.parseString(line).getAsJsonObject();
                String type = event.get("type").getAsString();
                JsonObject object = event.getAsJsonObject("object");
                if ("ERROR".equals(type)) {
                    int code = object.has("code") ? object.get("code").getAsInt() : 0;
                    if (code == 410) {
                        return null;
                    }
                    throw new ApiException(code, "watch of " + kind.plural() + " ended with an error: "
                            + (object.has("message") ? object.get("message").getAsString() : object.toString()));
                }
                JsonObject metadata = object.getAsJsonObject("metadata");
                if (metadata != null && metadata.has("resourceVersion")) {
                    version = metadata.get("resourceVersion").getAsString();
                }
                if (!"BOOKMARK".equals(type)) {
                    listener.changed(kind, type, object);
                }
            }
            return version;
        } catch (InterruptedIOException e) {
            if (stopped) {
                return null;
            }
            throw e;
        }
    }

    private List<Pair> selector() {
        return kind.labelSelector() == null ? List.of() : List.of(new Pair("labelSelector", kind.labelSelector()));
    }

    private Response execute(OkHttpClient http, List<Pair> query) throws IOException, ApiException {
        Request request = client.buildRequest(client.getBasePath(), kind.path(), "GET", query, List.of(), null,
                new HashMap<>(java.util.Map.of("Accept", "application/json")), new HashMap<>(), new HashMap<>(),
                new String[] {"BearerToken"}, null);
        Call call = http.newCall(request);
        current = call;
        return call.execute();
    }

    private static String body(Response response) throws IOException {
        String text = response.body() == null ? "" : response.body().string();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
