package dev.slipway.common;

import java.util.List;
import java.util.Optional;
import org.springframework.util.AntPathMatcher;

/**
 * Who may use a feature's routes, decided by the feature itself (docs/architecture.md, "Authorization"). Each
 * feature that has routes for a narrower group than "signed in" offers one such component; its services call the
 * same rule before they act, and the web edge asks it before a request body is read or validated, so that someone
 * who may not act learns nothing from validation messages and gets the same 403 on every route. The web edge only
 * plugs these in: it holds no rule of its own beyond "signed in" and the public addresses.
 */
public interface AccessRules {

    /** Whether a rule of this feature governs the request ({@code path} within the application, no query). */
    boolean covers(String method, String path);

    /** Why {@code actor} may not make this covered request, in words safe to show and audit; empty when allowed. */
    Optional<String> refusal(String method, String path, Actor actor);

    /**
     * Routes as {@code "METHOD /path/pattern"} ({@code *} for any method; {@code *} one segment, {@code **} any
     * number of segments, as in Spring's ant patterns), for the {@link #covers} of a feature's rules.
     */
    record Routes(List<String> routes) {

        private static final AntPathMatcher MATCHER = new AntPathMatcher();

        public static Routes of(String... routes) {
            for (String route : routes) {
                if (!route.matches("(\\*|GET|POST|PUT|PATCH|DELETE) /\\S*")) {
                    throw new IllegalArgumentException("a route is a method and a path pattern: " + route);
                }
            }
            return new Routes(List.of(routes));
        }

        public boolean matches(String method, String path) {
            for (String route : routes) {
                int space = route.indexOf(' ');
                String verb = route.substring(0, space);
                if ((verb.equals("*") || verb.equals(method)) && MATCHER.match(route.substring(space + 1), path)) {
                    return true;
                }
            }
            return false;
        }
    }
}
