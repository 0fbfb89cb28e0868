package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deploy.live.ServiceHealthTransition;
import dev.slipway.deploy.live.ServiceHealthTransition.Transition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a team's webhook is told when its service degrades or recovers. */
class HealthWebhookMessageTest {

    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void aDegradationSaysWhyAndLinksToTheStatusPageOfThePortal() {
        var payload = WebhookMessage.of(new ServiceHealthTransition(Transition.DEGRADED, "api", "payments", "prod", 7,
                "Pod api-1: container api is crash-looping <!channel>", AT), new PortalLinks("https://slipway.example.com/"));
        assertThat(payload).containsEntry("event", "health.degraded").containsEntry("service", "api")
                .containsEntry("team", "payments").containsEntry("environment", "prod").containsEntry("revision", 7)
                .containsEntry("health", "DEGRADED").containsEntry("actor", "slipway")
                .containsEntry("link", "https://slipway.example.com/services/api/environments/prod");
        assertThat((String) payload.get("text")).isEqualTo("api is DEGRADED in prod (revision 7). Why: Pod api-1:"
                + " container api is crash-looping &lt;!channel&gt; https://slipway.example.com/services/api/environments/prod");
    }

    @Test
    void aRecoverySaysSoAndWithoutAPortalUrlTheLinkIsAPath() {
        var payload = WebhookMessage.of(new ServiceHealthTransition(Transition.RECOVERED, "api", "payments", "prod", 8,
                "1/1 replicas ready", AT), new PortalLinks(""));
        assertThat(payload).containsEntry("event", "health.recovered").containsEntry("health", "HEALTHY")
                .containsEntry("link", "/services/api/environments/prod");
        assertThat((String) payload.get("text")).startsWith("api recovered in prod: HEALTHY again (revision 8).");
    }
}
