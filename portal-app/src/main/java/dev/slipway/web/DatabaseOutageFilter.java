package dev.slipway.web;

import dev.slipway.common.DatabaseOutage;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The last word while PostgreSQL is down: 503 with Retry-After for whatever failed on the database
 * outside a controller — browser sessions live in PostgreSQL and are read in a filter, API tokens too.
 * It runs outside Spring Session's filter on purpose: the usual error page would look the session up
 * again (30 s until the pool gives up, each time), so pages get a static page that needs nothing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    private final JsonMapper json;

    DatabaseOutageFilter(JsonMapper json) {
        this.json = json;
    }

    static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>503 · Slipway</title>
              <link rel="stylesheet" href="/webjars/bootstrap/css/bootstrap.min.css">
            </head>
            <body>
            <main class="container py-4">
              <h1 class="h3">503 Service Unavailable</h1>
              <p>Slipway is unavailable for a moment. Nothing was changed; try again in a few seconds.</p>
              <p class="text-muted">%s</p>
            </main>
            </body>
            </html>
            """.formatted(DatabaseOutage.MESSAGE.replace("'", "&#39;"));

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (response.isCommitted() || !DatabaseOutage.explains(e)) {
                throw e;
            }
            log.warn("Answered 503 because the database cannot be reached: {}", e.getMessage());
            answerUnavailable(request, response);
        }
    }

    private void answerUnavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.reset();
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/")) {
            ApiProblemHandler.Problems.write(json, response, HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
                    DatabaseOutage.MESSAGE, path);
        } else {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setCharacterEncoding("UTF-8");
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.getWriter().write(PAGE);
        }
    }
}
