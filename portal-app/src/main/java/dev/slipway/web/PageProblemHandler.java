package dev.slipway.web;

import dev.slipway.audit.AccessAudit;
import dev.slipway.audit.AuditUnavailableException;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.ConflictException;
import dev.slipway.common.DatabaseOutage;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.common.UpstreamFailureException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** Shows the friendly error page for pages; the status code still tells the truth. */
@ControllerAdvice(annotations = Controller.class)
class PageProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(PageProblemHandler.class);

    private final AccessAudit accessAudit;

    PageProblemHandler(AccessAudit accessAudit) {
        this.accessAudit = accessAudit;
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e) {
        return page(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AccessRefusedException.class)
    ModelAndView refused(AccessRefusedException e, HttpServletRequest request) {
        accessAudit.refused(request, e.getMessage());
        return page(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(AuditUnavailableException.class)
    ModelAndView auditUnavailable(AuditUnavailableException e) {
        log.error("Refused a change because its audit event could not be written: {}", e.getCause().getMessage());
        return page(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ModelAndView conflict(ConflictException e) {
        return page(HttpStatus.CONFLICT, e.getMessage());
    }

    /** Pages validate their own forms; this catches what reaches a page through its address (bad parameters). */
    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e) {
        return page(HttpStatus.UNPROCESSABLE_CONTENT, String.join("; ", e.problems().stream()
                .map(p -> p.field() + " " + p.message()).toList()));
    }

    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    ModelAndView badParameter(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e) {
        return page(HttpStatus.BAD_REQUEST, e.getName() + " has a value of the wrong type");
    }

    @ExceptionHandler(UpstreamFailureException.class)
    ModelAndView upstream(UpstreamFailureException e) {
        return page(HttpStatus.BAD_GATEWAY, e.getMessage());
    }

    /**
     * A page that needs the database while PostgreSQL is down or restarting says so and asks to try
     * again; everything else goes on to the error page as before (rethrowing passes it on).
     */
    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletResponse response) throws Exception {
        if (!DatabaseOutage.explains(e)) {
            throw e;
        }
        log.warn("Showed the 503 page because the database cannot be reached: {}", e.getMessage());
        return unavailable(response);
    }

    private static ModelAndView unavailable(HttpServletResponse response) {
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
        return page(HttpStatus.SERVICE_UNAVAILABLE, DatabaseOutage.MESSAGE);
    }

    static ModelAndView page(HttpStatus status, String message) {
        ModelAndView view = new ModelAndView("error");
        view.setStatus(status);
        view.addObject("status", status.value());
        view.addObject("error", status.getReasonPhrase());
        view.addObject("detail", message);
        return view;
    }
}
