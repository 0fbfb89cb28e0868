package dev.slipway.identity;

import dev.slipway.common.Actor;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the first platform admin ({@link InitialAdminSettings}) through {@link IdentityService}, so it is
 * validated and audited like any other account. Only when the name is free: a later restart never resets
 * a password someone changed.
 */
@Component
class InitialAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);
    private static final Actor SYSTEM = new Actor("system", "Slipway", true, Map.of());

    private final InitialAdminSettings settings;
    private final IdentityService identity;

    InitialAdmin(InitialAdminSettings settings, IdentityService identity) {
        this.settings = settings;
        this.identity = identity;
    }

    @Override
    public void run(ApplicationArguments args) {
        String username = settings.username();
        if (username == null || username.isBlank() || identity.user(username.strip()).isPresent()) {
            return;
        }
        if (settings.password() == null || settings.password().isBlank()) {
            log.warn("slipway.initial-admin.username is '{}' but no password is set (slipway.initial-admin.password);"
                    + " no initial admin was created", username);
            return;
        }
        try {
            identity.createUser(SYSTEM, new IdentityService.NewUser(username.strip(), "Platform admin",
                    settings.password(), true));
            log.info("Created the initial platform admin '{}'", username.strip());
        } catch (RuntimeException e) {
            log.warn("Could not create the initial platform admin '{}': {}", username, e.getMessage());
        }
    }
}
