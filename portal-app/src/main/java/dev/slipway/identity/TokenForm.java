package dev.slipway.identity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The new-token form on the API tokens page. */
record TokenForm(
        @NotBlank(message = IdentityRules.TOKEN_NAME_MESSAGE) @Size(max = 100, message = IdentityRules.TOKEN_NAME_MESSAGE)
                String name,
        @NotNull(message = IdentityRules.TOKEN_DAYS_MESSAGE) @Min(value = 1, message = IdentityRules.TOKEN_DAYS_MESSAGE)
                @Max(value = ApiTokenService.MAX_DAYS, message = IdentityRules.TOKEN_DAYS_MESSAGE) Integer expiresInDays) {

    static TokenForm empty() {
        return new TokenForm("", 30);
    }
}
