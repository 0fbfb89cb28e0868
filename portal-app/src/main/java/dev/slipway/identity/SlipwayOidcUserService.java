package dev.slipway.identity;

import dev.slipway.common.ConflictException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * What happens when someone signs in through the identity provider: the standard OIDC user loading (ID
 * token, plus user info where the provider offers it), then the group mapping, then the local account
 * and its memberships brought up to date through {@link IdentityService}. The result is named by the
 * Slipway username, so everything downstream sees the same names as with a local account.
 */
class SlipwayOidcUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private static final Logger log = LoggerFactory.getLogger(SlipwayOidcUserService.class);

    private final OAuth2UserService<OidcUserRequest, OidcUser> delegate;
    private final OidcGroupMapping mapping;
    private final IdentityService identity;

    SlipwayOidcUserService(OidcSettings settings, IdentityService identity) {
        this(new OidcUserService(), settings, identity);
    }

    SlipwayOidcUserService(OAuth2UserService<OidcUserRequest, OidcUser> delegate, OidcSettings settings,
            IdentityService identity) {
        this.delegate = delegate;
        this.mapping = new OidcGroupMapping(settings);
        this.identity = identity;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser loaded = delegate.loadUser(request);
        Map<String, Object> claims = new LinkedHashMap<>(loaded.getClaims());
        ExternalIdentity external;
        try {
            external = mapping.map(claims);
        } catch (IllegalArgumentException e) {
            log.warn("OIDC sign-in refused: {}", e.getMessage());
            throw new OAuth2AuthenticationException(new OAuth2Error("slipway_unusable_claims", e.getMessage(), null));
        }
        IdentityService.UserView user;
        try {
            user = identity.signInExternal(external);
        } catch (ConflictException e) {
            log.warn("OIDC sign-in refused: {}", e.getMessage());
            throw new OAuth2AuthenticationException(new OAuth2Error("slipway_account_conflict", e.getMessage(), null));
        }
        return new SlipwayOidcUser(authorities(user), loaded, user.username());
    }

    private static List<GrantedAuthority> authorities(IdentityService.UserView user) {
        return user.platformAdmin()
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_PLATFORM_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    /** An OIDC user whose name is the Slipway username (the claim may differ in case). */
    static final class SlipwayOidcUser extends DefaultOidcUser {

        private static final long serialVersionUID = 1L;

        private final String username;

        SlipwayOidcUser(List<GrantedAuthority> authorities, OidcUser loaded, String username) {
            super(authorities, loaded.getIdToken(), loaded.getUserInfo());
            this.username = username;
        }

        @Override
        public String getName() {
            return username;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SlipwayOidcUser that && super.equals(that) && username.equals(that.username);
        }

        @Override
        public int hashCode() {
            return 31 * super.hashCode() + username.hashCode();
        }
    }
}
