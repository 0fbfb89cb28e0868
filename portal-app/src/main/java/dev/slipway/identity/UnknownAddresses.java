package dev.slipway.identity;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The last rule of both filter chains, for addresses no other rule names. A signed-in caller may pass
 * when nothing serves the address, so they get the 404 it is (a page, or problem+json on the API)
 * instead of a 403 that suggests a permission would help. An address that something does serve (a
 * controller, an actuator endpoint) stays denied until a rule lists it, so a new route without a rule
 * is still refused. Anonymous callers never pass here: they are sent to sign in (401 on the API) at
 * every address, known or not, so nobody learns which addresses exist without signing in.
 */
final class UnknownAddresses implements AuthorizationManager<RequestAuthorizationContext> {

    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

    private final ObjectProvider<HandlerMapping> mappings;

    UnknownAddresses(ObjectProvider<HandlerMapping> mappings) {
        this.mappings = mappings;
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
            RequestAuthorizationContext context) {
        return new AuthorizationDecision(TRUST.isAuthenticated(authentication.get()) && !served(context.getRequest()));
    }

    /** Whether a handler other than the static files (public anyway) answers this address, for any method. */
    boolean served(HttpServletRequest request) {
        Object parsed = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        if (parsed == null) {
            ServletRequestPathUtils.parseAndCache(request);
        }
        try {
            return mappings.orderedStream().anyMatch(mapping -> serves(mapping, request));
        } finally {
            if (parsed == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
        }
    }

    private static boolean serves(HandlerMapping mapping, HttpServletRequest request) {
        try {
            HandlerExecutionChain chain = mapping.getHandler(request);
            return chain != null && !(chain.getHandler() instanceof ResourceHttpRequestHandler);
        } catch (Exception e) {
            // A route is there but refuses this method or media type: the address is served.
            return true;
        }
    }
}
