package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.audit.AccessAudit;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * While PostgreSQL is down or restarting, callers are told to come back (503 with Retry-After), not
 * that Slipway is broken (500). The outage is thrown by stand-in controllers and filters: stopping the
 * shared test database would break every other test.
 */
class DatabaseOutageAnswersTest {

    /** What Spring reports when Hikari cannot hand out a connection within its timeout. */
    static final RuntimeException NO_CONNECTION = new CannotCreateTransactionException(
            "Could not open JPA EntityManager for transaction",
            new SQLTransientConnectionException("slipway - Connection is not available, request timed out", "08001"));

    @RestController
    static class FailingApi {
        @GetMapping("/api/v1/outage")
        String outage() {
            throw NO_CONNECTION;
        }

        @GetMapping("/api/v1/broken")
        String broken() {
            throw new IllegalStateException("a bug, not an outage");
        }

        @GetMapping("/api/v1/duplicate")
        String duplicate() {
            throw new DataIntegrityViolationException("duplicate key value violates unique constraint");
        }
    }

    @Controller
    static class FailingPage {
        @GetMapping("/outage")
        String outage() {
            throw new DataAccessResourceFailureException("terminating connection due to administrator command");
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingApi(), new FailingPage())
            .setControllerAdvice(new ApiProblemHandler(Mockito.mock(AccessAudit.class)),
                    new PageProblemHandler(Mockito.mock(AccessAudit.class)))
            .build();

    /** The session store and the API token check read PostgreSQL in filters, before any controller. */
    private final MockMvc outageInAFilter = MockMvcBuilders.standaloneSetup(new FailingApi(), new FailingPage())
            .addFilters(new DatabaseOutageFilter(JsonMapper.builder().build()), (request, response, chain) -> {
                throw NO_CONNECTION;
            })
            .build();

    @Test
    void anApiCallDuringADatabaseOutageIsAnswered503WithRetryAfter() throws Exception {
        var response = mvc.perform(get("/api/v1/outage")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo("10");
        assertThat(response.getContentAsString()).contains("database cannot be reached").doesNotContain("Hikari")
                .doesNotContain("timed out");
    }

    @Test
    void otherFailuresKeepTheirAnswers() throws Exception {
        var bug = mvc.perform(get("/api/v1/broken")).andReturn().getResponse();
        var conflict = mvc.perform(get("/api/v1/duplicate")).andReturn().getResponse();

        assertThat(bug.getStatus()).isEqualTo(500);
        assertThat(bug.getHeader("Retry-After")).isNull();
        assertThat(conflict.getStatus()).isEqualTo(409);
    }

    @Test
    void anOutageOutsideControllersIs503ProblemJsonForTheApiAndAStaticPageForBrowsers() throws Exception {
        var api = outageInAFilter.perform(get("/api/v1/me")).andReturn().getResponse();
        var page = outageInAFilter.perform(get("/services")).andReturn().getResponse();

        assertThat(api.getStatus()).isEqualTo(503);
        assertThat(api.getHeader("Retry-After")).isEqualTo("10");
        assertThat(api.getContentType()).startsWith("application/problem+json");
        assertThat(api.getContentAsString()).contains("\"status\":503").contains("\"instance\":\"/api/v1/me\"");
        assertThat(page.getStatus()).isEqualTo(503);
        assertThat(page.getHeader("Retry-After")).isEqualTo("10");
        assertThat(page.getContentType()).startsWith("text/html");
        assertThat(page.getContentAsString()).contains("try again in a few seconds").doesNotContain("Exception");
    }

    @Test
    void otherFailuresInAFilterAreNotTurnedInto503() {
        MockMvc failing = MockMvcBuilders.standaloneSetup(new FailingApi())
                .addFilters(new DatabaseOutageFilter(JsonMapper.builder().build()), (request, response, chain) -> {
                    throw new IllegalStateException("a bug in a filter");
                })
                .build();

        assertThatThrownBy(() -> failing.perform(get("/api/v1/me"))).hasMessage("a bug in a filter");
    }

    @Test
    void aPageDuringADatabaseOutageIsTheFriendly503Page() throws Exception {
        var result = mvc.perform(get("/outage")).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(503);
        assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("10");
        assertThat(result.getModelAndView().getViewName()).isEqualTo("error");
        assertThat(result.getModelAndView().getModel()).containsEntry("status", 503);
    }
}
