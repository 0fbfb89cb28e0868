package dev.slipway.approvals;

import dev.slipway.common.Actor;
import dev.slipway.common.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/teams/{slug}/webhook")
@Tag(name = "Team webhooks", description = "Where a team's deployment requests, decisions and failed syncs are posted")
class WebhookApiController {

    private final TeamWebhooks webhooks;

    WebhookApiController(TeamWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** The URL is write-only: a chat webhook URL is itself a credential. */
    record WebhookBody(String url) {
        @Override
        public String toString() {
            return "WebhookBody[url=<hidden>]";
        }
    }

    @GetMapping
    @Operation(summary = "The team's webhook: its host, who set it and when (never the URL)")
    TeamWebhooks.Webhook get(@PathVariable String slug) {
        return webhooks.describe(slug).orElseThrow(() -> new NotFoundException("Team '" + slug + "' has no webhook."));
    }

    @PutMapping
    @Operation(summary = "Set the team's webhook (platform admins); JSON with a Slack-compatible text is posted to it")
    TeamWebhooks.Webhook set(Actor actor, @PathVariable String slug, @RequestBody WebhookBody body) {
        return webhooks.set(actor, slug, body.url());
    }

    @DeleteMapping
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove the team's webhook (platform admins)")
    void remove(Actor actor, @PathVariable String slug) {
        webhooks.remove(actor, slug);
    }
}
