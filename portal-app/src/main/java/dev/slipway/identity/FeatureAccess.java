package dev.slipway.identity;

import dev.slipway.common.AccessRules;
import dev.slipway.common.Actor;
import dev.slipway.common.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Plugs the features' own {@link AccessRules} into both filter chains (docs/architecture.md, "Authorization"): a
 * request that a feature's rule covers passes only for a signed-in person that rule lets through. It decides
 * nothing itself. Asking at the filter keeps the refusal ahead of reading and validating the body, so a person
 * who may not act gets the 403 (problem+json on the API, audited as a refused access) whatever they sent, as
 * before; the feature's services ask the same rule again before they change anything.
 */
final class FeatureAccess implements RequestMatcher, AuthorizationManager<RequestAuthorizationContext> {

    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

    private final ObjectProvider<AccessRules> provider;
    private final IdentityService identity;
    /** The features' rules, looked up once (singletons) rather than on every request. */
    private volatile List<AccessRules> rules;

    FeatureAccess(ObjectProvider<AccessRules> rules, IdentityService identity) {
        this.provider = rules;
        this.identity = identity;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        String method = request.getMethod();
        String path = pathOf(request);
        return rules().stream().anyMatch(rule -> rule.covers(method, path));
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context) {
        Authentication who = authentication.get();
        if (!TRUST.isAuthenticated(who)) {
            return new AuthorizationDecision(false); // sent to sign in (401 on the API), as everywhere
        }
        Actor actor;
        try {
            actor = identity.actor(who.getName());
        } catch (NotFoundException e) {
            return new AuthorizationDecision(false);
        }
        HttpServletRequest request = context.getRequest();
        String method = request.getMethod();
        String path = pathOf(request);
        boolean refused = rules().stream()
                .filter(rule -> rule.covers(method, path))
                .anyMatch(rule -> rule.refusal(method, path, actor).isPresent());
        return new AuthorizationDecision(!refused);
    }

    private List<AccessRules> rules() {
        List<AccessRules> known = rules;
        if (known == null) {
            known = provider.orderedStream().toList();
            rules = known;
        }
        return known;
    }

    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
