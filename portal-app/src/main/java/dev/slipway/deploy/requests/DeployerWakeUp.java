package dev.slipway.deploy.requests;

import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Wakes idle deployer threads of this process as soon as a job is queued, so an approval is picked
 * up at once; other processes find it on their next short poll.
 */
@Component
public class DeployerWakeUp {

    private final Object monitor = new Object();
    private long generation;

    public void signal() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    /** Waits until signalled or until {@code timeout} passes. */
    public void await(Duration timeout) throws InterruptedException {
        synchronized (monitor) {
            long seen = generation;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
