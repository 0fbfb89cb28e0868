package dev.slipway.identity;

import dev.slipway.common.NulFreeText;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Local accounts for form login and HTTP Basic. Accounts without a password cannot sign in here. */
@Component
class LocalUserDetailsService implements UserDetailsService {

    private final UserAccountRepository users;

    LocalUserDetailsService(UserAccountRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        if (NulFreeText.has(username)) {
            // PostgreSQL refuses text with NUL; no account has one, and the query would fail as an internal error.
            throw new UsernameNotFoundException("unknown local account");
        }
        UserAccount user = users.findByUsername(username)
                .filter(u -> u.passwordHash() != null)
                .orElseThrow(() -> new UsernameNotFoundException("unknown local account"));
        return User.withUsername(user.username())
                .password(user.passwordHash())
                .disabled(!user.enabled())
                .authorities(authoritiesOf(user))
                .build();
    }

    static List<GrantedAuthority> authoritiesOf(UserAccount user) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_USER"));
        if (user.platformAdmin()) {
            authorities.add(new SimpleGrantedAuthority("ROLE_PLATFORM_ADMIN"));
        }
        return authorities;
    }
}
