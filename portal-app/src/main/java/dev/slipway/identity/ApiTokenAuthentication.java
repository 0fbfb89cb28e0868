package dev.slipway.identity;

import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request signed in with a personal API token rather than a password. Kept distinct so that a
 * token cannot mint further tokens: a leaked short-lived token must not become a long-lived one.
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final String username;

    ApiTokenAuthentication(String username, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.username = username;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return username;
    }
}
