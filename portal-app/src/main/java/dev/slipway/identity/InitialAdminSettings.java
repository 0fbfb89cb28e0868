package dev.slipway.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The first platform admin of an installation with an external database ({@code slipway.initial-admin.*}):
 * created at startup when no user of that name exists, so someone can register clusters and teams. The
 * password is a local-account password; change it, or switch local accounts off once OIDC works.
 */
@ConfigurationProperties(prefix = "slipway.initial-admin")
@Validated
record InitialAdminSettings(String username, String password) {

    /** The password must not reach a log line through a debug print of the settings. */
    @Override
    public String toString() {
        return "InitialAdminSettings[username=" + username + ", password=" + (password == null || password.isBlank()
                ? "(unset)" : "(set)") + "]";
    }
}
