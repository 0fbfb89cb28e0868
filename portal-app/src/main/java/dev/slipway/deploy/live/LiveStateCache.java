package dev.slipway.deploy.live;

import dev.slipway.clusters.ClusterService;
import dev.slipway.deploy.live.ClusterWatchLeases;
import io.kubernetes.client.openapi.ApiClient;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The live state of every registered cluster, from watches (docs/live-state.md). Each API server is
 * watched once per replica, however many clusters name it; a change to a pair's objects is passed on after
 * {@link LiveStateSettings#quiet()} without further change: as {@link LiveStateChanged} to pages, and to
 * {@link WatchDrift} where this replica holds the lease of the pair's cluster. A sync's commit notifies
 * ({@code slipway_synced}) every replica, which compares the pair again with what that sync applied; drift and
 * health recorded by the lease holder notify ({@code slipway_recorded}) the pages of every replica.
 */
@Component
public class LiveStateCache implements DisposableBean {

    static final String SYNCED_CHANNEL = "slipway_synced";
    static final String RECORDED_CHANNEL = "slipway_recorded";

    private static final Logger log = LoggerFactory.getLogger(LiveStateCache.class);

    private final ClusterService clusters;
    private final ClusterWatchLeases leases;
    private final ApplicationEventPublisher events;
    private final DataSource dataSource;
    private final LiveStateSettings settings;
    private final WatchDrift drift;
    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    /** Guarded by {@code this}: one state per API client, the client of each cluster name. */
    private final Map<ApiClient, ClusterLiveState> states = new IdentityHashMap<>();
    private final Map<String, ApiClient> clientOf = new HashMap<>();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** Pairs changed, with the time they last changed (nanoTime). */
    private final Map<ClusterLiveState.Pair, Long> dirty = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private ExecutorService comparing;
    /** Pairs waiting for a comparison because they changed (or a sync committed): compared first. */
    private final Set<ClusterLiveState.Pair> queued = ConcurrentHashMap.newKeySet();
    /** Pairs waiting for the catch-up comparison of a take-over or a relist: compared when nothing else waits. */
    private final Set<ClusterLiveState.Pair> catchingUp = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong order = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running;
    /** The one thread that listens; one left from before a quick halt and start sees it is no longer it and ends. */
    private volatile Thread listener;
    private final java.util.concurrent.atomic.AtomicInteger comparingNow = new java.util.concurrent.atomic.AtomicInteger();

    LiveStateCache(ClusterService clusters, ClusterWatchLeases leases, ApplicationEventPublisher events,
            DataSource dataSource, LiveStateSettings settings, WatchDrift drift) {
        this.clusters = clusters;
        this.leases = leases;
        this.events = events;
        this.dataSource = dataSource;
        this.settings = settings;
        this.drift = drift;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (!settings.enabled() || running) {
            return;
        }
        running = true;
        timer = Executors.newScheduledThreadPool(2, daemon("live-state"));
        // One comparison at a time, changes before catch-up: taking over a cluster compares every pair on it (thousands,
        // each possibly a full check), and an edit made meanwhile must not wait behind them.
        comparing = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new java.util.concurrent.PriorityBlockingQueue<>(), daemon("live-state-drift"));
        timer.scheduleWithFixedDelay(this::reconcileQuietly, 0, ClusterWatchLeases.RENEW_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::flush, 50, 25, TimeUnit.MILLISECONDS);
        Thread listener = new Thread(this::listenForSyncs, "live-state-synced");
        listener.setDaemon(true);
        this.listener = listener;
        listener.start();
    }

    @Override
    public void destroy() {
        Set<String> holding = new HashSet<>(held);
        halt();
        // Handing the leases back lets another replica take over at once instead of after TTL. Bounded: when
        // the database is already gone (a JVM shutting down), waiting for a connection would hold the exit.
        Thread release = new Thread(() -> holding.forEach(cluster -> {
            try {
                clusters.clusterId(cluster).ifPresent(id -> leases.release(id, owner));
            } catch (RuntimeException e) {
                // the lease runs out by itself
            }
        }), "live-state-release");
        release.setDaemon(true);
        release.start();
        try {
            release.join(Duration.ofSeconds(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops everything at once and keeps the leases, as a replica that is killed does (its leases run out by
     * themselves); {@link #start()} begins again.
     */
    synchronized void halt() {
        running = false;
        if (timer != null) {
            timer.shutdownNow();
            comparing.shutdownNow();
        }
        states.values().forEach(ClusterLiveState::stop);
        states.clear();
        clientOf.clear();
        queued.clear();
        catchingUp.clear();
        dirty.clear();
        held.clear();
    }

    /** The pair as the cache knows it; empty while the cluster has not been listed completely. */
    Optional<ClusterLiveState.PairView> view(String cluster, ClusterLiveState.Pair pair) {
        ClusterLiveState state = stateOf(cluster);
        if (state == null || !state.connection().synced()) {
            return Optional.empty();
        }
        return Optional.of(state.view(pair));
    }

    /** How the watches of a cluster fare; empty when the cache does not watch it (yet, or at all). */
    Optional<ClusterLiveState.Connection> connection(String cluster) {
        ClusterLiveState state = stateOf(cluster);
        return state == null ? Optional.empty() : Optional.of(state.connection());
    }

    /** Nothing changed waits to be passed on or compared (tests and the bench wait for this). */
    boolean idle() {
        return dirty.isEmpty() && queued.isEmpty() && catchingUp.isEmpty() && comparingNow.get() == 0;
    }

    /** Whether this replica acts for the cluster: drift, self-heal, health transitions. */
    boolean holdsLease(String cluster) {
        return held.contains(cluster);
    }

    /**
     * Whether this replica's watches of the cluster are failing: other features then say so instead of waiting for
     * a connection that times out. False while the cluster is not watched (yet) or its watches work.
     */
    public boolean unreachable(String cluster) {
        ClusterLiveState state = stateOf(cluster);
        return state != null && state.connection().failingSince() != null;
    }

    /** Whether this replica acts for the cluster (holds its lease): other features sample or record only then. */
    public boolean actsFor(String cluster) {
        return holdsLease(cluster);
    }

    private synchronized ClusterLiveState stateOf(String cluster) {
        ApiClient client = clientOf.get(cluster);
        return client == null ? null : states.get(client);
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("Live state: could not look at the registered clusters: {}", e.getMessage());
        }
    }

    /** Watches every registered cluster's API server, stops watching what is gone, renews leases. */
    void reconcile() {
        List<ClusterService.ClusterClient> registered = clusters.clients();
        Map<String, ApiClient> wanted = new HashMap<>();
        for (ClusterService.ClusterClient cluster : registered) {
            if (cluster.client() != null) {
                wanted.put(cluster.name(), cluster.client());
            }
        }
        synchronized (this) {
            clientOf.clear();
            clientOf.putAll(wanted);
            Set<ApiClient> inUse = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            inUse.addAll(wanted.values());
            for (var entry : new HashMap<>(wanted).entrySet()) {
                states.computeIfAbsent(entry.getValue(), client -> {
                    ClusterLiveState state = new ClusterLiveState(entry.getKey(), client, this::touched,
                            () -> listedAgain(client));
                    state.start();
                    return state;
                });
            }
            for (ApiClient client : new HashSet<>(states.keySet())) {
                if (!inUse.contains(client)) {
                    states.remove(client).stop();
                }
            }
        }
        // Only a replica that can reach a cluster acts for it.
        Set<Long> holding = leases.tryHoldAll(registered.stream().filter(c -> c.client() != null)
                .map(ClusterService.ClusterClient::id).toList(), owner, ClusterWatchLeases.TTL);
        for (ClusterService.ClusterClient cluster : registered) {
            boolean holds = holding.contains(cluster.id());
            if (holds && held.add(cluster.name())) {
                log.info("Live state: this replica now acts for cluster {}", cluster.name());
                ClusterLiveState state = stateOf(cluster.name());
                if (state != null && state.connection().synced()) {
                    // Taken over (or started): compare everything once, drift found meanwhile included. A state
                    // still listing does this itself once it has listed everything (listedAgain).
                    drift.pairsOf(cluster.name()).forEach(this::catchUpLater);
                }
            } else if (!holds && held.remove(cluster.name())) {
                log.info("Live state: another replica now acts for cluster {}", cluster.name());
            }
        }
        held.retainAll(registered.stream().map(ClusterService.ClusterClient::name).toList());
    }

    /**
     * Every kind of an API server has been listed (at start, or again after an outage): compare every pair
     * synced to clusters on it that this replica acts for, including pairs none of whose objects are left.
     */
    private void listedAgain(ApiClient client) {
        List<String> names;
        synchronized (this) {
            names = clientOf.entrySet().stream().filter(e -> e.getValue() == client).map(Map.Entry::getKey).toList();
        }
        for (String cluster : names) {
            if (held.contains(cluster)) {
                drift.pairsOf(cluster).forEach(this::catchUpLater);
            }
        }
    }

    private void touched(ClusterLiveState.Pair pair) {
        dirty.put(pair, System.nanoTime());
    }

    /** Passes on every pair that has been quiet for the settled time. */
    private void flush() {
        long now = System.nanoTime();
        long quiet = settings.quiet().toNanos();
        for (var entry : dirty.entrySet()) {
            if (now - entry.getValue() >= quiet && dirty.remove(entry.getKey(), entry.getValue())) {
                // Pages hear of it once compared: a drift found by the comparison then arrives with the change
                // itself, not as a second update a page may still be busy fetching the first for.
                compareLater(entry.getKey());
            }
        }
    }

    /**
     * Queues a comparison of the pair, ahead of any catch-up, unless one is queued already; the lease is checked
     * when it runs.
     */
    void compareLater(ClusterLiveState.Pair pair) {
        if (running && queued.add(pair)) {
            comparing.execute(new Comparison(pair, true, order.incrementAndGet()));
        }
    }

    /** Queues the catch-up comparison of a pair (take-over, relist): after every comparison of a change. */
    private void catchUpLater(ClusterLiveState.Pair pair) {
        if (running && catchingUp.add(pair)) {
            comparing.execute(new Comparison(pair, false, order.incrementAndGet()));
        }
    }

    /** One queued comparison; changes first, then in the order queued. */
    private final class Comparison implements Runnable, Comparable<Comparison> {

        private final ClusterLiveState.Pair pair;
        private final boolean change;
        private final long queuedAs;

        Comparison(ClusterLiveState.Pair pair, boolean change, long queuedAs) {
            this.pair = pair;
            this.change = change;
            this.queuedAs = queuedAs;
        }

        @Override
        public int compareTo(Comparison other) {
            return change != other.change ? (change ? -1 : 1) : Long.compare(queuedAs, other.queuedAs);
        }

        @Override
        public void run() {
            comparingNow.incrementAndGet();
            (change ? queued : catchingUp).remove(pair);
            try {
                // This replica's pages hear of the change once it is compared (so with any drift it found);
                // other replicas' pages hear of recorded drift through RECORDED_CHANNEL.
                drift.compare(pair, LiveStateCache.this);
            } catch (RuntimeException e) {
                log.warn("Live state: comparing {} in {} failed: {}", pair.service(), pair.environment(),
                        e.getMessage());
            } finally {
                publish(pair);
                comparingNow.decrementAndGet();
            }
        }
    }

    private void publish(ClusterLiveState.Pair pair) {
        try {
            events.publishEvent(new LiveStateChanged(pair.service(), pair.environment()));
        } catch (RuntimeException e) {
            log.warn("Live state: a listener failed on {}: {}", pair, e.getMessage());
        }
    }

    /**
     * LISTENs on {@value #SYNCED_CHANNEL} (a sync committed somewhere: compare its pair with what it applied)
     * and {@value #RECORDED_CHANNEL} (drift or health recorded by the lease holder: pages here show it).
     */
    private void listenForSyncs() {
        while (running && listener == Thread.currentThread()) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + SYNCED_CHANNEL);
                    statement.execute("listen " + RECORDED_CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running && listener == Thread.currentThread()) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        boolean synced = SYNCED_CHANNEL.equals(notification.getName());
                        drift.pairOfSync(notification.getParameter()).ifPresent(pair -> {
                            events.publishEvent(new LiveStateChanged(pair.service(), pair.environment()));
                            if (synced) {
                                compareLater(pair);
                            }
                        });
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                log.debug("Live state: listening for syncs failed, again in a second: {}", e.getMessage());
                try {
                    Thread.sleep(Duration.ofSeconds(1).toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
