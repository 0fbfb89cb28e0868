package dev.slipway.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.SlipwayApplication;
import dev.slipway.deploy.DeployerScenario;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import dev.slipway.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two Slipway replicas on one database: the shared test context and a second application context started
 * here as a production replica would run (own web server, sessions in PostgreSQL, no demo data, the same
 * master key). Deployer jobs are spread over both and applied once each; the drift pass runs on one
 * replica at a time, spaced by the interval, and a stalled pass is fenced; a browser session survives a
 * replica restart.
 */
@SlipwayTest
@KubeTest
class ReplicasTest {

    private static final Duration GAP = Duration.ofMillis(400);
    private static ConfigurableApplicationContext second;

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired DriftLoop drift;
    @Autowired PeriodicPasses passes;
    @Autowired TransactionTemplate tx;
    @Autowired MeterRegistry meters;
    /** The deployer's workers live in deploy.engine; the test only starts and stops them. */
    @Autowired @Qualifier("deployerWorkers") SmartLifecycle localWorkers;

    @BeforeEach
    void startSecondReplica() {
        if (second == null) {
            second = replica();
        }
    }

    @AfterAll
    static void stopSecondReplica() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void deploymentJobsAreSpreadOverBothReplicasAndEachIsAppliedOnce(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("replicas", false, "DETECT");
        List<Long> ids = new ArrayList<>();
        // A request wakes this process's idle deployer threads at once, while the other replica only polls,
        // so requests made one by one would be taken by whichever replica is idle first. Queue them while both
        // replicas' threads are stopped, then start both: each finds a backlog, as after a burst of approvals,
        // and with 8 threads each, syncs of 50 ms or more, and 24 jobs, neither can take them all.
        SmartLifecycle secondWorkers = second.getBean("deployerWorkers", SmartLifecycle.class);
        localWorkers.stop();
        secondWorkers.stop();
        try {
            for (int i = 0; i < 24; i++) {
                String service = scenario.service("rep" + i, Map.of("image", "registry.example.com/payments/api:1." + i,
                        "config", Map.of("N", String.valueOf(i))));
                ids.add(scenario.deploy(service, env, null));
            }
        } finally {
            localWorkers.start();
            secondWorkers.start();
        }

        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("select count(*) from deployment_requests where id = any(?)"
                        + " and state = 'SYNCED'", Integer.class, (Object) ids.toArray(Long[]::new))).isEqualTo(ids.size()));

        List<Integer> succeededRuns = jdbc.queryForList("select (select count(*) from sync_runs x where"
                + " x.request_id = r.id and x.outcome = 'SUCCEEDED') from deployment_requests r where r.id = any(?)",
                Integer.class, (Object) ids.toArray(Long[]::new));
        assertThat(succeededRuns).hasSize(ids.size()).containsOnly(1);
        List<String> replicas = jdbc.queryForList("select distinct split_part(worker, '#', 1) from sync_runs"
                + " where request_id = any(?)", String.class, (Object) ids.toArray(Long[]::new));
        assertThat(replicas).as("both replicas took jobs").hasSize(2);
    }

    @Test
    void theDriftPassRunsOnOneReplicaAtATimeAndOncePerInterval() throws Exception {
        DriftLoop other = second.getBean(DriftLoop.class);
        Instant from = Instant.now();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        List<Future<?>> running = new ArrayList<>();
        for (DriftLoop replica : List.of(drift, other, drift, other)) {
            running.add(threads.submit(() -> {
                while (System.nanoTime() < deadline) {
                    replica.passIfDue(GAP);
                    Thread.sleep(20);
                }
                return null;
            }));
        }
        for (Future<?> thread : running) {
            thread.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        // The scheduled pass of either context may have begun inside the window too: let it finish.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from periodic_passes where loop_name = ? and started_at >= ? and outcome = 'RUNNING'",
                Integer.class, DriftLoop.LOOP, Timestamp.from(from)) == 0);

        List<Map<String, Object>> ran = jdbc.queryForList("select id, owner, started_at, ended_at, outcome from"
                + " periodic_passes where loop_name = ? and started_at >= ? order by id", DriftLoop.LOOP,
                Timestamp.from(from));
        assertThat(ran).as("passes in 6 s").hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < ran.size(); i++) {
            Instant previousStart = ((Timestamp) ran.get(i - 1).get("started_at")).toInstant();
            Instant previousEnd = ((Timestamp) ran.get(i - 1).get("ended_at")).toInstant();
            Instant start = ((Timestamp) ran.get(i).get("started_at")).toInstant();
            assertThat(start).as("pass %s starts after pass %s ended", ran.get(i), ran.get(i - 1))
                    .isAfterOrEqualTo(previousEnd);
            assertThat(Duration.between(previousStart, start)).as("once per interval").isGreaterThanOrEqualTo(GAP);
        }
        assertThat(ran).extracting(row -> row.get("outcome")).containsOnly("DONE");
        assertThat(attemptsThatFoundAnotherReplicaFirst(meters)).as("this replica was kept out").isPositive();
        assertThat(attemptsThatFoundAnotherReplicaFirst(second.getBean(MeterRegistry.class)))
                .as("the second replica was kept out").isPositive();
    }

    @Test
    void aPassThatStalledWhileANewerOneBeganIsFencedAndANewPassWaitsForWritesInFlight() throws Exception {
        String loop = "fence-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        PeriodicPasses.Pass stalled = passes.begin(loop, "stalled", Duration.ZERO).orElseThrow();
        PeriodicPasses.Pass current = second.getBean(PeriodicPasses.class).begin(loop, "current", Duration.ZERO)
                .orElseThrow();

        assertThat(isNewest(stalled)).isFalse();
        assertThat(isNewest(current)).isTrue();
        var someState = new DeployedStates.DeployedState(-1, -1, -1, 1, "0".repeat(64), Instant.now(), false, null, null, null, null);
        assertThat(drift.checkFenced(stalled, someState))
                .as("a fenced check does nothing (an unfenced one would fail on the unknown service)").isFalse();

        CountDownLatch writing = new CountDownLatch(1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Future<Instant> committed = thread.submit(() -> tx.execute(status -> {
            assertThat(passes.stillNewest(current)).isTrue();
            writing.countDown();
            sleep(Duration.ofMillis(800)); // a check of the current pass, writing
            return Instant.now();
        }));
        writing.await(10, TimeUnit.SECONDS);
        PeriodicPasses.Pass newest = second.getBean(PeriodicPasses.class).begin(loop, "newest", Duration.ZERO)
                .orElseThrow();
        Instant begun = Instant.now();
        thread.shutdown();

        assertThat(begun).as("the newer pass began only after the write in flight committed")
                .isAfterOrEqualTo(committed.get(10, TimeUnit.SECONDS));
        assertThat(isNewest(current)).isFalse();
        assertThat(isNewest(newest)).isTrue();
    }

    @Test
    void aBrowserSessionSurvivesARestartOfTheReplicaThatCreatedIt() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> loginPage = http.send(HttpRequest.newBuilder(url("/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String anonymous = sessionCookie(loginPage);
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(csrf.find()).as("CSRF token on %s", loginPage.body()).isTrue();
        String form = "username=carol&password=carol&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(url("/login"))
                .header("Cookie", anonymous).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow())
                .as("signing in lands on /, which sends on to what waits").endsWith("/");
        String session = sessionCookie(signedIn);
        assertThat(jdbc.queryForObject("select count(*) from spring_session where principal_name = 'carol'",
                Integer.class)).as("the session is in PostgreSQL").isPositive();

        second.close();
        second = replica();

        HttpResponse<String> after = http.send(HttpRequest.newBuilder(url("/clusters")).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("still signed in after the restart, not sent to /login").isEqualTo(200);
    }

    private boolean isNewest(PeriodicPasses.Pass pass) {
        return Boolean.TRUE.equals(tx.execute(status -> passes.stillNewest(pass)));
    }

    /** A replica as production runs it; settings as arguments, which outrank application.yml. */
    private static ConfigurableApplicationContext replica() {
        Map<String, String> settings = Map.of(
                "spring.datasource.url", TestDatabase.jdbcUrl(),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres",
                "server.port", "0",
                "slipway.demo-data", "false",
                // The same key as @SlipwayTest: replicas share one master key.
                "slipway.master-key", "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMDEyMzQ=",
                "slipway.deployer.poll-interval", "50ms",
                "slipway.drift.interval", "1s",
                "spring.main.banner-mode", "off");
        return new SpringApplicationBuilder(SlipwayApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port") + path);
    }

    private static String sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SLIPWAY_SESSION="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
    }

    private static double attemptsThatFoundAnotherReplicaFirst(MeterRegistry registry) {
        return registry.find("slipway.drift.passes").counters().stream()
                .filter(c -> List.of("busy", "not_due").contains(c.getId().getTag("outcome")))
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
