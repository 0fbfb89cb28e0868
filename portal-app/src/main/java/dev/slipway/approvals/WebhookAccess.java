package dev.slipway.approvals;

import dev.slipway.common.Actor;
import dev.slipway.common.PlatformAdminsOnly;
import org.springframework.stereotype.Component;

/**
 * Who may set or remove a team's webhook: platform admins (a webhook's address may carry a credential of the
 * receiving system). The one place of that rule (docs/architecture.md, "Authorization"): {@link TeamWebhooks}
 * asks it before it changes anything, and the web edge asks it for the routes below before a body is read.
 */
@Component
class WebhookAccess extends PlatformAdminsOnly {

    static final Routes CHANGES = Routes.of("PUT /api/v1/teams/*/webhook", "DELETE /api/v1/teams/*/webhook",
            "POST /teams/*/webhook", "POST /teams/*/webhook/**");

    static final String REFUSAL = "Only platform admins may set a team's webhook.";

    WebhookAccess() {
        super(CHANGES, REFUSAL);
    }

    static void requireMayChange(Actor actor) {
        require(actor, REFUSAL);
    }
}
