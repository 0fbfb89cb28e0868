package dev.slipway.approvals;

import dev.slipway.deploy.requests.DeploymentRequestChanged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a delivery for the owning team's webhook in the transaction of the event, so a decision and
 * its notification commit together and the sending happens later, where a failing webhook can
 * neither block nor roll back anything.
 */
@Component
class WebhookOutbox {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final WebhookSender sender;

    WebhookOutbox(JdbcTemplate jdbc, JsonMapper json, WebhookSender sender) {
        this.jdbc = jdbc;
        this.json = json;
        this.sender = sender;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(DeploymentRequestChanged event) {
        WebhookMessage.of(event).ifPresent(payload -> {
            int queued = jdbc.update("insert into webhook_deliveries (team_id, event, payload)"
                    + " select w.team_id, ?, ?::jsonb from team_webhooks w join teams t on t.id = w.team_id"
                    + " where t.slug = ?", WebhookMessage.eventName(event.change()), json.writeValueAsString(payload),
                    event.team());
            if (queued > 0) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        sender.wake();
                    }
                });
            }
        });
    }
}
