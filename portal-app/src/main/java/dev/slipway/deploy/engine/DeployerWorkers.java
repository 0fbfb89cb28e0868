package dev.slipway.deploy.engine;

import dev.slipway.deploy.requests.DeployerWakeUp;
import dev.slipway.deploy.requests.SyncQueue;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The deployer threads of this process. Each loops: claim a job, run it, and when the queue is empty
 * wait for a wake-up or a poll interval, so approved requests are picked up within a second. A thread
 * that claims a job wakes the idle ones, so a burst found by one poll is spread over all threads.
 * On shutdown threads finish the sync they are in (within a grace period, after which their jobs are
 * released); a job whose process dies is taken over when its lease expires.
 */
@Component
class DeployerWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeployerWorkers.class);

    private final SyncQueue queue;
    private final SyncExecutor executor;
    private final DeployerWakeUp wakeUp;
    private final DeployerSettings settings;
    private final String processId = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    DeployerWorkers(SyncQueue queue, SyncExecutor executor, DeployerWakeUp wakeUp, DeployerSettings settings) {
        this.queue = queue;
        this.executor = executor;
        this.wakeUp = wakeUp;
        this.settings = settings;
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("Deployer disabled (slipway.deployer.enabled=false)");
            return;
        }
        running = true;
        for (int i = 0; i < settings.workers(); i++) {
            String worker = processId + "#" + i;
            // Only the first thread polls at the poll interval; the others mostly wait to be woken, so
            // an idle process asks the database about once per interval, not once per thread.
            Duration idleWait = i == 0 ? settings.pollInterval() : settings.pollInterval().multipliedBy(8);
            Thread thread = new Thread(() -> loop(worker, idleWait), "deployer-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void loop(String worker, Duration idleWait) {
        while (running) {
            try {
                var job = queue.claim(worker, settings.lease());
                if (job.isPresent()) {
                    wakeUp.signal(); // there may be more: idle threads try to claim too
                    executor.run(job.get(), worker);
                } else {
                    wakeUp.await(idleWait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database may be restarting; keep the thread alive and try again shortly.
                log.warn("Deployer {} could not claim or run a job: {}", worker, e.getMessage());
                try {
                    TimeUnit.MILLISECONDS.sleep(Math.max(500, settings.pollInterval().toMillis()));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Lets each thread finish the sync it is in, for up to {@code slipway.deployer.shutdown-grace} in all;
     * the jobs of threads still busy after that are released to the other replicas.
     */
    @Override
    public void stop() {
        running = false;
        wakeUp.signal();
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        boolean allDone = true;
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            allDone &= !thread.isAlive();
        }
        if (!allDone) {
            try {
                int released = queue.releaseLeasesOf(processId);
                log.warn("Deployer stopping with syncs still running after {}; released {} job(s) to other replicas",
                        settings.shutdownGrace(), released);
            } catch (RuntimeException e) {
                log.warn("Could not release running jobs on shutdown; they are taken over when their leases expire: {}",
                        e.getMessage());
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stop after the web server so in-flight requests still see a running deployer. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
