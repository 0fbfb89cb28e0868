package dev.slipway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Until Slipway is ready (readiness turns to accepting traffic only after start-up work such as the demo
 * accounts is done, and back to refusing when it begins to shut down), requests get 503 with Retry-After
 * instead of whatever a half-started application would say: a sign-in as alice in the first second of a
 * fresh start would otherwise be refused as a wrong password. The actuator (probes) and static files are
 * always served.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class StartingUpFilter extends OncePerRequestFilter {

    static final String MESSAGE = "Slipway is starting up (or shutting down) and does not take requests yet."
            + " Nothing was changed; try again in a second.";

    private final ApplicationAvailability availability;
    private final JsonMapper json;

    StartingUpFilter(ApplicationAvailability availability, JsonMapper json) {
        this.availability = availability;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/actuator/") || path.startsWith("/webjars/") || path.startsWith("/css/")
                || path.startsWith("/js/") || path.equals("/favicon.ico");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/")) {
            ApiProblemHandler.Problems.write(json, response, HttpStatus.SERVICE_UNAVAILABLE, "Starting up", MESSAGE, path);
        } else {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setCharacterEncoding("UTF-8");
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.getWriter().write(PAGE);
        }
    }

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta http-equiv="refresh" content="2">
              <title>Starting · Slipway</title>
              <link rel="stylesheet" href="/webjars/bootstrap/css/bootstrap.min.css">
            </head>
            <body>
            <main class="container py-4">
              <h1 class="h3">Slipway is starting</h1>
              <p>%s This page reloads by itself.</p>
            </main>
            </body>
            </html>
            """.formatted(MESSAGE);
}
