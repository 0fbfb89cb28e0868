package dev.slipway.identity;

import dev.slipway.common.TeamRole;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The add-member form on a team's page: who joins and in which role. */
record MemberForm(
        @NotNull(message = IdentityRules.USERNAME_MESSAGE) @Pattern(regexp = IdentityRules.USERNAME_PATTERN,
                message = IdentityRules.USERNAME_MESSAGE) String username,
        @NotNull(message = IdentityRules.ROLE_MESSAGE) @Pattern(regexp = IdentityRules.ROLE_PATTERN,
                message = IdentityRules.ROLE_MESSAGE) String role) {

    static MemberForm empty() {
        return new MemberForm("", TeamRole.ENGINEER.name());
    }

    TeamRole teamRole() {
        return TeamRole.valueOf(role);
    }
}
