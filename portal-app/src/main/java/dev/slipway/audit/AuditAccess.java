package dev.slipway.audit;

import dev.slipway.common.Actor;
import dev.slipway.common.PlatformAdminsOnly;
import org.springframework.stereotype.Component;

/**
 * Who may verify the whole hash chain: platform admins (it reads every team's events). The one place of that rule
 * (docs/architecture.md, "Authorization"): the verification page and API ask it, and so does the web edge for the
 * routes below. What else of the trail someone may read is {@link AuditScope}'s to say.
 */
@Component
class AuditAccess extends PlatformAdminsOnly {

    static final Routes VERIFICATION = Routes.of("* /api/v1/audit/verify", "* /audit/verify");

    static final String REFUSAL = "Only platform admins may verify the whole audit trail.";

    AuditAccess() {
        super(VERIFICATION, REFUSAL);
    }

    static void requireMayVerify(Actor actor) {
        require(actor, REFUSAL);
    }
}
