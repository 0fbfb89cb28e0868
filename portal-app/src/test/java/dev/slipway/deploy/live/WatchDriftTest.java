package dev.slipway.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.slipway.clusters.ClusterService;
import dev.slipway.deploy.DeployerScenario;
import dev.slipway.deploy.live.ClusterWatchLeases;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.Kubeconfigs;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Drift from watches against a real kube-apiserver (docs/live-state.md): nobody calls a check here; hand
 * edits, deletions and label removals are flagged (DETECT) or undone (SELF_HEAL) within two seconds by
 * the running cache, fields of other managers are not drift, a broken watch catches up, and a replica
 * takes a dead one's clusters over.
 */
@SlipwayTest
@KubeTest
class WatchDriftTest {

    private static final Duration WITHIN = Duration.ofSeconds(2);

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired LiveStateCache cache;
    @Autowired ClusterService clusters;
    @Autowired ClusterWatchLeases leases;
    @Autowired ApplicationEventPublisher events;
    @Autowired DataSource dataSource;
    @Autowired LiveStateSettings settings;
    @Autowired WatchDrift watchDrift;
    @Autowired DeployedStates deployed;
    @Autowired org.springframework.transaction.support.TransactionTemplate tx;

    /** A service synced to a DETECT and a SELF_HEAL environment, watched by the cache. */
    private record Deployed(DeployerScenario scenario, String service, String detect, String heal) {
        String namespace(String environment) {
            return "payments-" + environment;
        }
    }

    private Deployed deployed(KubeCluster kube, Map<String, Object> spec) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String detect = scenario.environment("wd", false, "DETECT");
        String heal = scenario.environment("wh", false, "SELF_HEAL");
        String service = scenario.service("watched", spec);
        scenario.awaitState(scenario.deploy(service, detect, null), "SYNCED");
        scenario.awaitState(scenario.deploy(service, heal, null), "SYNCED");
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                cache.holdsLease(scenario.cluster) && fingerprintsRecorded(service, detect) && fingerprintsRecorded(service, heal));
        return new Deployed(scenario, service, detect, heal);
    }

    private static Map<String, Object> smallSpec() {
        Map<String, Object> spec = new HashMap<>(DeployerScenario.fullSpec("registry.example.com/payments/api:1.0.0"));
        spec.remove("secrets");
        spec.remove("autoscaling");
        return spec;
    }

    @Test
    void aHandEditIsFlaggedInDetectAndUndoneInSelfHealWithinTwoSeconds(KubeCluster kube) throws Exception {
        Deployed d = deployed(kube, smallSpec());

        setImage(kube, d.namespace(d.detect()), d.service(), "evil.example.com/miner:1");
        setImage(kube, d.namespace(d.heal()), d.service(), "evil.example.com/miner:1");

        awaitWithin(() -> drift(d.service(), d.detect()) && audited(d.service(), d.detect(), "drift.detected"));
        awaitWithin(() -> "registry.example.com/payments/api:1.0.0".equals(image(kube, d.namespace(d.heal()), d.service()))
                && audited(d.service(), d.heal(), "drift.healed"));
        assertThat(image(kube, d.namespace(d.detect()), d.service())).isEqualTo("evil.example.com/miner:1");
        assertThat(actions(d.service(), d.detect())).containsOnlyOnce("drift.detected").doesNotContain("drift.healed");
        assertThat(d.scenario().status(d.service(), d.detect()).get("driftDetail").asString()).contains("evil.example.com/miner:1");
    }

    @Test
    void aDeletedObjectIsDriftAndSelfHealCreatesItAgain(KubeCluster kube) throws Exception {
        Deployed d = deployed(kube, smallSpec());

        new CoreV1Api(kube.client()).deleteNamespacedConfigMap(d.service() + "-config", d.namespace(d.detect())).execute();
        new CoreV1Api(kube.client()).deleteNamespacedConfigMap(d.service() + "-config", d.namespace(d.heal())).execute();

        awaitWithin(() -> drift(d.service(), d.detect()));
        awaitWithin(() -> exists(kube, d.namespace(d.heal()), d.service() + "-config") && audited(d.service(), d.heal(), "drift.healed"));
        assertThat(exists(kube, d.namespace(d.detect()), d.service() + "-config")).isFalse();
    }

    @Test
    void removingSlipwaysLabelIsDriftToo(KubeCluster kube) throws Exception {
        Deployed d = deployed(kube, smallSpec());

        // Without managed-by the object leaves the watch's selection: to the cache it is gone.
        removeLabel(kube, d.namespace(d.detect()), d.service(), "app.kubernetes.io~1managed-by");
        removeLabel(kube, d.namespace(d.heal()), d.service(), "slipway.dev~1team");

        awaitWithin(() -> drift(d.service(), d.detect()) && audited(d.service(), d.detect(), "drift.detected"));
        awaitWithin(() -> serviceLabels(kube, d.namespace(d.heal()), d.service()).containsKey("slipway.dev/team")
                && audited(d.service(), d.heal(), "drift.healed"));
    }

    @Test
    void fieldsOfOtherManagersAreNeverDrift(KubeCluster kube) throws Exception {
        Map<String, Object> spec = new HashMap<>(DeployerScenario.fullSpec("registry.example.com/payments/api:1.0.0"));
        spec.remove("secrets"); // autoscaled: replicas belong to the autoscaler, not to Slipway
        Deployed d = deployed(kube, spec);

        for (String environment : List.of(d.detect(), d.heal())) {
            String ns = d.namespace(environment);
            // What an autoscaler does, and what a webhook or a person adding an annotation does.
            PatchUtils.patch(Object.class, () -> new AppsV1Api(kube.client()).patchNamespacedDeploymentScale(d.service(),
                                    ns, new V1Patch("{\"spec\":{\"replicas\":7}}"))
                            .fieldManager("horizontal-pod-autoscaler").buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, kube.client());
            PatchUtils.patch(Object.class, () -> new AppsV1Api(kube.client()).patchNamespacedDeployment(d.service(), ns,
                                    new V1Patch("{\"metadata\":{\"annotations\":{\"team.example.com/owner\":\"bob\"}}}"))
                            .fieldManager("kubectl-annotate").buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, kube.client());
        }
        Thread.sleep(WITHIN.toMillis()); // the events have been seen and compared long before this

        for (String environment : List.of(d.detect(), d.heal())) {
            assertThat(drift(d.service(), environment)).as("drift in %s", environment).isFalse();
            assertThat(actions(d.service(), environment)).doesNotContain("drift.detected", "drift.healed");
            assertThat(new AppsV1Api(kube.client()).readNamespacedDeployment(d.service(), d.namespace(environment))
                    .execute().getSpec().getReplicas()).isEqualTo(7);
        }
    }

    @Test
    void aWatchBrokenByAnApiServerRestartCatchesUpWithAnEditMadeMeanwhile(KubeCluster kube) throws Exception {
        assumeThat(kube.canStopApiServer()).as("the test cluster can stop its API server").isTrue();
        Deployed d = deployed(kube, smallSpec());

        kube.stopApiServer();
        try {
            Thread.sleep(3000); // the watches fail and back off
        } finally {
            kube.startApiServer();
        }
        // Made at once, before the watches come back from their backoff: only the relist can see it.
        setImage(kube, d.namespace(d.detect()), d.service(), "evil.example.com/while-away:1");

        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> drift(d.service(), d.detect()) && audited(d.service(), d.detect(), "drift.detected"));
        // And the watch is live again: the next edit is seen within the usual time.
        setImage(kube, d.namespace(d.heal()), d.service(), "evil.example.com/after:1");
        awaitWithin(() -> "registry.example.com/payments/api:1.0.0".equals(image(kube, d.namespace(d.heal()), d.service())));
    }

    @Test
    void anotherReplicaTakesOverTheWatchOfAKilledOneWithinFifteenSeconds(KubeCluster kube) throws Exception {
        Deployed d = deployed(kube, smallSpec());
        long clusterId = clusters.clusterId(d.scenario().cluster).orElseThrow();
        LiveStateCache other = new LiveStateCache(clusters, leases, events, dataSource, settings, watchDrift);
        other.start();
        try {
            Thread.sleep(ClusterWatchLeases.RENEW_EVERY.toMillis() + 500);
            assertThat(other.holdsLease(d.scenario().cluster)).as("the first replica still holds it").isFalse();

            long killedAt = System.nanoTime();
            cache.halt(); // as kill -9: no release, the lease runs out
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> other.holdsLease(d.scenario().cluster));
            Duration takeOver = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(leases.holder(clusterId)).isPresent();
            // Taking over compares every pair on its clusters once (earlier tests' drift included); then it is live.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(other::idle);

            setImage(kube, d.namespace(d.heal()), d.service(), "evil.example.com/miner:2");
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                    "registry.example.com/payments/api:1.0.0".equals(image(kube, d.namespace(d.heal()), d.service())));
            assertThat(takeOver).isLessThan(Duration.ofSeconds(15));
        } finally {
            other.destroy();
            cache.start();
        }
    }

    @Test
    void pagesOfAReplicaThatDoesNotActForTheClusterHearOfRecordedDriftWithinASecond(KubeCluster kube) throws Exception {
        Deployed d = deployed(kube, smallSpec());
        long serviceId = jdbc.queryForObject("select id from services where name = ?", Long.class, d.service());
        long environmentId = jdbc.queryForObject("select id from environments where name = ?", Long.class, d.detect());
        java.util.concurrent.BlockingQueue<LiveStateChanged> heard = new java.util.concurrent.LinkedBlockingQueue<>();
        LiveStateCache other = new LiveStateCache(clusters, leases, event -> {
            if (event instanceof LiveStateChanged change && change.service().equals(d.service())) {
                heard.add(change);
            }
        }, dataSource, settings, watchDrift);
        other.start();
        try {
            Thread.sleep(ClusterWatchLeases.RENEW_EVERY.toMillis() + 500); // listening, and watching the cluster
            assertThat(other.holdsLease(d.scenario().cluster)).isFalse();
            heard.clear();

            // What the holder does when it finds drift; the other replica sees nothing of it in its own cache.
            long recordedAt = System.nanoTime();
            tx.executeWithoutResult(s -> deployed.driftChecked(serviceId, environmentId, true, "[]", java.time.Instant.now()));
            LiveStateChanged change = heard.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - recordedAt) / 1_000_000;
            assertThat(change).as("the other replica's pages heard of it within a second").isNotNull();
            assertThat(change.environment()).isEqualTo(d.detect());
            System.err.println("Recorded drift reached another replica's pages after " + tookMillis + " ms");
        } finally {
            other.destroy();
        }
    }

    @Test
    void anUnreachableClusterSaysSinceWhen() throws Exception {
        var scenario = new DeployerScenario(mvc);
        String name = "gone-" + scenario.suffix;
        scenario.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/clusters"), "carol",
                Map.of("name", name, "kubeconfig", Kubeconfigs.UNREACHABLE), 201);

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> cache.connection(name).map(c -> c.failure() != null).orElse(false));
        ClusterLiveState.Connection connection = cache.connection(name).orElseThrow();
        assertThat(connection.synced()).isFalse();
        assertThat(connection.failingSince()).isNotNull();
        assertThat(clusterPage(name)).contains("watches failing").contains("last event seen").contains("never");
    }

    @Test
    void theClusterPageSaysItIsWatchedAndWhoActsOnIt(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> cache.holdsLease(scenario.cluster));

        assertThat(clusterPage(scenario.cluster)).contains("data-testid=\"cluster-watch\"").contains(">watched<")
                .contains("This replica acts on it");
    }

    private String clusterPage(String name) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/clusters/" + name)
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user("carol").roles("USER", "PLATFORM_ADMIN")))
                .andReturn().getResponse().getContentAsString();
    }

    private boolean fingerprintsRecorded(String service, String environment) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select count(*) > 0 and count(*) = count(m.applied_fingerprint) from managed_objects m
                join services s on s.id = m.service_id join environments e on e.id = m.environment_id
                where s.name = ? and e.name = ?""", Boolean.class, service, environment));
    }

    private boolean drift(String service, String environment) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select d.drift from deployed_state d join services s on s.id = d.service_id
                join environments e on e.id = d.environment_id where s.name = ? and e.name = ?""", Boolean.class,
                service, environment));
    }

    private List<String> actions(String service, String environment) {
        return jdbc.queryForList("select action from audit_events where service = ? and environment = ?", String.class,
                service, environment);
    }

    private boolean audited(String service, String environment, String action) {
        return actions(service, environment).contains(action);
    }

    private static void awaitWithin(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    private static void setImage(KubeCluster kube, String namespace, String name, String image) throws Exception {
        // The container is named after the service; a patch naming another would add a container instead.
        String patch = "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + name + "\",\"image\":\""
                + image + "\"}]}}}}";
        PatchUtils.patch(Object.class, () -> new AppsV1Api(kube.client()).patchNamespacedDeployment(name, namespace,
                        new V1Patch(patch)).fieldManager("kubectl-edit").buildCall(null),
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, kube.client());
    }

    private static String image(KubeCluster kube, String namespace, String name) throws Exception {
        return new AppsV1Api(kube.client()).readNamespacedDeployment(name, namespace).execute().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }

    private static boolean exists(KubeCluster kube, String namespace, String configMap) {
        try {
            new CoreV1Api(kube.client()).readNamespacedConfigMap(configMap, namespace).execute();
            return true;
        } catch (io.kubernetes.client.openapi.ApiException e) {
            return false;
        }
    }

    private static void removeLabel(KubeCluster kube, String namespace, String service, String escapedLabel) throws Exception {
        PatchUtils.patch(Object.class, () -> new CoreV1Api(kube.client()).patchNamespacedService(service, namespace,
                        new V1Patch("[{\"op\":\"remove\",\"path\":\"/metadata/labels/" + escapedLabel + "\"}]"))
                .fieldManager("kubectl-label").buildCall(null), V1Patch.PATCH_FORMAT_JSON_PATCH, kube.client());
    }

    private static Map<String, String> serviceLabels(KubeCluster kube, String namespace, String service) throws Exception {
        return new CoreV1Api(kube.client()).readNamespacedService(service, namespace).execute().getMetadata().getLabels();
    }
}
