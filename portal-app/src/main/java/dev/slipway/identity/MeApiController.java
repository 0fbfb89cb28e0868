package dev.slipway.identity;

import dev.slipway.common.Page;
import dev.slipway.common.PageRequest;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.TeamRole;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The signed-in person and their personal API tokens")
class MeApiController {

    private final ApiTokenService tokens;

    MeApiController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    @Operation(summary = "Who I am, and my role in each of my teams")
    Me me(Actor actor) {
        return new Me(actor.username(), actor.displayName(), actor.platformAdmin(),
                actor.teams().entrySet().stream()
                        .map(entry -> new TeamRoleItem(entry.getKey(), entry.getValue()))
                        .sorted(Comparator.comparing(TeamRoleItem::slug))
                        .toList());
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a personal API token",
            description = "The token is in this answer only; Slipway keeps just its hash. A request signed in "
                    + "with a token cannot issue tokens: use your password (HTTP Basic) or the API tokens page.")
    ApiTokenService.IssuedToken issue(Authentication authentication, @Valid @RequestBody NewTokenRequest request) {
        if (authentication instanceof ApiTokenAuthentication) {
            throw new AccessRefusedException("A token cannot issue tokens; sign in with your password "
                    + "(HTTP Basic) or use the API tokens page.");
        }
        return tokens.issue(authentication.getName(), request.name(), request.expiresInDays());
    }

    @GetMapping("/tokens")
    @Operation(summary = "My tokens, newest first (never the token values)")
    Page<ApiTokenService.TokenView> list(Authentication authentication,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        List<ApiTokenService.TokenView> fetched = tokens.list(authentication.getName(), beforeId(page.cursor()), page.limit() + 1);
        return Page.of(fetched, page.limit(), token -> String.valueOf(token.id()));
    }

    @DeleteMapping("/tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke one of my tokens; it stops working at once")
    void revoke(Authentication authentication, @PathVariable long id) {
        tokens.revoke(authentication.getName(), id);
    }

    private static Long beforeId(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("cursor", "must be the nextCursor of a previous page");
        }
    }

    /** The signed-in person. */
    record Me(String username, String displayName, boolean platformAdmin, List<TeamRoleItem> teams) {}

    /** A team I belong to and my role in it. */
    record TeamRoleItem(String slug, TeamRole role) {}

    /** What a new token is called and how long it lives (default 30 days). */
    record NewTokenRequest(
            @NotBlank(message = IdentityRules.TOKEN_NAME_MESSAGE) @Size(max = 100, message = IdentityRules.TOKEN_NAME_MESSAGE)
                    String name,
            @Min(value = 1, message = IdentityRules.TOKEN_DAYS_MESSAGE)
                    @Max(value = ApiTokenService.MAX_DAYS, message = IdentityRules.TOKEN_DAYS_MESSAGE)
                    Integer expiresInDays) {}
}
