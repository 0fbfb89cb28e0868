package dev.slipway.deploy;

import dev.slipway.deploy.live.LiveStateChanged;
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
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open status pages of this replica, per service and environment: each {@link LiveStateChanged} sends the
 * pages of its pair a {@value #EVENT} event, on which they fetch their panel again. A comment every
 * {@link #HEARTBEAT} keeps proxies from closing a quiet stream; after {@link #TIMEOUT} a stream ends and the
 * browser opens a new one.
 */
@Component
class LiveStatusStream implements DisposableBean {

    static final String EVENT = "status";
    static final Duration HEARTBEAT = Duration.ofSeconds(25);
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    private record Key(String service, String environment) {}

    private final Map<Key, Set<SseEmitter>> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "status-stream-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    LiveStatusStream() {
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new stream for one page of the pair; it is forgotten when it completes, times out or fails. */
    SseEmitter open(String service, String environment) {
        Key key = new Key(service, environment);
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        open.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(emitter);
        Runnable forget = () -> forget(key, emitter);
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
        Set<SseEmitter> emitters = open.get(new Key(change.service(), change.environment()));
        if (emitters == null) {
            return;
        }
        for (SseEmitter emitter : List.copyOf(emitters)) {
            send(new Key(change.service(), change.environment()), emitter,
                    SseEmitter.event().name(EVENT).data(change.service() + " " + change.environment()));
        }
    }

    /** How many pages of the pair listen now. */
    int listening(String service, String environment) {
        return open.getOrDefault(new Key(service, environment), Set.of()).size();
    }

    private void beat() {
        open.forEach((key, emitters) -> List.copyOf(emitters)
                .forEach(emitter -> send(key, emitter, SseEmitter.event().comment("heartbeat"))));
    }

    private void send(Key key, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            // The page went away: the container completes the emitter, which forgets it; forget it now anyway.
            forget(key, emitter);
            emitter.completeWithError(e);
        }
    }

    private void forget(Key key, SseEmitter emitter) {
        open.computeIfPresent(key, (k, emitters) -> {
            emitters.remove(emitter);
            return emitters.isEmpty() ? null : emitters;
        });
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        open.values().forEach(emitters -> emitters.forEach(SseEmitter::complete));
        open.clear();
    }
}
