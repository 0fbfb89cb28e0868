package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Checking a password needs the account row: while PostgreSQL is down, HTTP Basic and the sign-in form
 * must say "try again" (503), not "wrong password" (401, /login?error).
 */
class SignInDuringDatabaseOutageTest {

    static final InternalAuthenticationServiceException OUTAGE = new InternalAuthenticationServiceException(
            "Could not open JPA EntityManager for transaction", new CannotCreateTransactionException("no connection"));

    @Test
    void basicAuthDuringAnOutageIs503WithRetryAfter() throws Exception {
        var response = new MockHttpServletResponse();

        SecurityConfiguration.problemEntryPoint(true).commence(new MockHttpServletRequest(), response, OUTAGE);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("10");
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("database cannot be reached");
    }

    @Test
    void aWrongPasswordIsStill401() throws Exception {
        var response = new MockHttpServletResponse();

        SecurityConfiguration.problemEntryPoint(true).commence(new MockHttpServletRequest(), response,
                new BadCredentialsException("Bad credentials"));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("Retry-After")).isNull();
    }

    @Test
    void theSignInFormDuringAnOutageShowsThe503PageInsteadOfWrongPassword() throws Exception {
        var handler = SecurityConfiguration.outageAwareFailure(new SimpleUrlAuthenticationFailureHandler("/login?error"));
        var outage = new MockHttpServletResponse();
        var wrongPassword = new MockHttpServletResponse();

        handler.onAuthenticationFailure(new MockHttpServletRequest("POST", "/login"), outage, OUTAGE);
        handler.onAuthenticationFailure(new MockHttpServletRequest("POST", "/login"), wrongPassword,
                new BadCredentialsException("Bad credentials"));

        assertThat(outage.getStatus()).isEqualTo(503);
        assertThat(outage.getHeader("Retry-After")).isEqualTo("10");
        assertThat(wrongPassword.getRedirectedUrl()).isEqualTo("/login?error");
    }
}
