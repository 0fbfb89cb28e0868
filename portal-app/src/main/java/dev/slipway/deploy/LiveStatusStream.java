package dev.slipway.deploy;

import dev.slipway.deploy.live.LiveStateChanged;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open live pages of this replica, each following a {@link Scope}: one service in one environment (its status
 * page), one service everywhere (the service page) or every service of one environment (the environment page).
 * Each {@link LiveStateChanged} sends the pages whose scope it falls in a {@value #EVENT} event, on which they fetch
 * their live part again. A comment every {@link #HEARTBEAT} keeps proxies from closing a quiet stream; after
 * {@link #TIMEOUT} a stream ends and the browser opens a new one.
 */
@Component
class LiveStatusStream implements DisposableBean {

    static final String EVENT = "status";
    static final Duration HEARTBEAT = Duration.ofSeconds(25);
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** What a page follows; null stands for every service, or every environment. */
    record Scope(@Nullable String service, @Nullable String environment) {

        static Scope pair(String service, String environment) {
            return new Scope(service, environment);
        }

        static Scope service(String service) {
            return new Scope(service, null);
        }

        static Scope environment(String environment) {
            return new Scope(null, environment);
        }

        /** The scopes a change falls in: its pair, its service and its environment. */
        static List<Scope> of(LiveStateChanged change) {
            return List.of(pair(change.service(), change.environment()), service(change.service()),
                    environment(change.environment()));
        }
    }

    private final Map<Scope, Set<SseEmitter>> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "status-stream-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    LiveStatusStream() {
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new stream for one page following the scope; it is forgotten when it completes, times out or fails. */
    SseEmitter open(Scope scope) {
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        open.computeIfAbsent(scope, k -> ConcurrentHashMap.newKeySet()).add(emitter);
        Runnable forget = () -> forget(scope, emitter);
        emitter.onCompletion(forget);
        emitter.onTimeout(forget);
        emitter.onError(e -> forget.run());
        try {
            // Said at once, so the browser knows the stream is open (and a test can wait for it).
            emitter.send(SseEmitter.event().comment("open"));
        } catch (IOException e) {
            forget.run();
        }
        return emitter;
    }

    @EventListener
    void changed(LiveStateChanged change) {
        for (Scope scope : Scope.of(change)) {
            for (SseEmitter emitter : List.copyOf(open.getOrDefault(scope, Set.of()))) {
                send(scope, emitter, SseEmitter.event().name(EVENT).data(change.service() + " " + change.environment()));
            }
        }
    }

    /** How many pages follow the scope now. */
    int listening(Scope scope) {
        return open.getOrDefault(scope, Set.of()).size();
    }

    private void beat() {
        open.forEach((scope, emitters) -> List.copyOf(emitters)
                .forEach(emitter -> send(scope, emitter, SseEmitter.event().comment("heartbeat"))));
    }

    private void send(Scope scope, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            // The page went away: the container completes the emitter, which forgets it; forget it now anyway.
            forget(scope, emitter);
            emitter.completeWithError(e);
        }
    }

    private void forget(Scope scope, SseEmitter emitter) {
        open.computeIfPresent(scope, (k, emitters) -> {
            emitters.remove(emitter);
            return emitters.isEmpty() ? null : emitters;
        });
    }

    /**
     * Ends every stream as soon as the replica begins to shut down, before the web server's graceful shutdown
     * waits for requests in flight: an open stream is one until it times out, so it would hold the shutdown for
     * the whole grace period. The browsers reconnect, to another replica when there is one.
     */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        open.values().forEach(emitters -> List.copyOf(emitters).forEach(SseEmitter::complete));
        open.clear();
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        closing();
    }
}
