package dev.slipway.approvals;

import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.AccessRules;
import dev.slipway.common.Actor;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may set or remove a team's webhook: platform admins (a webhook's address may carry a credential of the
 * receiving system). The one place of that rule (docs/architecture.md, "Authorization"): {@link TeamWebhooks}
 * asks it before it changes anything, and the web edge asks it for the routes below before a body is read.
 */
@Component
class WebhookAccess implements AccessRules {

    static final Routes CHANGES = Routes.of("PUT /api/v1/teams/*/webhook", "DELETE /api/v1/teams/*/webhook",
            "POST /teams/*/webhook", "POST /teams/*/webhook/**");

    static final String REFUSAL = "Only platform admins may set a team's webhook.";

    static boolean mayChange(Actor actor) {
        return actor.platformAdmin();
    }

    static void requireMayChange(Actor actor) {
        if (!mayChange(actor)) {
            throw new AccessRefusedException(REFUSAL);
        }
    }

    @Override
    public boolean covers(String method, String path) {
        return CHANGES.matches(method, path);
    }

    @Override
    public Optional<String> refusal(String method, String path, Actor actor) {
        return mayChange(actor) ? Optional.empty() : Optional.of(REFUSAL);
    }
}
