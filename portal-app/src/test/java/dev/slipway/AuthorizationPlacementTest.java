package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.common.AccessRules.Routes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Who may do what is each feature's rule (docs/architecture.md, "Authorization"): the security configuration says
 * who someone is and which addresses are public, never which role an address needs. AuthorizationMatrixTest proves
 * the outcome route by route; this keeps role rules from coming back to the filter chains.
 */
class AuthorizationPlacementTest {

    @Test
    void theSecurityConfigurationNamesNoRole() throws IOException {
        Path source = Path.of("src/main/java/dev/slipway/identity/SecurityConfiguration.java");
        if (!Files.exists(source)) {
            source = Path.of("portal-app").resolve(source);
        }
        String text = Files.readString(source, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("hasRole(").doesNotContain("hasAnyRole(").doesNotContain("hasAuthority(")
                .doesNotContain("hasAnyAuthority(").contains("FeatureAccess");
    }

    @Test
    void routesMatchByMethodAndPattern() {
        Routes routes = Routes.of("POST /api/v1/teams", "* /teams/*/members/**", "PUT /api/v1/environments/*");
        assertThat(routes.matches("POST", "/api/v1/teams")).isTrue();
        assertThat(routes.matches("GET", "/api/v1/teams")).isFalse();
        assertThat(routes.matches("POST", "/api/v1/teams/payments")).isFalse();
        assertThat(routes.matches("POST", "/teams/payments/members")).isTrue();
        assertThat(routes.matches("GET", "/teams/payments/members/nobody/remove")).isTrue();
        assertThat(routes.matches("GET", "/teams/payments")).isFalse();
        assertThat(routes.matches("PUT", "/api/v1/environments/prod")).isTrue();
        assertThat(routes.matches("PUT", "/api/v1/environments/prod/extra")).isFalse();
        assertThatThrownBy(() -> Routes.of("/teams")).isInstanceOf(IllegalArgumentException.class);
    }
}
