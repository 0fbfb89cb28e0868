package dev.slipway.audit;

/**
 * The audit trail could not record an event, so the action it describes must not happen either (fail
 * closed). Thrown inside the caller's transaction, which therefore rolls back; the API answers 503.
 */
public class AuditUnavailableException extends RuntimeException {

    public static final String MESSAGE = "The change was not made because the audit trail could not record it."
            + " Try again; if this keeps happening, tell the platform team.";

    AuditUnavailableException(Throwable cause) {
        super(MESSAGE, cause);
    }
}
