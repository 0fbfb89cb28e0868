package dev.slipway.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseOutageTest {

    @Test
    void connectionFailuresInAnyWrappingAreAnOutage() {
        assertThat(DatabaseOutage.explains(new CannotCreateTransactionException("no connection"))).isTrue();
        assertThat(DatabaseOutage.explains(new DataAccessResourceFailureException("gone"))).isTrue();
        assertThat(DatabaseOutage.explains(new InternalAuthenticationServiceException("lookup failed",
                new SQLTransientConnectionException("Connection is not available, request timed out")))).isTrue();
        // pgjdbc while PostgreSQL shuts down (57P01) and when nothing listens (08001), wrapped by JPA
        assertThat(DatabaseOutage.explains(new JpaSystemException(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01"))))).isTrue();
        assertThat(DatabaseOutage.explains(new RuntimeException(new SQLException("Connection refused", "08001"))))
                .isTrue();
        // found by bench/faults (c): the rollback after a broken connection, reported instead of the I/O error
        assertThat(DatabaseOutage.explains(new JpaSystemException(new RuntimeException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed"))))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseOutage.explains(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(DatabaseOutage.explains(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseOutage.explains(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutage.explains(new IllegalStateException("bug"))).isFalse();
    }
}
