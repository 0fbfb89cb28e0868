package dev.slipway.common;

/** A system Slipway depends on (a cluster's API server) refused or could not be reached (502). */
public class UpstreamFailureException extends RuntimeException {

    public UpstreamFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
