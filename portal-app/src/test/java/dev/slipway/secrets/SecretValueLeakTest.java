package dev.slipway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import dev.slipway.testsupport.TestEnvironments;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The promise of docs/architecture.md ("REST API conventions"): a secret value is never returned, logged or rendered. Values go in through
 * every door (API, page, refused attempts), then every place that could show them is searched: API
 * answers, pages, every database table, the audit trail, and all log output with the chattiest
 * loggers turned up to debug.
 */
@SlipwayTest
@ExtendWith(OutputCaptureExtension.class)
class SecretValueLeakTest {

    /**
     * Every API address that shows a service, its revisions, secrets or history; adding a feature means
     * adding its line. {@code {name}} is the service, {@code {n}} each of its revisions, {@code {latest}}
     * the newest. Addresses not built yet answer 404, which cannot leak; once built they are checked.
     */
    private static final List<String> API_ADDRESSES = List.of(
            "/api/v1/services/{name}",
            "/api/v1/services/{name}/secrets",
            "/api/v1/services/{name}/revisions",
            "/api/v1/services/{name}/revisions/{n}",
            "/api/v1/services/{name}/revisions/1/diff/{n}",
            "/api/v1/services?team=payments",
            "/api/v1/services?q={name}",
            "/api/v1/services/{name}/plan?revision={latest}&environment=prod",
            "/api/v1/deployments?service={name}",
            "/api/v1/audit?service={name}",
            "/api/v1/audit/export?format=jsonl&service={name}",
            "/api/v1/audit/export?format=csv&service={name}",
            "/api/v1/audit?team=payments&action=secret.set",
            "/api/v1/audit/export?format=jsonl",
            "/api/v1/insights");

    /** The same for pages. */
    private static final List<String> PAGE_ADDRESSES = List.of(
            "/services",
            "/services/{name}",
            "/services/{name}/secrets",
            "/services/{name}/revisions",
            "/services/{name}/revisions/{n}",
            "/services/{name}/revisions/1/diff/{n}",
            "/services/{name}/edit",
            "/audit?service={name}",
            "/audit/export?format=csv&service={name}",
            "/audit/export?format=jsonl&service={name}",
            "/insights");

    /** Loggers that would print request bodies, parameters or SQL bind values if anything did. */
    private static final Map<String, Level> CHATTY_LOGGERS = Map.of(
            "dev.slipway", Level.DEBUG,
            "org.springframework.web", Level.DEBUG,
            "org.springframework.security", Level.DEBUG,
            "org.springframework.jdbc", Level.TRACE,
            "org.hibernate.SQL", Level.DEBUG,
            "org.hibernate.orm.jdbc.bind", Level.TRACE);

    @Autowired MockMvc mvc;
    @Autowired ClusterService clusters;
    @Autowired CatalogService catalog;
    @Autowired IdentityService identity;
    @Autowired SecretsService secrets;
    @Autowired JdbcTemplate jdbc;

    private final ListAppender<ILoggingEvent> logEvents = new ListAppender<>();
    private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();
    private final Map<Logger, Boolean> previousAdditivity = new LinkedHashMap<>();

    @BeforeEach
    void captureEveryLogEvent() {
        TestEnvironments.ensure(clusters, identity, "prod", "staging");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logEvents.setContext(context);
        logEvents.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logEvents);
        CHATTY_LOGGERS.forEach((name, level) -> {
            Logger logger = context.getLogger(name);
            previousLevels.put(logger, logger.getLevel());
            previousAdditivity.put(logger, logger.isAdditive());
            logger.setLevel(level);
            // Debug output goes to the capture only, not the console of the whole build.
            logger.setAdditive(false);
            logger.addAppender(logEvents);
        });
    }

    @AfterEach
    void restoreLogging() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        previousLevels.forEach((logger, level) -> {
            logger.detachAppender(logEvents);
            logger.setLevel(level);
            logger.setAdditive(previousAdditivity.get(logger));
        });
        previousLevels.clear();
        previousAdditivity.clear();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logEvents);
        logEvents.stop();
    }

    @Test
    void secretValueAppearsInNoAnswerPageDatabaseRowAuditEventOrLogLine(CapturedOutput output) throws Exception {
        String name = ServicesWithSecrets.register(catalog, identity, "DB_PASSWORD", "API_TOKEN");
        String viaApi = distinctive();
        String viaApiForProd = distinctive();
        String viaPage = distinctive();
        String refused = distinctive();
        String unreadable = distinctive();
        List<String> values = List.of(viaApi, viaApiForProd, viaPage, refused, unreadable);
        List<String> answers = new ArrayList<>();

        answers.add(send(put("/api/v1/services/{name}/secrets/DB_PASSWORD", name)
                .with(httpBasic("alice", "alice")).contentType(MediaType.APPLICATION_JSON)
                .content(json(viaApi)), 204));
        answers.add(send(put("/api/v1/services/{name}/secrets/DB_PASSWORD", name).param("environment", "prod")
                .with(httpBasic("alice", "alice")).contentType(MediaType.APPLICATION_JSON)
                .content(json(viaApiForProd)), 204));
        MvcResult saved = mvc.perform(post("/services/{name}/secrets/API_TOKEN", name)
                        .with(user("alice")).with(csrf())
                        .param("environment", "staging").param("value", viaPage))
                .andReturn();
        assertThat(saved.getResponse().getStatus()).isEqualTo(302);
        answers.add(saved.getResponse().getContentAsString() + saved.getFlashMap() + saved.getResponse()
                .getHeaderNames().stream().map(h -> h + ":" + saved.getResponse().getHeaders(h)).toList());

        // Refused attempts must not echo what they refused, nor log it.
        answers.add(send(put("/api/v1/services/{name}/secrets/UNDECLARED", name).with(httpBasic("alice", "alice"))
                .contentType(MediaType.APPLICATION_JSON).content(json(refused)), 422));
        answers.add(send(put("/api/v1/services/{name}/secrets/DB_PASSWORD", name).param("environment", "Not_Valid")
                .with(httpBasic("alice", "alice")).contentType(MediaType.APPLICATION_JSON)
                .content(json(refused)), 422));
        answers.add(send(put("/api/v1/services/{name}/secrets/DB_PASSWORD", name).with(httpBasic("dave", "dave"))
                .contentType(MediaType.APPLICATION_JSON).content(json(refused)), 403));
        answers.add(send(put("/api/v1/services/{name}/secrets/DB_PASSWORD", name).with(httpBasic("alice", "alice"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"value\": \"" + unreadable + "\",,}"), 400));
        answers.add(send(put("/api/v1/services/{name}/secrets/DB_PASSWORD", name).with(httpBasic("alice", "alice"))
                .contentType(MediaType.APPLICATION_JSON).content("{\"value\": [\"" + unreadable + "\"]}"), 400));
        answers.add(send(post("/services/{name}/secrets/API_TOKEN", name).with(user("alice")).with(csrf())
                .param("environment", "Not_Valid").param("value", refused), 422));
        answers.add(send(post("/services/{name}/secrets/API_TOKEN", name).with(user("dave")).with(csrf())
                .param("value", refused), 403));

        // The values really are stored, so their absence everywhere else means something.
        int latest = catalog.latestRevision(name).number();
        assertThat(secrets.resolve(name, latest, "prod")).containsEntry("DB_PASSWORD", viaApiForProd);
        assertThat(secrets.resolve(name, latest, "dev")).containsEntry("DB_PASSWORD", viaApi);
        assertThat(secrets.resolve(name, latest, "staging")).containsEntry("API_TOKEN", viaPage);

        for (String user : List.of("alice", "carol")) {
            for (String address : expand(API_ADDRESSES, name, latest)) {
                answers.add(read(get(address).with(httpBasic(user, user)), address));
            }
            for (String address : expand(PAGE_ADDRESSES, name, latest)) {
                answers.add(read(get(address).with(user(user)), address));
            }
        }
        String secretsList = read(get("/api/v1/services/{name}/secrets", name).with(httpBasic("alice", "alice")), "");
        String secretsPage = read(get("/services/{name}/secrets", name).with(user("alice")), "");
        assertThat(secretsList).contains("DB_PASSWORD", "API_TOKEN", "\"updatedBy\":\"alice\"");
        assertThat(secretsPage).contains("DB_PASSWORD", "API_TOKEN", "staging", "prod");

        // Snapshot the logs before probing the database: the probes bind the value themselves.
        // Deployer and drift threads log meanwhile; appending holds the appender's lock, so copy under it.
        List<ILoggingEvent> events;
        synchronized (logEvents) {
            events = List.copyOf(logEvents.list);
        }
        List<String> logged = events.stream().map(SecretValueLeakTest::rendered).toList();
        String printed = output.getAll();
        restoreLogging();

        assertThat(logged).as("the log capture works").anyMatch(line -> line.contains("binding parameter"));
        assertThat(logged).as("request bodies are printed at debug, through their toString")
                .anyMatch(line -> line.contains("SecretValueRequest[value=(hidden)]"));
        for (String value : values) {
            assertThat(logged).as("log events").noneMatch(line -> line.contains(value));
            assertThat(printed).as("console output").doesNotContain(value);
            assertThat(answers).as("answers and pages").noneMatch(answer -> answer.contains(value));
            assertThat(rowsContaining(value)).as("database rows").isEmpty();
            assertThat(jdbc.queryForObject("select count(*) from audit_events a where position(? in a::text) > 0"
                            + " or position(? in a.details::text) > 0", Integer.class, value, value))
                    .as("audit events").isZero();
            assertThat(jdbc.queryForObject("select count(*) from secret_values"
                            + " where position(convert_to(?, 'UTF8') in ciphertext) > 0", Integer.class, value))
                    .as("stored ciphertext").isZero();
        }
        assertThat(jdbc.queryForList("select details::text from audit_events where service = ? and action = 'secret.set'",
                String.class, name)).hasSize(3);
    }

    /** Every row of every table in the schema whose text form contains the value. */
    private List<String> rowsContaining(String value) {
        List<String> hits = new ArrayList<>();
        for (String table : jdbc.queryForList("select table_name from information_schema.tables"
                + " where table_schema = current_schema() and table_type = 'BASE TABLE'", String.class)) {
            Integer count = jdbc.queryForObject("select count(*) from \"" + table + "\" t"
                    + " where position(? in t::text) > 0", Integer.class, value);
            if (count != null && count > 0) {
                hits.add(table);
            }
        }
        return hits;
    }

    private String send(MockHttpServletRequestBuilder request, int expectedStatus) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(expectedStatus);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8) + result.getResponse().getHeaderNames();
    }

    private String read(MockHttpServletRequestBuilder request, String address) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        assertThat(result.getResponse().getStatus()).as(address).isLessThan(500);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<String> expand(List<String> templates, String name, int latest) {
        List<String> addresses = new ArrayList<>();
        for (String template : templates) {
            String withName = template.replace("{name}", name).replace("{latest}", String.valueOf(latest));
            if (withName.contains("{n}")) {
                for (int n = 1; n <= latest; n++) {
                    addresses.add(withName.replace("{n}", String.valueOf(n)));
                }
            } else {
                addresses.add(withName);
            }
        }
        return addresses;
    }

    private static String rendered(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        text.append(event.getMDCPropertyMap());
        for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
            text.append(' ').append(cause.getClassName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    private static String distinctive() {
        return "s3cr3t-" + UUID.randomUUID();
    }

    private static String json(String value) {
        return "{\"value\":\"" + value + "\"}";
    }
}
