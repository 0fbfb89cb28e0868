package dev.slipway.identity;

import dev.slipway.common.Page;
import dev.slipway.common.PageRequest;
import dev.slipway.common.Actor;
import dev.slipway.common.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "Local accounts (platform admins only); passwords are never returned")
class UserApiController {

    private final IdentityService identity;

    UserApiController(IdentityService identity) {
        this.identity = identity;
    }

    @GetMapping
    @Operation(summary = "All users, by username")
    Page<IdentityService.UserView> list(
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        return Page.of(identity.users(page.cursor(), page.limit() + 1), page.limit(), IdentityService.UserView::username);
    }

    @GetMapping("/{username}")
    @Operation(summary = "One user")
    IdentityService.UserView get(@PathVariable String username) {
        return identity.user(username).orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
    }

    @PostMapping
    @Operation(summary = "Create a local account")
    ResponseEntity<IdentityService.UserView> create(Actor actor, @Valid @RequestBody NewUserRequest request) {
        IdentityService.UserView user = identity.createUser(actor, new IdentityService.NewUser(
                request.username(), request.displayName(), request.password(), Boolean.TRUE.equals(request.platformAdmin())));
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.username())).body(user);
    }

    /** A new local account. {@code platformAdmin} defaults to false. */
    record NewUserRequest(
            @NotNull(message = IdentityRules.USERNAME_MESSAGE) @Pattern(regexp = IdentityRules.USERNAME_PATTERN,
                    message = IdentityRules.USERNAME_MESSAGE) String username,
            @NotBlank(message = IdentityRules.DISPLAY_NAME_MESSAGE) @Size(max = 200,
                    message = IdentityRules.DISPLAY_NAME_MESSAGE) String displayName,
            @LocalPassword String password,
            Boolean platformAdmin) {

        /** Leaves the password out, so that no log line can ever show it. */
        @Override
        public String toString() {
            return "NewUserRequest[username=" + username + ", displayName=" + displayName + ", platformAdmin="
                    + platformAdmin + "]";
        }
    }
}
