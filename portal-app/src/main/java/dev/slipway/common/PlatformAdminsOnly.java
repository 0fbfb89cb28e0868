package dev.slipway.common;

import java.util.Optional;

/**
 * The most common rule of {@link AccessRules}: some routes of a feature are for platform admins only (clusters and
 * environments, people, team webhooks, verifying the whole audit trail). A feature's rule names its routes and says
 * the refusal in words; its services call {@link #require} with the same words before they act.
 */
public abstract class PlatformAdminsOnly implements AccessRules {

    private final Routes routes;
    private final String refusal;

    protected PlatformAdminsOnly(Routes routes, String refusal) {
        this.routes = routes;
        this.refusal = refusal;
    }

    /** Refuses (403, with {@code refusal} as the reason) unless {@code actor} is a platform admin. */
    public static void require(Actor actor, String refusal) {
        if (!actor.platformAdmin()) {
            throw new AccessRefusedException(refusal);
        }
    }

    @Override
    public boolean covers(String method, String path) {
        return routes.matches(method, path);
    }

    @Override
    public Optional<String> refusal(String method, String path, Actor actor) {
        return actor.platformAdmin() ? Optional.empty() : Optional.of(refusal);
    }
}
