package dev.slipway.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Refused access and failed sign-ins become audit events (ASVS 7.2): one event per attempt with who,
 * which request and why, never a password or a stack trace. Each is written in a transaction of its own,
 * since the request it describes changes nothing. Recording is best effort: when it fails, the refusal
 * still stands and the failure is logged.
 */
@Component
public class AccessAudit {

    public static final String ACCESS_DENIED = "access.denied";
    public static final String SIGNIN_FAILED = "signin.failed";

    private static final Logger log = LoggerFactory.getLogger(AccessAudit.class);
    private static final int MAX_PATH = 300;

    private final AuditTrail trail;
    private final TransactionTemplate ownTransaction;

    AccessAudit(AuditTrail trail, PlatformTransactionManager transactions) {
        this.trail = trail;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A signed-in person was refused (403); {@code reason} says by which rule, in words safe to store. */
    public void refused(HttpServletRequest request, String reason) {
        record(ACCESS_DENIED, currentUser(), request, reason, Map.of());
    }

    /** Form login and HTTP Basic both publish this when a username and password do not match. */
    @EventListener
    void signInFailed(AbstractAuthenticationFailureEvent event) {
        Map<String, Object> more = new LinkedHashMap<>();
        if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null) {
            more.put("remoteAddress", web.getRemoteAddress());
        }
        record(SIGNIN_FAILED, clean(event.getAuthentication().getName(), 64), currentRequest(), reason(event.getException()),
                more);
    }

    /**
     * A sign-in refused outside Spring Security's own providers (an API token that is unknown, expired or
     * revoked); {@code who} is the account it belonged to when known, {@code more} never a credential.
     */
    public void signInRefused(HttpServletRequest request, String who, String reason, Map<String, Object> more) {
        Map<String, Object> details = new LinkedHashMap<>(more);
        if (request != null && request.getRemoteAddr() != null) {
            details.put("remoteAddress", request.getRemoteAddr());
        }
        record(SIGNIN_FAILED, who == null ? "anonymous" : clean(who, 64), request, reason, details);
    }

    private void record(String action, String actor, HttpServletRequest request, String reason, Map<String, Object> more) {
        String method = request == null ? "-" : clean(request.getMethod(), 16);
        String path = request == null ? "-" : clean(request.getRequestURI(), MAX_PATH);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", method);
        details.put("path", path);
        details.put("reason", clean(reason, 500));
        details.putAll(more);
        AuditEntry entry = AuditEntry.of(actor == null || actor.isEmpty() ? "anonymous" : actor, action, "request", path)
                .withDetails(details);
        try {
            ownTransaction.executeWithoutResult(status -> trail.record(entry));
        } catch (RuntimeException e) {
            log.warn("Could not record {} of {} {} for {}: {}", action, method, path, entry.actor(), e.getMessage());
        }
    }

    private static String currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            return "anonymous";
        }
        return clean(authentication.getName(), 64);
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
                ? servlet.getRequest() : null;
    }

    private static String reason(AuthenticationException e) {
        if (e instanceof BadCredentialsException) {
            return "unknown username or wrong password";
        }
        if (e instanceof DisabledException) {
            return "account disabled";
        }
        if (e instanceof LockedException) {
            return "account locked";
        }
        return "authentication failed (" + e.getClass().getSimpleName() + ")";
    }

    /** Text as a stranger sent it, made storable: no control characters (PostgreSQL refuses NUL), bounded length. */
    static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= max ? printable : printable.substring(0, max - 1) + "…";
    }
}
