package dev.slipway.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Whether people may sign in with a Slipway username and password ({@code slipway.local-accounts.enabled}):
 * the sign-in form for the browser and HTTP Basic for the API. Switch it off once everyone signs in
 * through the identity provider; personal API tokens keep working either way.
 */
@ConfigurationProperties(prefix = "slipway.local-accounts")
@Validated
record LocalAccountSettings(@DefaultValue("true") boolean enabled) {}
