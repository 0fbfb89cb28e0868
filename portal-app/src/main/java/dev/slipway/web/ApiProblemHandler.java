package dev.slipway.web;

import dev.slipway.audit.AccessAudit;
import dev.slipway.audit.AuditUnavailableException;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.ConflictException;
import dev.slipway.common.DatabaseOutage;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.common.NulFreeText;
import dev.slipway.common.UpstreamFailureException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every failure of an API call into RFC 9457 problem+json. Validation problems list each
 * field with what would be accepted; nothing internal (stack traces, SQL) ever reaches the caller.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

    private final AccessAudit accessAudit;

    ApiProblemHandler(AccessAudit accessAudit) {
        this.accessAudit = accessAudit;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        return Problems.invalid(e.problems());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "Conflict", e.getMessage());
        if (!e.problems().isEmpty()) {
            problem.setProperty("errors", e.problems());
        }
        return problem;
    }

    /** Also PostgreSQL giving up a lock wait or choosing a deadlock's victim: the same change raced another. */
    @ExceptionHandler({OptimisticLockingFailureException.class, PessimisticLockingFailureException.class})
    ProblemDetail concurrentChange(Exception e) {
        return Problems.of(HttpStatus.CONFLICT, "Conflict", "Someone else changed this at the same time; reload and try again.");
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrity(DataIntegrityViolationException e) {
        log.info("Refused by a database constraint: {}", e.getMostSpecificCause().getMessage());
        return Problems.of(HttpStatus.CONFLICT, "Conflict", "The change conflicts with existing data (for example a duplicate name).");
    }

    @ExceptionHandler(AccessRefusedException.class)
    ProblemDetail refused(AccessRefusedException e, HttpServletRequest request) {
        accessAudit.refused(request, e.getMessage());
        return Problems.of(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ResponseEntity<ProblemDetail> auditUnavailable(AuditUnavailableException e) {
        log.error("Refused a change because its audit event could not be written: {}", e.getCause().getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Audit trail unavailable", e.getMessage()));
    }

    @ExceptionHandler(UpstreamFailureException.class)
    ProblemDetail upstream(UpstreamFailureException e) {
        return Problems.of(HttpStatus.BAD_GATEWAY, "Cluster error", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "a valid value" : "a value of type " + e.getRequiredType().getSimpleName();
        return Problems.invalid(List.of(new FieldProblem(e.getName(), "must be " + expected)));
    }

    /**
     * Tomcat parses the query string (and form bodies) only when a handler first asks for a parameter,
     * and refuses a malformed one then: a parameter without a name ({@code ?=x}), a bad percent escape
     * ({@code %zz}) or bytes that are not UTF-8. That is the caller's mistake, not ours.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> malformedParameters(InvalidParameterException e) {
        log.debug("Refused malformed request parameters: {}", e.getMessage());
        boolean tooMany = e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value();
        HttpStatus status = tooMany ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).body(Problems.of(status, "Malformed parameters", tooMany
                ? "The request has too many parameters."
                : "The query string is malformed: every parameter needs a name (name=value), and names and values"
                        + " must be percent-encoded UTF-8."));
    }

    /**
     * Spring Security's firewall checks parameter names when they are first read — for a form body, when
     * Spring looks for a converter for it — and refuses control characters and the like.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejected(RequestRejectedException e) {
        log.debug("Refused a request the firewall rejected: {}", e.getMessage());
        return Problems.of(HttpStatus.BAD_REQUEST, "Malformed request",
                "A parameter name contains characters that are not accepted (control characters, for example).");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseOutage.explains(e)) {
            log.warn("Answered 503 because the database cannot be reached: {}", e.getMessage());
            return unavailable();
        }
        log.error("Unexpected error answering an API call", e);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error", "Slipway could not complete this request; nothing was changed. The server log has details."));
    }

    private static ResponseEntity<ProblemDetail> unavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable", DatabaseOutage.MESSAGE));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String sent = ex.getContentType() == null ? "this Content-Type" : "Content-Type '" + ex.getContentType() + "'";
        ProblemDetail problem = Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                sent + " is not accepted here; send the body as " + MediaType.APPLICATION_JSON_VALUE + ".");
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = ex.getBindingResult().getFieldErrors().stream()
                .map(ApiProblemHandler::toProblem)
                .toList();
        return ResponseEntity.unprocessableEntity().body(Problems.invalid(problems));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(result.getMethodParameter().getParameterName(),
                                String.valueOf(error.getDefaultMessage()))))
                .toList();
        return ResponseEntity.unprocessableEntity().body(Problems.invalid(problems));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof NulFreeText.Refused nul) {
            String field = JsonErrors.pathOf(nul);
            return ResponseEntity.unprocessableEntity().body(Problems.invalid(List.of(
                    new FieldProblem(field.isEmpty() ? "body" : NulFreeText.shown(field), NulFreeText.PROBLEM))));
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Unreadable request body",
                JsonErrors.describe(ex));
        return ResponseEntity.badRequest().body(problem);
    }

    private static FieldProblem toProblem(FieldError error) {
        return new FieldProblem(error.getField(), String.valueOf(error.getDefaultMessage()));
    }

    /** Builders for the problem documents Slipway answers with. */
    static final class Problems {
        private Problems() {}

        static ProblemDetail of(HttpStatus status, String title, String detail) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
            problem.setTitle(title);
            problem.setType(URI.create("https://slipway.dev/problems/" + status.value()));
            return problem;
        }

        /**
         * Writes a problem document straight to a servlet response, for answers given outside Spring MVC's
         * message converters (a filter, the error controller). Sets status, content type and encoding.
         */
        static void write(JsonMapper json, HttpServletResponse response, HttpStatus status, String title, String detail,
                String instance) throws IOException {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "https://slipway.dev/problems/" + status.value());
            problem.put("title", title);
            problem.put("status", status.value());
            problem.put("detail", detail);
            problem.put("instance", instance);
            response.setStatus(status.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getWriter(), problem);
        }

        static ProblemDetail invalid(List<FieldProblem> problems) {
            String detail = problems.size() == 1
                    ? problems.get(0).field() + ": " + problems.get(0).message()
                    : problems.size() + " fields are invalid; see errors.";
            ProblemDetail problem = of(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid input", detail);
            problem.setProperty("errors", problems);
            return problem;
        }
    }
}
