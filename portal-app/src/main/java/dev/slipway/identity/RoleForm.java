package dev.slipway.identity;

import dev.slipway.common.TeamRole;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The change-role form on each member's row of a team's page. */
record RoleForm(
        @NotNull(message = IdentityRules.ROLE_MESSAGE) @Pattern(regexp = IdentityRules.ROLE_PATTERN,
                message = IdentityRules.ROLE_MESSAGE) String role) {

    TeamRole teamRole() {
        return TeamRole.valueOf(role);
    }
}
