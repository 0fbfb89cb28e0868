package dev.slipway.identity;

import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.AccessRules;
import dev.slipway.common.Actor;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Who may manage teams, memberships and accounts: platform admins. The one place of that rule
 * (docs/architecture.md, "Authorization"): {@link IdentityService} asks it before it changes anything, and the web
 * edge asks it for the routes below before a body is read, so a refusal never depends on what was sent.
 */
@Component
class IdentityAccess implements AccessRules {

    static final Routes ADMINISTRATION = Routes.of(
            "POST /api/v1/teams", "* /api/v1/teams/*/members/**", "* /api/v1/users", "* /api/v1/users/**",
            "POST /teams", "* /teams/new", "* /teams/*/members/**", "* /users", "* /users/**");

    static final String REFUSAL = "Only platform admins may manage teams, their members and accounts.";

    static boolean mayAdminister(Actor actor) {
        return actor.platformAdmin();
    }

    /** Refuses (403) unless {@code actor} may administer people; {@code what} names the action in the message. */
    static void requireAdministrator(Actor actor, String what) {
        if (!mayAdminister(actor)) {
            throw new AccessRefusedException("Only platform admins may " + what + ".");
        }
    }

    @Override
    public boolean covers(String method, String path) {
        return ADMINISTRATION.matches(method, path);
    }

    @Override
    public Optional<String> refusal(String method, String path, Actor actor) {
        return mayAdminister(actor) ? Optional.empty() : Optional.of(REFUSAL);
    }
}
