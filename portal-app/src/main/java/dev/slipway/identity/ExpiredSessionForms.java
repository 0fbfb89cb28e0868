package dev.slipway.identity;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A form posted after the session expired (the cookie gone, or the session ended) fails the CSRF check,
 * as its token belonged to that session. Instead of "403 – not allowed", the person is sent to sign in
 * ({@code /login?expired}) and, once signed in, lands on {@code /me/unsaved}, which shows what they
 * entered and sends it again with one press, to the same address, with a fresh token.
 *
 * <p>Nothing is replayed without that press: the kept post arrived without a valid token, so it could
 * have been forged by another site. For the same reason only posts the browser marks as same-origin are
 * kept. Forms that carry credentials (passwords, secret values, kubeconfigs, webhook URLs, tokens) are
 * never kept, as the session may be stored in PostgreSQL; the person signs in again and re-enters them.
 * A signed-in request with a bad token is still refused with 403.
 */
final class ExpiredSessionForms implements AccessDeniedHandler {

    /**
     * Signing in starts a new session and carries over only attributes named {@code SPRING_SECURITY_…}
     * (SessionFixationProtectionStrategy), as it does for the saved request; so this name starts so too.
     */
    static final String KEPT = "SPRING_SECURITY_SLIPWAY_KEPT_FORM";
    static final String LANDING = "/me/unsaved";

    private static final List<PathPattern> CREDENTIALS = List.of("/login", "/users/**", "/me/**", "/clusters/**",
            "/services/*/secrets/**", "/teams/*/webhook/**").stream().map(PathPatternParser.defaultInstance::parse).toList();

    private final AccessDeniedHandler otherwise;

    ExpiredSessionForms(AccessDeniedHandler otherwise) {
        this.otherwise = otherwise;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException, ServletException {
        if (!(exception instanceof CsrfException) || signedIn()) {
            otherwise.handle(request, response, exception);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/logout")) {
            redirect(request, response, "/login?logout");
            return;
        }
        if (keepable(request, path)) {
            String query = request.getQueryString();
            KeptForm kept = KeptForm.of(query == null ? path : path + "?" + query, request.getParameterMap(),
                    sameOriginPath(request.getHeader("Referer"), request), Instant.now());
            if (kept.characters() <= KeptForm.MAX_CHARACTERS) {
                request.getSession().setAttribute(KEPT, kept);
                new HttpSessionRequestCache().saveRequest(landing(request), response);
            }
        }
        redirect(request, response, "/login?expired");
    }

    private static boolean signedIn() {
        return new AuthenticationTrustResolverImpl().isAuthenticated(SecurityContextHolder.getContext().getAuthentication());
    }

    private static boolean keepable(HttpServletRequest request, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return "POST".equals(request.getMethod())
                && request.getContentType() != null
                && MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(MediaType.parseMediaType(request.getContentType()))
                && sameOrigin(request)
                && CREDENTIALS.stream().noneMatch(pattern -> pattern.matches(container));
    }

    /** What the browser says about where the post came from; without a word, it is not kept. */
    static boolean sameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin");
        }
        String origin = request.getHeader("Origin");
        try {
            return origin != null && request.getServerName().equalsIgnoreCase(URI.create(origin).getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String sameOriginPath(String referer, HttpServletRequest request) {
        try {
            URI uri = referer == null ? null : URI.create(referer);
            if (uri == null || uri.getHost() == null || !uri.getHost().equalsIgnoreCase(request.getServerName())
                    || uri.getRawPath() == null || !uri.getRawPath().startsWith(request.getContextPath() + "/")) {
                return null;
            }
            String path = uri.getRawPath().substring(request.getContextPath().length());
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** htmx swaps what it receives; told with HX-Redirect, it loads the sign-in page instead. */
    private static void redirect(HttpServletRequest request, HttpServletResponse response, String target)
            throws IOException {
        String url = request.getContextPath() + target;
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", url);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        response.sendRedirect(url);
    }

    /** A GET of the page that offers the kept form, saved as the request to return to after signing in. */
    private static HttpServletRequest landing(HttpServletRequest request) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getMethod() {
                return "GET";
            }

            @Override
            public String getRequestURI() {
                return request.getContextPath() + LANDING;
            }

            @Override
            public StringBuffer getRequestURL() {
                return new StringBuffer(request.getScheme() + "://" + request.getServerName() + ":"
                        + request.getServerPort() + getRequestURI());
            }

            @Override
            public String getServletPath() {
                return LANDING;
            }

            @Override
            public String getPathInfo() {
                return null;
            }

            @Override
            public String getQueryString() {
                return null;
            }

            @Override
            public String getParameter(String name) {
                return null;
            }

            @Override
            public Map<String, String[]> getParameterMap() {
                return Map.of();
            }

            @Override
            public Enumeration<String> getParameterNames() {
                return Collections.emptyEnumeration();
            }

            @Override
            public String[] getParameterValues(String name) {
                return null;
            }
        };
    }
}
