package dev.slipway.web;

import dev.slipway.common.DatabaseOutage;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers what reaches {@code /error}: addresses nothing is mapped to (404, 405), failures outside any
 * controller (filters, request parsing), and direct visits. Callers of {@code /api/**} get RFC 9457
 * problem+json like every other API answer; everyone else gets the HTML error page. Neither shows
 * internals. Replaces Spring Boot's BasicErrorController, whose JSON is neither.
 */
@Controller
class FallbackErrorController implements ErrorController {

    private final JsonMapper json;

    FallbackErrorController(JsonMapper json) {
        this.json = json;
    }

    /** Every method: a container may forward with the failed request's method (Tomcat 11 uses GET). */
    @RequestMapping("${server.error.path:/error}")
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = statusOf(request);
        String path = originalPath(request);
        if (path.startsWith("/api/")) {
            ApiProblemHandler.Problems.write(json, response, status, titleOf(status), detailOf(status, request, response),
                    path);
            return null;
        }
        return PageProblemHandler.page(status, status == HttpStatus.SERVICE_UNAVAILABLE ? DatabaseOutage.MESSAGE : null);
    }

    /** Without an error status this is a visit to /error itself, where there is nothing to see. */
    private static HttpStatus statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code instanceof Integer value) {
            HttpStatus status = HttpStatus.resolve(value);
            if (status != null && status.isError()) {
                return status;
            }
            return HttpStatus.INTERNAL_SERVER_ERROR;
        }
        return HttpStatus.NOT_FOUND;
    }

    private static String originalPath(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String value ? value : request.getRequestURI();
        String context = request.getContextPath();
        return !context.isEmpty() && path.startsWith(context) ? path.substring(context.length()) : path;
    }

    private static String titleOf(HttpStatus status) {
        return switch (status) {
            case SERVICE_UNAVAILABLE -> "Database unavailable";
            case INTERNAL_SERVER_ERROR -> "Internal error";
            default -> status.getReasonPhrase();
        };
    }

    private static String detailOf(HttpStatus status, HttpServletRequest request, HttpServletResponse response) {
        return switch (status) {
            case NOT_FOUND -> "Nothing is served at this address. The API's operations are listed at /v3/api-docs.";
            case METHOD_NOT_ALLOWED -> {
                String allowed = response.getHeader(HttpHeaders.ALLOW);
                // Tomcat 11 forwards as GET and keeps the original method in an attribute (Servlet 6.1)
                Object method = request.getAttribute(RequestDispatcher.ERROR_METHOD);
                yield (method == null ? request.getMethod() : method) + " is not supported at this address"
                        + (allowed == null || allowed.isBlank() ? "." : "; it accepts " + allowed + ".");
            }
            case BAD_REQUEST -> "The request is malformed: check the query string (every parameter needs a name, and"
                    + " names and values must be percent-encoded UTF-8), the headers and the body.";
            case CONTENT_TOO_LARGE -> "The request body must be at most 1 MiB.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as " + MediaType.APPLICATION_JSON_VALUE + ".";
            case NOT_ACCEPTABLE -> "The API answers " + MediaType.APPLICATION_JSON_VALUE + "; accept it.";
            case SERVICE_UNAVAILABLE -> DatabaseOutage.MESSAGE;
            case INTERNAL_SERVER_ERROR ->
                "Slipway could not complete this request; nothing was changed. The server log has details.";
            default -> status.getReasonPhrase() + ".";
        };
    }
}
