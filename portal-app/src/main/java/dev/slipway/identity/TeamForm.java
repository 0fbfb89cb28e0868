package dev.slipway.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The new-team form. */
record TeamForm(
        @NotNull(message = IdentityRules.SLUG_MESSAGE) @Pattern(regexp = IdentityRules.SLUG_PATTERN,
                message = IdentityRules.SLUG_MESSAGE) String slug,
        @NotBlank(message = IdentityRules.TEAM_NAME_MESSAGE) @Size(max = 200,
                message = IdentityRules.TEAM_NAME_MESSAGE) String name) {

    static TeamForm empty() {
        return new TeamForm("", "");
    }

    IdentityService.NewTeam toCommand() {
        return new IdentityService.NewTeam(slug, name);
    }
}
