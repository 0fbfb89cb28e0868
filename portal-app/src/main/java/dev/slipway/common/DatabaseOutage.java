package dev.slipway.common;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure that says "PostgreSQL cannot be reached right now" from every other failure, so
 * callers can answer 503 with Retry-After (try again) instead of 500 (something is broken). The same
 * outage surfaces in many wrappings — Spring's transaction and data-access exceptions, Hibernate's,
 * Spring Security's — so the whole cause chain is searched.
 */
public final class DatabaseOutage {

    /** What a client is told to wait: about how long a PostgreSQL restart or failover takes. */
    public static final int RETRY_AFTER_SECONDS = 10;

    public static final String MESSAGE = "Slipway's database cannot be reached right now, so nothing was changed."
            + " Try again in a few seconds.";

    private DatabaseOutage() {}

    public static boolean explains(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && (isConnectionState(sql.getSQLState()) || isPoolClosedConnection(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * HikariCP closes a connection it saw break ("An I/O error occurred"); rolling back on it then fails
     * with this SQLState-less exception, which Spring throws in place of the original error.
     */
    private static boolean isPoolClosedConnection(SQLException sql) {
        return sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage());
    }

    /**
     * SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server shuts down, crashed, or
     * cannot accept connections yet): what pgjdbc reports while PostgreSQL restarts.
     */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
