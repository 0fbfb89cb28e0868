package dev.slipway.clusters;

import dev.slipway.common.Actor;
import dev.slipway.common.PlatformAdminsOnly;
import org.springframework.stereotype.Component;

/**
 * Who may register, change and delete clusters and environments: platform admins. The one place of that rule
 * (docs/architecture.md, "Authorization"): {@link ClusterService} and the cluster pages ask it before they act
 * or show a form that changes something, and the web edge asks it for the routes below before a body is read.
 * Reading clusters and environments, and asking a cluster again, is for everyone signed in.
 */
@Component
class ClusterAccess extends PlatformAdminsOnly {

    static final Routes CHANGES = Routes.of("POST /api/v1/clusters", "POST /api/v1/environments",
            "PUT /api/v1/environments/*", "POST /clusters", "POST /environments", "POST /environments/*");

    static final String REFUSAL = "Only platform admins may register or change clusters and environments.";

    ClusterAccess() {
        super(CHANGES, REFUSAL);
    }

    /** Refuses (403) unless {@code actor} may change clusters; {@code what} names the action in the message. */
    static void requireMayChange(Actor actor, String what) {
        require(actor, "Only platform admins may " + what + ".");
    }
}
