package dev.slipway.approvals;

import dev.slipway.deploy.live.ServiceHealthTransition;
import dev.slipway.deploy.requests.DeploymentRequestChanged;
import dev.slipway.identity.IdentityService;
import dev.slipway.identity.TeamView;
import java.util.Map;
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
    private final PortalLinks links;
    private final IdentityService identity;

    WebhookOutbox(JdbcTemplate jdbc, JsonMapper json, WebhookSender sender, PortalLinks links,
            IdentityService identity) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.json = json;
        this.sender = sender;
        this.links = links;
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(DeploymentRequestChanged event) {
        WebhookMessage.of(event).ifPresent(payload -> queue(event.team(), WebhookMessage.eventName(event.change()),
                payload));
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void on(ServiceHealthTransition event) {
        queue(event.team(), event.transition().eventName(), WebhookMessage.of(event, links));
    }

    private void queue(String team, String eventName, Map<String, Object> payload) {
        // The team's id comes from identity, which owns teams (docs/architecture.md); a team without a webhook
        // queues nothing.
        Long teamId = identity.team(team).map(TeamView::id).orElse(null);
        if (teamId == null) {
            return;
        }
        int queued = jdbc.update("insert into webhook_deliveries (team_id, event, payload)"
                + " select w.team_id, ?, ?::jsonb from team_webhooks w where w.team_id = ?", eventName,
                json.writeValueAsString(payload), teamId);
        if (queued > 0) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sender.wake();
                }
            });
        }
    }
}
