package dev.slipway.identity;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The new-user form. The password is never rendered back into the page nor printed by {@link #toString()}. */
record UserForm(
        @NotNull(message = IdentityRules.USERNAME_MESSAGE) @Pattern(regexp = IdentityRules.USERNAME_PATTERN,
                message = IdentityRules.USERNAME_MESSAGE) String username,
        @NotBlank(message = IdentityRules.DISPLAY_NAME_MESSAGE) @Size(max = 200,
                message = IdentityRules.DISPLAY_NAME_MESSAGE) String displayName,
        @LocalPassword String password,
        boolean platformAdmin) {

    static UserForm empty() {
        return new UserForm("", "", "", false);
    }

    IdentityService.NewUser toCommand() {
        return new IdentityService.NewUser(username, displayName, password, platformAdmin);
    }

    @Override
    public String toString() {
        return "UserForm[username=" + username + ", displayName=" + displayName + ", platformAdmin=" + platformAdmin + "]";
    }
}
