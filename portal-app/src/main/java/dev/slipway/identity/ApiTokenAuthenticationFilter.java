package dev.slipway.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.slipway.audit.AccessAudit;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Accepts {@code Authorization: Bearer <token>} on the API. A bearer token that is unknown, expired
 * or revoked is answered with 401 at once rather than falling through as anonymous, and audited as a failed
 * sign-in.
 */
class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    private final ApiTokenService tokens;
    private final AccessAudit audit;

    ApiTokenAuthenticationFilter(ApiTokenService tokens, AccessAudit audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        var authenticated = tokens.authenticate(header.substring(7).strip());
        if (authenticated.isEmpty()) {
            // A failed sign-in like a wrong password: audited with whose token it was, never the token.
            var refusal = tokens.refusalOf(header.substring(7).strip());
            audit.signInRefused(request, refusal.owner(), refusal.reason(),
                    refusal.tokenId() == null ? java.util.Map.of() : java.util.Map.of("tokenId", refusal.tokenId()));
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            SecurityConfiguration.writeProblem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "The API token is unknown, expired or revoked.");
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(
                new ApiTokenAuthentication(authenticated.get().username(), authenticated.get().authorities()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
