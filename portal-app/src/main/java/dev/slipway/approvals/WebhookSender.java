package dev.slipway.approvals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox's deliveries in a background thread. A delivery is claimed with
 * {@code FOR UPDATE SKIP LOCKED}, its next attempt time pushed out as a lease, so any number of
 * Slipway processes can send and a crashed sender's delivery is picked up again. A failed attempt
 * is tried again with exponential backoff until the settings' maximum, then the delivery is FAILED
 * with the last error. A webhook URL may hold a credential: it is never logged.
 */
@Component
class WebhookSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private static final String CLAIM = """
            update webhook_deliveries d
               set attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ?)
             where d.id = (select id from webhook_deliveries
                            where state = 'PENDING' and next_attempt_at <= now()
                            order by next_attempt_at, id
                            limit 1
                            for update skip locked)
            returning d.id, d.team_id, d.payload::text, d.attempts
            """;

    private record Claimed(long id, long teamId, String payload, int attempt) {}

    private final JdbcTemplate jdbc;
    private final TeamWebhooks webhooks;
    private final WebhookSettings settings;
    private final HttpClient http;
    private final Object monitor = new Object();
    private long wakeUps;
    private volatile boolean running;
    private Thread thread;

    WebhookSender(JdbcTemplate jdbc, TeamWebhooks webhooks, WebhookSettings settings) {
        this.jdbc = jdbc;
        this.webhooks = webhooks;
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Called after a delivery was committed, so it goes out at once instead of at the next poll. */
    void wake() {
        synchronized (monitor) {
            wakeUps++;
            monitor.notifyAll();
        }
    }

    /** Sends every delivery that is due now; returns how many were attempted. */
    int deliverDue() {
        int attempted = 0;
        for (Optional<Claimed> next = claim(); next.isPresent(); next = claim()) {
            deliver(next.get());
            attempted++;
        }
        return attempted;
    }

    private Optional<Claimed> claim() {
        List<Claimed> claimed = jdbc.query(CLAIM, (rs, i) -> new Claimed(rs.getLong(1), rs.getLong(2), rs.getString(3),
                rs.getInt(4)), (double) settings.lease().toMillis() / 1000);
        return claimed.stream().findFirst();
    }

    private void deliver(Claimed delivery) {
        Optional<String> url = webhooks.url(delivery.teamId());
        if (url.isEmpty()) {
            finish(delivery, "FAILED", "The team has no webhook any more.");
            return;
        }
        String error;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url.get()))
                    .timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Slipway")
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                finish(delivery, "DELIVERED", null);
                return;
            }
            String body = response.body() == null ? "" : response.body().strip();
            error = "HTTP " + response.statusCode() + (body.isEmpty() ? "" : ": " + abbreviate(body, 300));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "Interrupted while sending.";
        } catch (java.io.IOException | RuntimeException e) {
            error = e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + abbreviate(e.getMessage(), 300));
        }
        if (delivery.attempt() >= settings.maxAttempts()) {
            log.warn("Webhook delivery {} gave up after {} attempts: {}", delivery.id(), delivery.attempt(), error);
            finish(delivery, "FAILED", error);
        } else {
            Duration delay = settings.backoff(delivery.attempt());
            log.info("Webhook delivery {} attempt {} failed, retrying in {}: {}", delivery.id(), delivery.attempt(),
                    delay, error);
            jdbc.update("update webhook_deliveries set last_error = ?,"
                    + " next_attempt_at = now() + make_interval(secs => ?)"
                    + " where id = ? and attempts = ? and state = 'PENDING'", error, (double) delay.toMillis() / 1000,
                    delivery.id(), delivery.attempt());
        }
    }

    /** Records the outcome unless another sender took the delivery over meanwhile (its attempt count moved on). */
    private void finish(Claimed delivery, String state, String error) {
        if (state.equals("DELIVERED")) {
            jdbc.update("update webhook_deliveries set state = 'DELIVERED', delivered_at = now(), last_error = null"
                    + " where id = ? and attempts = ? and state = 'PENDING'", delivery.id(), delivery.attempt());
        } else {
            jdbc.update("update webhook_deliveries set state = 'FAILED', last_error = ?"
                    + " where id = ? and attempts = ? and state = 'PENDING'", error, delivery.id(), delivery.attempt());
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            log.info("Webhook sender disabled (slipway.webhooks.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "webhook-sender");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                if (deliverDue() == 0) {
                    awaitWakeUp();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Webhook sender could not claim or send: {}", e.getMessage());
                try {
                    Thread.sleep(Math.max(500, settings.pollInterval().toMillis()));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void awaitWakeUp() throws InterruptedException {
        synchronized (monitor) {
            long seen = wakeUps;
            long deadline = System.nanoTime() + settings.pollInterval().toNanos();
            while (running && wakeUps == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(settings.timeout().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
