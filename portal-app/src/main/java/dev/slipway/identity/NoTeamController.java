package dev.slipway.identity;

import dev.slipway.common.Actor;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Where a sign-in through the identity provider lands when none of the person's groups maps to a team (nor to
 * platform admin): a page that says so and what to ask for, rather than an empty portal whose every button
 * answers "not allowed". It names the groups the provider sent, which is what the platform admin needs to map.
 */
@Controller
class NoTeamController {

    static final String PATH = "/me/no-team";

    private final OidcSettings oidc;

    NoTeamController(OidcSettings oidc) {
        this.oidc = oidc;
    }

    @GetMapping(PATH)
    String noTeam(Actor actor, Authentication authentication, Model model) {
        model.addAttribute("actor", actor);
        model.addAttribute("providerName", oidc.providerName());
        model.addAttribute("groups", groups(authentication));
        model.addAttribute("hasTeam", actor.platformAdmin() || !actor.teams().isEmpty());
        return "identity/no-team";
    }

    private List<String> groups(Authentication authentication) {
        if (authentication.getPrincipal() instanceof OidcUser user) {
            Object claim = user.getClaims().get(oidc.groupsClaim());
            if (claim instanceof Collection<?> values) {
                return values.stream().map(String::valueOf).sorted().toList();
            }
            if (claim instanceof String value && !value.isBlank()) {
                return List.of(value);
            }
        }
        return List.of();
    }
}
