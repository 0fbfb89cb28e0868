package dev.slipway.deploy.logs;

/** This replica has as many live tails open as {@code slipway.logs.max-streams} allows (answered with 503). */
class LogStreamsBusyException extends RuntimeException {

    LogStreamsBusyException(int max) {
        super("This Slipway replica already follows " + max + " live log streams, the most it may at once;"
                + " close a log page you no longer read, or try again in a minute.");
    }
}
