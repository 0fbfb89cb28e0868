package dev.slipway.deploy.logs;

import dev.slipway.deploy.engine.ClusterObjects;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live tails open on this replica, at most {@code slipway.logs.max-streams} at once: each holds a connection
 * to the API server per container it follows, so a bound here is a bound there. A tail ends, and with it every
 * request it holds, when its reader goes away (a write fails; a comment every {@link #HEARTBEAT} makes sure one
 * is tried on a quiet tail too), when it times out, or when the application stops.
 */
@Component
class LogStreams implements DisposableBean {

    static final String LINE = "line";
    static final String NOTICE = "notice";
    static final Duration HEARTBEAT = Duration.ofSeconds(10);

    private final LogSettings settings;
    private final AtomicInteger openFollows = new AtomicInteger();
    private final Set<Open> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scans = Executors.newScheduledThreadPool(2, daemon("log-tail-scan"));
    // Apart from the scans, so a cluster slow to list its pods does not hold back the heartbeats of every tail.
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(daemon("log-tail-heartbeat"));
    private final ExecutorService follows = Executors.newCachedThreadPool(daemon("log-tail-follow"));

    LogStreams(LogSettings settings) {
        this.settings = settings;
    }

    /** Opens a tail; refused with {@link LogStreamsBusyException} when this replica has as many as it may. */
    SseEmitter open(ClusterObjects cluster, String namespace, Map<String, String> selector, @Nullable String query,
            @Nullable Instant resumeAfter) {
        SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
        Open stream = new Open(emitter);
        synchronized (open) {
            if (open.size() >= settings.maxStreams()) {
                throw new LogStreamsBusyException(settings.maxStreams());
            }
            open.add(stream);
        }
        LogTail tail = new LogTail(cluster, namespace, selector, query, resumeAfter, settings.maxContainersPerStream(),
                stream, openFollows, follows);
        stream.tail = tail;
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(e -> stream.close());
        // Said at once, so the reader knows the tail is open before any line arrives.
        if (!stream.send(SseEmitter.event().comment("open"))) {
            return emitter;
        }
        stream.scanning = scans.scheduleWithFixedDelay(tail::scan, 0, settings.podScan().toMillis(), TimeUnit.MILLISECONDS);
        stream.heartbeat = heartbeats.scheduleWithFixedDelay(() -> stream.send(SseEmitter.event().comment("heartbeat")),
                HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        if (stream.closed) {
            stream.close(); // closed while it was being set up: cancel what was just scheduled
        }
        return emitter;
    }

    /** Log requests held open against API servers right now, by all tails of this replica. */
    int openFollows() {
        return openFollows.get();
    }

    /** Tails open right now. */
    int openStreams() {
        return open.size();
    }

    /**
     * Ends every tail of this replica; also as soon as the replica begins to shut down, before the web server's
     * graceful shutdown would wait for these never-ending requests (the browsers reconnect elsewhere).
     */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        List.copyOf(open).forEach(stream -> {
            stream.close();
            stream.emitter.complete();
        });
    }

    @Override
    public void destroy() {
        closeAll();
        scans.shutdownNow();
        heartbeats.shutdownNow();
        follows.shutdownNow();
    }

    /** One tail and the stream it writes to; sends are serialised, so lines of two containers never interleave. */
    private final class Open implements LogTail.Sink {

        final SseEmitter emitter;
        volatile LogTail tail;
        volatile ScheduledFuture<?> scanning;
        volatile ScheduledFuture<?> heartbeat;
        volatile boolean closed;

        Open(SseEmitter emitter) {
            this.emitter = emitter;
        }

        @Override
        public boolean line(LogTail.LogLine line) {
            return send(SseEmitter.event().name(LINE).id(line.at() == null ? "" : line.at())
                    .data(line, MediaType.APPLICATION_JSON));
        }

        @Override
        public boolean notice(String text) {
            return send(SseEmitter.event().name(NOTICE).data(text, MediaType.TEXT_PLAIN));
        }

        synchronized boolean send(SseEmitter.SseEventBuilder event) {
            if (closed) {
                return false;
            }
            try {
                emitter.send(event);
                return true;
            } catch (IOException | IllegalStateException e) {
                // The reader went away: stop reading for it now rather than when the container notices.
                close();
                emitter.completeWithError(e);
                return false;
            }
        }

        void close() {
            closed = true;
            open.remove(this);
            if (scanning != null) {
                scanning.cancel(false);
            }
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            if (tail != null) {
                tail.close();
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
