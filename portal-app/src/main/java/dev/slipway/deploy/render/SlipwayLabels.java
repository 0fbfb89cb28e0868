package dev.slipway.deploy.render;

import java.util.Map;

/**
 * The labels Slipway puts on what it renders, and the selectors made of them. One home, because the
 * renderer writes them, the engine prunes by them and the live state reads by them: a key spelled
 * differently in one place would make Slipway lose sight of, or prune, its own objects.
 */
public final class SlipwayLabels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String TEAM = "slipway.dev/team";
    public static final String ENVIRONMENT = "slipway.dev/environment";
    public static final String REVISION = "slipway.dev/revision";
    /** The value of {@link #MANAGED_BY} on everything Slipway manages. */
    public static final String SLIPWAY = "slipway";

    private SlipwayLabels() {}

    /** Every object Slipway manages for a service in an environment: what is pruned and listed by. */
    public static Map<String, String> owner(String service, String environment) {
        return Map.of(MANAGED_BY, SLIPWAY, NAME, service, ENVIRONMENT, environment);
    }

    /** The pods of a service in an environment: the Deployment's selector. */
    public static Map<String, String> pods(String service, String environment) {
        return Map.of(NAME, service, ENVIRONMENT, environment);
    }
}
