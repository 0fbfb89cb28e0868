package dev.slipway.audit;

import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.AccessRules;
import dev.slipway.common.Actor;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may verify the whole hash chain: platform admins (it reads every team's events). The one place of that rule
 * (docs/architecture.md, "Authorization"): the verification page and API ask it, and so does the web edge for the
 * routes below. What else of the trail someone may read is {@link AuditScope}'s to say.
 */
@Component
class AuditAccess implements AccessRules {

    static final Routes VERIFICATION = Routes.of("* /api/v1/audit/verify", "* /audit/verify");

    static final String REFUSAL = "Only platform admins may verify the whole audit trail.";

    static boolean mayVerify(Actor actor) {
        return actor.platformAdmin();
    }

    static void requireMayVerify(Actor actor) {
        if (!mayVerify(actor)) {
            throw new AccessRefusedException(REFUSAL);
        }
    }

    @Override
    public boolean covers(String method, String path) {
        return VERIFICATION.matches(method, path);
    }

    @Override
    public Optional<String> refusal(String method, String path, Actor actor) {
        return mayVerify(actor) ? Optional.empty() : Optional.of(REFUSAL);
    }
}
