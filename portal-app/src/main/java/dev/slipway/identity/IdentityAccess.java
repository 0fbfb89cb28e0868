package dev.slipway.identity;

import dev.slipway.common.Actor;
import dev.slipway.common.PlatformAdminsOnly;
import org.springframework.stereotype.Component;

/**
 * Who may manage teams, memberships and accounts: platform admins. The one place of that rule
 * (docs/architecture.md, "Authorization"): {@link IdentityService} asks it before it changes anything, and the web
 * edge asks it for the routes below before a body is read, so a refusal never depends on what was sent.
 */
@Component
class IdentityAccess extends PlatformAdminsOnly {

    static final Routes ADMINISTRATION = Routes.of(
            "POST /api/v1/teams", "* /api/v1/teams/*/members/**", "* /api/v1/users", "* /api/v1/users/**",
            "POST /teams", "* /teams/new", "* /teams/*/members/**", "* /users", "* /users/**");

    static final String REFUSAL = "Only platform admins may manage teams, their members and accounts.";

    IdentityAccess() {
        super(ADMINISTRATION, REFUSAL);
    }

    /** Refuses (403) unless {@code actor} may administer people; {@code what} names the action in the message. */
    static void requireAdministrator(Actor actor, String what) {
        require(actor, "Only platform admins may " + what + ".");
    }
}
