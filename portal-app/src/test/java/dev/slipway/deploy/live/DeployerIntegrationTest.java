package dev.slipway.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deploy.DeployerScenario;
import dev.slipway.testsupport.KubeCluster;
import dev.slipway.testsupport.KubeTest;
import dev.slipway.testsupport.SlipwayTest;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.NetworkingV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.options.PatchOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/** The deployer against a real kube-apiserver: what is approved is what the cluster ends up with. */
@SlipwayTest
@KubeTest
class DeployerIntegrationTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired DriftLoop drift;
    @Autowired DeployedStates deployedStates;

    @Test
    void aFullSpecDeploysAndEveryObjectAndFieldIsThere(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("dev", false, "DETECT");
        String service = scenario.service("pay", DeployerScenario.fullSpec("registry.example.com/payments/api:1.4.2"));
        scenario.secret(service, "DB_PASSWORD", "hunter2-" + scenario.suffix);

        JsonNode plan = scenario.plan(service, env);
        assertThat(actions(plan)).containsEntry("Deployment/" + service, "CREATE").containsEntry("Secret/" + service + "-secrets", "CREATE");
        assertThat(plan.toString()).doesNotContain("hunter2");

        long id = scenario.deploy(service, env, null);
        JsonNode synced = scenario.awaitState(id, "SYNCED");

        assertThat(synced.get("decidedBy").asString()).isEqualTo("policy");
        String ns = "payments-" + env;
        var client = kube.client();
        V1Deployment deployment = new AppsV1Api(client).readNamespacedDeployment(service, ns).execute();
        assertThat(fieldsOwnedBySlipway(kube, ns, service)).as("replicas are left to the autoscaler")
                .doesNotContain("f:replicas").contains("f:template");
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example.com/payments/api:1.4.2");
        assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8080);
        assertThat(container.getResources().getRequests().get("cpu").toSuffixedString()).isEqualTo("250m");
        assertThat(container.getResources().getLimits().get("memory").toSuffixedString()).isEqualTo("512Mi");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/live");
        assertThat(container.getEnvFrom()).extracting(e -> e.getConfigMapRef() != null ? e.getConfigMapRef().getName()
                : e.getSecretRef().getName()).containsExactlyInAnyOrder(service + "-config", service + "-secrets");
        assertThat(deployment.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", service)
                .containsEntry("app.kubernetes.io/managed-by", "slipway").containsEntry("slipway.dev/team", "payments")
                .containsEntry("slipway.dev/environment", env).containsEntry("slipway.dev/revision", "2");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("slipway.dev/config-checksum");

        var core = new CoreV1Api(client);
        assertThat(core.readNamespacedConfigMap(service + "-config", ns).execute().getData()).containsEntry("LOG_LEVEL", "info");
        assertThat(new String(core.readNamespacedSecret(service + "-secrets", ns).execute().getData().get("DB_PASSWORD"),
                StandardCharsets.UTF_8)).isEqualTo("hunter2-" + scenario.suffix);
        var svc = core.readNamespacedService(service, ns).execute();
        assertThat(svc.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        var hpa = new AutoscalingV2Api(client).readNamespacedHorizontalPodAutoscaler(service, ns).execute();
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        var ingress = new NetworkingV1Api(client).readNamespacedIngress(service, ns).execute();
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("payments.example.com");
        assertThat(ingress.getSpec().getTls().get(0).getHosts()).containsExactly("payments.example.com");

        JsonNode run = synced.get("runs").get(0);
        assertThat(run.get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("applied").toString()).contains("kind: Deployment").contains("<hidden>").doesNotContain("hunter2");

        JsonNode again = scenario.plan(service, env);
        assertThat(actions(again).values()).as("plan after a sync: %s", again).containsOnly("UNCHANGED");

        JsonNode status = scenario.status(service, env);
        assertThat(status.get("revision").asInt()).as("setting the secret made revision 2").isEqualTo(2);
        assertThat(status.get("state").asString()).isEqualTo("SYNCED");
        assertThat(status.get("objects").toString()).contains("Deployment/" + service, "Ingress/" + service);
    }

    @Test
    void configFilesReachTheConfigMapAreMountedReadOnlyAtTheirPathsAndAChangeRollsThePods(KubeCluster kube)
            throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("files", false, "DETECT");
        Map<String, Object> spec = new HashMap<>(DeployerScenario.fullSpec("registry.example.com/payments/api:1.0.0"));
        spec.remove("secrets");
        spec.put("configFiles", List.of(Map.of("path", "/etc/checkout/app.yaml", "content", "port: 8080\r\nlog: info\r\n"),
                Map.of("path", "/opt/app/feature-flags.json", "content", "{}")));
        String service = scenario.service("files", spec);
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        String ns = "payments-" + env;
        var core = new CoreV1Api(kube.client());
        var apps = new AppsV1Api(kube.client());

        Map<String, String> data = core.readNamespacedConfigMap(service + "-config", ns).execute().getData();
        assertThat(data).containsEntry("file-etc-checkout-app.yaml", "port: 8080\nlog: info\n")
                .containsEntry("file-opt-app-feature-flags.json", "{}").containsEntry("LOG_LEVEL", "info");
        V1Deployment deployment = apps.readNamespacedDeployment(service, ns).execute();
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        assertThat(container.getVolumeMounts()).extracting(m -> m.getMountPath() + " " + m.getSubPath() + " "
                        + m.getReadOnly() + " " + m.getName())
                .containsExactly("/etc/checkout/app.yaml file-etc-checkout-app.yaml true config-files",
                        "/opt/app/feature-flags.json file-opt-app-feature-flags.json true config-files");
        assertThat(pod.getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("config-files");
            assertThat(volume.getConfigMap().getName()).isEqualTo(service + "-config");
            assertThat(volume.getConfigMap().getItems()).extracting(i -> i.getKey() + "=" + i.getPath()).containsExactly(
                    "file-etc-checkout-app.yaml=file-etc-checkout-app.yaml",
                    "file-opt-app-feature-flags.json=file-opt-app-feature-flags.json");
        });
        assertThat(container.getEnv()).extracting(e -> e.getName() + "<-" + e.getValueFrom().getConfigMapKeyRef().getKey())
                .containsExactly("LOG_LEVEL<-LOG_LEVEL");
        String checksum = deployment.getSpec().getTemplate().getMetadata().getAnnotations()
                .get("slipway.dev/config-checksum");

        Map<String, Object> next = new HashMap<>(spec);
        next.put("configFiles", List.of(Map.of("path", "/etc/checkout/app.yaml", "content", "port: 9090\n"),
                Map.of("path", "/opt/app/feature-flags.json", "content", "{}")));
        int revision = scenario.saveRevision(service, 1, next);
        scenario.awaitState(scenario.deploy(service, env, revision), "SYNCED");

        assertThat(core.readNamespacedConfigMap(service + "-config", ns).execute().getData())
                .containsEntry("file-etc-checkout-app.yaml", "port: 9090\n");
        assertThat(apps.readNamespacedDeployment(service, ns).execute().getSpec().getTemplate().getMetadata()
                .getAnnotations().get("slipway.dev/config-checksum")).as("a changed file rolls the pods")
                .isNotEqualTo(checksum);
        assertThat(actions(scenario.plan(service, env)).values()).containsOnly("UNCHANGED");
    }

    @Test
    void aNewRevisionUpdatesObjectsAndRemovingIngressAndAutoscalingPrunesThem(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("dev", false, "DETECT");
        Map<String, Object> spec = new HashMap<>(DeployerScenario.fullSpec("registry.example.com/payments/api:1.0.0"));
        spec.remove("secrets");
        String service = scenario.service("prune", spec);
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        String ns = "payments-" + env;
        assertThat(managedObjectsOnServicePage(service, env)).as("in the order a sync applies them")
                .containsExactly("ConfigMap " + ns + "/" + service + "-config", "Deployment " + ns + "/" + service,
                        "Service " + ns + "/" + service, "HorizontalPodAutoscaler " + ns + "/" + service,
                        "Ingress " + ns + "/" + service);

        Map<String, Object> next = new HashMap<>(spec);
        next.put("image", "registry.example.com/payments/api:2.0.0");
        next.remove("ingress");
        next.remove("autoscaling");
        int revision = scenario.saveRevision(service, 1, next);
        JsonNode plan = scenario.plan(service, env);
        assertThat(actions(plan)).containsEntry("Deployment/" + service, "UPDATE")
                .containsEntry("Ingress/" + service, "PRUNE").containsEntry("HorizontalPodAutoscaler/" + service, "PRUNE");

        JsonNode synced = scenario.awaitState(scenario.deploy(service, env, revision), "SYNCED");

        assertThat(managedObjectsOnServicePage(service, env)).as("pruned objects are no longer managed")
                .containsExactly("ConfigMap " + ns + "/" + service + "-config", "Deployment " + ns + "/" + service,
                        "Service " + ns + "/" + service);
        V1Deployment deployment = new AppsV1Api(kube.client()).readNamespacedDeployment(service, ns).execute();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/payments/api:2.0.0");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(new NetworkingV1Api(kube.client()).listNamespacedIngress(ns).execute().getItems()).isEmpty();
        assertThat(new AutoscalingV2Api(kube.client()).listNamespacedHorizontalPodAutoscaler(ns).execute().getItems()).isEmpty();
        assertThat(synced.get("runs").get(0).get("pruned").toString())
                .contains("Ingress/" + ns + "/" + service, "HorizontalPodAutoscaler/" + ns + "/" + service);
    }

    @Test
    void aSyncPrunesWhatItRecordedWithoutListingAndAPairFromBeforeTheRecordPrunesByLabelOnce(KubeCluster kube)
            throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("rec", false, "DETECT");
        Map<String, Object> spec = new HashMap<>(DeployerScenario.fullSpec("registry.example.com/payments/api:1.0.0"));
        spec.remove("secrets");
        String service = scenario.service("rec", spec);
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        long serviceId = jdbc.queryForObject("select id from services where name = ?", Long.class, service);
        long environmentId = jdbc.queryForObject("select id from environments where name = ?", Long.class, env);
        assertThat(jdbc.queryForList("select kind from managed_objects where service_id = ? and environment_id = ?",
                String.class, serviceId, environmentId))
                .as("recorded before applying; the shared namespace is never recorded")
                .containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler", "Ingress");

        // An object with Slipway's labels that no sync recorded (made by hand, or by a Slipway before V42).
        String ns = "payments-" + env;
        var core = new CoreV1Api(kube.client());
        core.createNamespacedConfigMap(ns, new io.kubernetes.client.openapi.models.V1ConfigMap()
                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name(service + "-stray")
                        .labels(Map.of("app.kubernetes.io/managed-by", "slipway", "app.kubernetes.io/name", service,
                                "slipway.dev/environment", env)))).execute();
        JsonNode recorded = scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        assertThat(recorded.get("runs").get(0).get("pruned").toString()).as("a normal sync prunes only what it recorded")
                .doesNotContain("-stray");
        assertThat(actions(scenario.plan(service, env))).as("the plan still lists by label and shows it")
                .containsEntry("ConfigMap/" + service + "-stray", "PRUNE");

        jdbc.update("insert into managed_objects (service_id, environment_id, kind, namespace, name)"
                + " values (?, ?, '*', '', '')", serviceId, environmentId);
        assertThat(managedObjectsOnServicePage(service, env)).as("the marker is no object").hasSize(5)
                .allMatch(o -> o.matches("\\w+ " + ns + "/" + service + ".*"));
        JsonNode byLabels = scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        assertThat(byLabels.get("runs").get(0).get("pruned").toString()).contains("ConfigMap/" + ns + "/" + service + "-stray");
        assertThat(core.listNamespacedConfigMap(ns).execute().getItems())
                .extracting(c -> c.getMetadata().getName()).doesNotContain(service + "-stray");
        assertThat(jdbc.queryForObject("select count(*) from managed_objects where service_id = ? and environment_id = ?"
                + " and kind = '*'", Integer.class, serviceId, environmentId)).as("labels are listed once").isZero();
    }

    @Test
    void aHandEditIsReportedAsDriftAndHealedInSelfHealEnvironments(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String detect = scenario.environment("watch", false, "DETECT");
        String heal = scenario.environment("heal", false, "SELF_HEAL");
        Map<String, Object> spec = new HashMap<>(DeployerScenario.fullSpec("registry.example.com/payments/api:1.0.0"));
        spec.remove("secrets");
        spec.remove("autoscaling");
        String service = scenario.service("drift", spec);
        scenario.awaitState(scenario.deploy(service, detect, null), "SYNCED");
        scenario.awaitState(scenario.deploy(service, heal, null), "SYNCED");

        handEditImage(kube, "payments-" + detect, service, "evil.example.com/miner:1");
        handEditImage(kube, "payments-" + heal, service, "evil.example.com/miner:1");
        checkDrift(service, detect);
        checkDrift(service, heal);

        JsonNode detected = scenario.status(service, detect);
        assertThat(detected.get("drift").asBoolean()).isTrue();
        assertThat(detected.get("driftDetail").asString()).contains("evil.example.com/miner:1");
        assertThat(imageOf(kube, "payments-" + detect, service)).isEqualTo("evil.example.com/miner:1");
        assertThat(imageOf(kube, "payments-" + heal, service)).isEqualTo("registry.example.com/payments/api:1.0.0");
        assertThat(scenario.status(service, heal).get("drift").asBoolean()).isFalse();
        assertThat(jdbc.queryForList("select action from audit_events where service = ? and environment = ?",
                String.class, service, heal)).contains("drift.detected", "drift.healed");
        assertThat(jdbc.queryForList("select action from audit_events where service = ? and environment = ?",
                String.class, service, detect)).contains("drift.detected").doesNotContain("drift.healed");
    }

    @Test
    void selfHealNeverAppliesObjectsThatRenderDifferentlyFromWhatWasApproved(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String heal = scenario.environment("moved", false, "SELF_HEAL");
        String service = scenario.service("moved", Map.of("image", "registry.example.com/payments/api:1.0.0"));
        scenario.awaitState(scenario.deploy(service, heal, null), "SYNCED");
        // The namespace the new template names exists, so the drift pass can plan there and would apply.
        new CoreV1Api(kube.client()).createNamespace(new io.kubernetes.client.openapi.models.V1Namespace()
                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name("payments-" + heal + "-new")))
                .execute();
        scenario.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/environments/" + heal),
                "carol", Map.of("name", heal, "cluster", scenario.cluster, "namespaceTemplate", "{team}-{environment}-new",
                        "order", 0, "requiresApproval", false, "driftMode", "SELF_HEAL"), 200);

        checkDrift(service, heal);

        assertThat(new DynamicKubernetesApi("apps", "v1", "deployments", kube.client())
                .get("payments-" + heal + "-new", service).isSuccess()).as("nothing applied where nobody approved it")
                .isFalse();
        assertThat(imageOf(kube, "payments-" + heal, service)).isEqualTo("registry.example.com/payments/api:1.0.0");
        assertThat(scenario.status(service, heal).get("drift").asBoolean()).isTrue();
        assertThat(jdbc.queryForList("select action from audit_events where service = ? and environment = ?",
                String.class, service, heal)).contains("drift.heal_refused").doesNotContain("drift.healed");
    }

    @Test
    void aDeploymentTheApiServerRejectsEndsFailedWithItsMessage(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("quota", false, "DETECT");
        String ns = "payments-" + env;
        freezeDeployments(kube, ns);
        String service = scenario.service("rejected", Map.of("image", "registry.example.com/payments/api:1.0.0"));

        JsonNode failed = scenario.awaitState(scenario.deploy(service, env, null), "FAILED");

        String error = failed.get("runs").get(0).get("error").asString();
        assertThat(error).contains("Deployment " + ns + "/" + service).contains("deployments are frozen in " + ns);
        long id = failed.get("id").asLong();
        String page = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/deployments/" + id)
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user("alice")))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("FAILED").contains("deployments are frozen in " + ns);

        // A person lifts the freeze and retries: the same request, with its approval, syncs.
        new DynamicKubernetesApi("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings", kube.client())
                .delete("freeze-" + ns);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode state = scenario.deployment(id);
                    if ("FAILED".equals(state.get("state").asString())) {
                        scenario.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                                "/api/v1/deployments/" + id + "/retry"), "alice", null, 200);
                    }
                    assertThat(scenario.deployment(id).get("state").asString()).isEqualTo("SYNCED");
                });
        assertThat(scenario.deployment(id).get("runs").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aDeclaredSecretWithoutAValueForTheEnvironmentRefusesTheRequest(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("nosecret", false, "DETECT");
        String service = scenario.service("nosecret", Map.of("image", "registry.example.com/payments/api:1.0.0",
                "secrets", List.of("DB_PASSWORD", "API_KEY")));
        scenario.secret(service, "API_KEY", "present");

        JsonNode problem = scenario.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                "/api/v1/services/" + service + "/deployments"), "alice", Map.of("environment", env), 422);

        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("secrets");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("DB_PASSWORD").doesNotContain("API_KEY");
        assertThat(jdbc.queryForObject("select count(*) from deployment_requests r join services s on s.id = r.service_id"
                + " where s.name = ?", Integer.class, service)).isZero();
    }

    @Test
    void aJobWhoseLeaseExpiredIsTakenOverAndALiveLeaseIsLeftAlone(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("lease", false, "DETECT");
        String first = scenario.service("lease-a", Map.of("image", "registry.example.com/payments/api:1.0.0"));
        String second = scenario.service("lease-b", Map.of("image", "registry.example.com/payments/api:1.0.0"));
        long crashed = scenario.awaitState(scenario.deploy(first, env, null), "SYNCED").get("id").asLong();
        long busy = scenario.awaitState(scenario.deploy(second, env, null), "SYNCED").get("id").asLong();
        // Two jobs as a crashed process and a busy one would leave them: same pair rules as any job.
        jdbc.update("insert into sync_jobs (request_id, service_id, environment_id, attempts, lease_owner, lease_expires_at)"
                + " select id, service_id, environment_id, 1, 'crashed-process#0/x', now() - interval '1 second'"
                + " from deployment_requests where id = ?", crashed);
        jdbc.update("insert into sync_jobs (request_id, service_id, environment_id, attempts, lease_owner, lease_expires_at)"
                + " select id, service_id, environment_id, 1, 'busy-process#0/y', now() + interval '1 hour'"
                + " from deployment_requests where id = ?", busy);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("select count(*) from sync_jobs where request_id = ?", Integer.class, crashed))
                        .as("the expired job was claimed by a live deployer").isZero());
        assertThat(jdbc.queryForObject("select lease_owner from sync_jobs where request_id = ?", String.class, busy))
                .isEqualTo("busy-process#0/y");
        jdbc.update("delete from sync_jobs where request_id = ?", busy);
    }

    @Test
    void theApiServerStoppingDuringASyncIsRetriedAndConverges(KubeCluster kube) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kube.canStopApiServer(), "needs bin/test-cluster's API server");
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("outage", false, "DETECT");
        String service = scenario.service("outage", Map.of("image", "registry.example.com/payments/api:1.0.0",
                "config", Map.of("A", "1")));
        kube.stopApiServer();
        long id;
        try {
            id = scenario.deploy(service, env, null);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(scenario.deployment(id).get("runs").toString()).contains("RETRYING"));
            Thread.sleep(3000); // stay down across more than one attempt
            assertThat(managedObjectsOnServicePage(service, env))
                    .as("read from the record while the cluster is down, though not created yet")
                    .containsExactly("ConfigMap payments-" + env + "/" + service + "-config",
                            "Deployment payments-" + env + "/" + service);
        } finally {
            kube.startApiServer();
        }

        JsonNode synced = scenario.awaitState(id, "SYNCED");

        List<String> outcomes = new ArrayList<>();
        synced.get("runs").forEach(r -> outcomes.add(r.get("outcome").asString()));
        assertThat(outcomes).last().isEqualTo("SUCCEEDED");
        assertThat(outcomes).filteredOn("SUCCEEDED"::equals).hasSize(1);
        assertThat(outcomes).contains("RETRYING");
        assertThat(new AppsV1Api(kube.client()).readNamespacedDeployment(service, "payments-" + env).execute()
                .getMetadata().getGeneration()).as("applied once, not once per attempt").isEqualTo(1L);
    }

    @Test
    void aJobWhoseDeployerDiedIsTakenOverAndTheDeadRunIsMarkedAbandoned(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("crash", false, "DETECT");
        String service = scenario.service("crash", Map.of("image", "registry.example.com/payments/api:1.0.0"));
        long id = scenario.deploy(service, env, null);
        scenario.awaitState(id, "SYNCED");

        // What a deployer killed in the middle of attempt 2 leaves behind: the request SYNCING, its run
        // RUNNING, its job leased to a process that is gone (the lease has just expired).
        jdbc.update("update deployment_requests set state = 'SYNCING', synced_at = null where id = ?", id);
        jdbc.update("insert into sync_runs (request_id, attempt, worker, started_at, outcome)"
                + " values (?, 2, 'dead-process#0', now(), 'RUNNING')", id);
        jdbc.update("insert into sync_jobs (request_id, service_id, environment_id, attempts, lease_owner, lease_expires_at)"
                + " select id, service_id, environment_id, 2, 'dead-process#0/x', now() - interval '1 second'"
                + " from deployment_requests where id = ?", id);

        JsonNode synced = scenario.awaitState(id, "SYNCED");

        List<String> runs = new ArrayList<>();
        synced.get("runs").forEach(r -> runs.add(r.get("attempt").asInt() + ":" + r.get("outcome").asString()));
        assertThat(runs).containsExactly("1:SUCCEEDED", "2:ABANDONED", "3:SUCCEEDED");
        assertThat(synced.get("runs").get(1).get("error").asString()).contains("another deployer took the job over");
    }

    @Test
    void twoDeployerWorkersApplyEachOf50RequestsOnceAndInOrderPerService(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("bulk", false, "DETECT");
        List<String> services = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            services.add(scenario.service("bulk" + i, Map.of("image", "registry.example.com/payments/api:1.0." + i)));
        }
        List<Long> ids = new ArrayList<>();
        for (String service : services) {
            scenario.saveRevision(service, 1, Map.of("image", "registry.example.com/payments/api:2.0.0"));
        }
        for (String service : services) {
            ids.add(scenario.deploy(service, env, 1));
            ids.add(scenario.deploy(service, env, 2));
        }

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).untilAsserted(() -> {
            Integer open = jdbc.queryForObject("select count(*) from deployment_requests where id = any(?)"
                    + " and state in ('APPROVED', 'SYNCING')", Integer.class, (Object) ids.toArray(Long[]::new));
            assertThat(open).isZero();
        });

        for (String service : services) {
            List<Map<String, Object>> rows = jdbc.queryForList("select r.id, r.revision, r.state, r.synced_at,"
                    + " (select count(*) from sync_runs x where x.request_id = r.id and x.outcome = 'SUCCEEDED') as applied"
                    + " from deployment_requests r join services s on s.id = r.service_id where s.name = ? order by r.id", service);
            assertThat(rows).hasSize(2);
            assertThat(rows).allSatisfy(r -> assertThat(((Number) r.get("applied")).intValue()).isLessThanOrEqualTo(1));
            assertThat(rows.get(1).get("state")).isEqualTo("SYNCED");
            assertThat(rows.get(0).get("state")).isIn("SYNCED", "SUPERSEDED");
            if ("SYNCED".equals(rows.get(0).get("state"))) {
                assertThat((java.sql.Timestamp) rows.get(0).get("synced_at")).isBefore((java.sql.Timestamp) rows.get(1).get("synced_at"));
            }
            assertThat(imageOf(kube, "payments-" + env, service)).isEqualTo("registry.example.com/payments/api:2.0.0");
        }
        Integer workers = jdbc.queryForObject("select count(distinct worker) from sync_runs where request_id = any(?)",
                Integer.class, (Object) ids.toArray(Long[]::new));
        assertThat(workers).as("both deployer workers took jobs").isGreaterThanOrEqualTo(2);
    }

    @Test
    void rollbackIsADeploymentOfAnOlderRevisionFromTheHistoryPage(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("roll", false, "DETECT");
        String service = scenario.service("roll", Map.of("image", "registry.example.com/payments/api:1.0.0"));
        scenario.saveRevision(service, 1, Map.of("image", "registry.example.com/payments/api:2.0.0"));
        scenario.awaitState(scenario.deploy(service, env, 2), "SYNCED");

        String page = pageAs("alice", "/services/" + service);
        assertThat(page).contains("data-testid=\"environment-" + env + "\"").contains("roll back to this");
        assertThat(page).contains("/services/" + service + "/plan?revision=1");
        JsonNode details = scenario.call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(
                "/api/v1/services/" + service), "alice", null, 200);
        assertThat(details.get("environments").get(0).get("environment").asString()).isEqualTo(env);
        assertThat(details.get("environments").get(0).get("revision").asInt()).isEqualTo(2);
        assertThat(details.get("environments").get(0).get("state").asString()).isEqualTo("SYNCED");

        String plan = pageAs("alice", "/services/" + service + "/plan?revision=1&environment=" + env);
        assertThat(plan).contains("data-testid=\"plan-Deployment-" + service + "\"").contains("UPDATE")
                .contains("registry.example.com/payments/api:1.0.0");
        var result = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .post("/services/" + service + "/deployments")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user("alice"))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                        .param("environment", env).param("revision", "1").param("comment", "roll back"))
                .andReturn();
        String location = result.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/deployments/");
        scenario.awaitState(Long.parseLong(location.substring("/deployments/".length())), "SYNCED");
        assertThat(imageOf(kube, "payments-" + env, service)).isEqualTo("registry.example.com/payments/api:1.0.0");
    }

    @Test
    void theStatusPageShowsHealthPodsAndEventsAndTheLogTail(KubeCluster kube) throws Exception {
        var scenario = new DeployerScenario(mvc).withCluster(kube);
        String env = scenario.environment("watch", false, "DETECT");
        String service = scenario.service("pods", Map.of("image", "registry.example.com/payments/api:1.0.0"));
        scenario.awaitState(scenario.deploy(service, env, null), "SYNCED");
        String ns = "payments-" + env;
        // No kubelet here: create the pod and an event the way a real cluster would report them, the pod with the
        // labels of Slipway's pod template, which the live-state cache watches by. (Raw JSON: client-java's models
        // send empty maps such as "overhead":{}, which the server refuses.)
        createRaw(kube, "pods", ns, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%1$s-abc12","labels":{
                  "app.kubernetes.io/managed-by":"slipway",
                  "app.kubernetes.io/name":"%1$s","slipway.dev/environment":"%2$s"}},
                 "spec":{"containers":[{"name":"%1$s","image":"nginx"}]}}""".formatted(service, env));
        createRaw(kube, "events", ns, """
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"%1$s-abc12.1"},
                 "involvedObject":{"kind":"Pod","name":"%1$s-abc12","namespace":"%2$s"},
                 "reason":"BackOff","message":"Back-off pulling image","type":"Warning",
                 "lastTimestamp":"%3$s"}""".formatted(service, ns,
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));

        // The status reads the live-state cache, which hears of the pod and its event within moments.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode seen = scenario.status(service, env);
            assertThat(seen.get("pods")).hasSize(1);
            assertThat(seen.get("events")).isNotEmpty();
        });
        JsonNode status = scenario.status(service, env);

        assertThat(status.get("health").asString()).isEqualTo("PROGRESSING");
        assertThat(status.get("pods").get(0).get("name").asString()).isEqualTo(service + "-abc12");
        assertThat(status.get("events").get(0).get("reason").asString()).isEqualTo("BackOff");
        // The page's timeline shows events once the lease holder has kept them, a moment after the cache has them.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                pageAs("alice", "/services/" + service + "/environments/" + env)).contains(service + "-abc12")
                .contains("Back-off pulling image").contains("PROGRESSING"));
        var logs = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .get("/api/v1/services/" + service + "/environments/" + env + "/logs?pod=" + service + "-abc12")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic("alice", "alice")))
                .andReturn().getResponse();
        // This API server has no kubelet, so the pod never ran and has no log lines: an empty tail, not an error.
        assertThat(logs.getStatus()).isEqualTo(200);
        assertThat(logs.getContentAsString()).contains("\"pod\":\"" + service + "-abc12\"").contains("\"log\":\"\"");
        var unknownPod = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .get("/api/v1/services/" + service + "/environments/" + env + "/logs?pod=someone-else")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic("alice", "alice")))
                .andReturn().getResponse();
        assertThat(unknownPod.getStatus()).isEqualTo(404);
    }

    private static void createRaw(KubeCluster kube, String plural, String ns, String json) {
        var object = new io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject(
                com.google.gson.JsonParser.parseString(json).getAsJsonObject());
        var response = new DynamicKubernetesApi("", "v1", plural, kube.client()).create(ns, object,
                new io.kubernetes.client.util.generic.options.CreateOptions());
        assertThat(response.isSuccess()).as("create %s: %s", plural, response.getStatus()).isTrue();
    }

    /** The objects the service page lists for one environment, e.g. "Deployment payments-dev/shop". */
    private List<String> managedObjectsOnServicePage(String service, String environment) throws Exception {
        String page = pageAs("alice", "/services/" + service);
        int list = page.indexOf("data-testid=\"objects-" + environment + "\"");
        if (list < 0) {
            return List.of();
        }
        var item = java.util.regex.Pattern.compile("<li><span>([^<]*)</span>\\s*<code>([^<]*)</code></li>")
                .matcher(page.substring(list, page.indexOf("</ul>", list)));
        List<String> objects = new ArrayList<>();
        while (item.find()) {
            objects.add(item.group(1) + " " + item.group(2));
        }
        return objects;
    }

    private String pageAs(String user, String path) throws Exception {
        var response = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path)
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(user)))
                .andReturn().getResponse();
        assertThat(response.getStatus()).as("%s -> %s", path, response.getContentAsString()).isEqualTo(200);
        return response.getContentAsString();
    }

    /** A ValidatingAdmissionPolicy that refuses every Deployment in one namespace, as a cluster guard would. */
    private static void freezeDeployments(KubeCluster kube, String ns) throws Exception {
        var policy = new io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject(com.google.gson.JsonParser.parseString("""
                {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicy",
                 "metadata":{"name":"freeze-%1$s"},
                 "spec":{"failurePolicy":"Fail","matchConstraints":{"resourceRules":[{"apiGroups":["apps"],
                   "apiVersions":["v1"],"operations":["CREATE","UPDATE"],"resources":["deployments"]}]},
                   "validations":[{"expression":"false","message":"deployments are frozen in %1$s"}]}}
                """.formatted(ns)).getAsJsonObject());
        var binding = new io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject(com.google.gson.JsonParser.parseString("""
                {"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingAdmissionPolicyBinding",
                 "metadata":{"name":"freeze-%1$s"},
                 "spec":{"policyName":"freeze-%1$s","validationActions":["Deny"],
                   "matchResources":{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"%1$s"}}}}}
                """.formatted(ns)).getAsJsonObject());
        assertThat(new DynamicKubernetesApi("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies",
                kube.client()).create(policy).isSuccess()).isTrue();
        assertThat(new DynamicKubernetesApi("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings",
                kube.client()).create(binding).isSuccess()).isTrue();
        var core = new CoreV1Api(kube.client());
        core.createNamespace(new io.kubernetes.client.openapi.models.V1Namespace()
                .metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name(ns))).execute();
        // The API server loads new policies asynchronously: wait until a dry run is refused.
        var probe = new io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject(com.google.gson.JsonParser.parseString("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"probe","namespace":"%s"},
                 "spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},
                   "spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""".formatted(ns)).getAsJsonObject());
        var options = new io.kubernetes.client.util.generic.options.CreateOptions();
        options.setDryRun("All");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                !new DynamicKubernetesApi("apps", "v1", "deployments", kube.client()).create(ns, probe, options).isSuccess());
    }

    /**
     * Runs the drift check of one service in one environment now, in a transaction of its own and under the
     * pair's row lock as every check does ({@code checkAlone}): the watch may be checking the same pair at this
     * moment, and two checks without the lock deadlock on its rows. A whole {@code drift.pass()} does nothing
     * while the scheduled pass holds the pass lock, and that pass may have read the objects before the test
     * changed them.
     */
    private void checkDrift(String service, String environment) {
        long requestId = jdbc.queryForObject("select d.request_id from deployed_state d join services s on s.id = d.service_id"
                + " join environments e on e.id = d.environment_id where s.name = ? and e.name = ?", Long.class, service,
                environment);
        var state = deployedStates.all().stream().filter(s -> s.requestId() == requestId).findFirst().orElseThrow();
        drift.checkAlone(state);
    }

    private static String fieldsOwnedBySlipway(KubeCluster kube, String ns, String name) {
        var raw = new DynamicKubernetesApi("apps", "v1", "deployments", kube.client()).get(ns, name).getObject().getRaw();
        for (var entry : raw.getAsJsonObject("metadata").getAsJsonArray("managedFields")) {
            if ("slipway".equals(entry.getAsJsonObject().get("manager").getAsString())) {
                return entry.getAsJsonObject().getAsJsonObject("fieldsV1").toString();
            }
        }
        throw new AssertionError("no managedFields entry of slipway on " + ns + "/" + name);
    }

    private static Map<String, String> actions(JsonNode plan) {
        Map<String, String> actions = new HashMap<>();
        plan.get("objects").forEach(o -> actions.put(o.get("kind").asString() + "/" + o.get("name").asString(),
                o.get("action").asString()));
        return actions;
    }

    private static void handEditImage(KubeCluster kube, String ns, String service, String image) {
        PatchOptions options = new PatchOptions();
        options.setFieldManager("kubectl-edit");
        String patch = "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"" + service + "\",\"image\":\"" + image + "\"}]}}}}";
        var response = new DynamicKubernetesApi("apps", "v1", "deployments", kube.client())
                .patch(ns, service, V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, new V1Patch(patch), options);
        assertThat(response.isSuccess()).as("hand edit %s", response.getStatus()).isTrue();
    }

    private static String imageOf(KubeCluster kube, String ns, String service) throws Exception {
        return new AppsV1Api(kube.client()).readNamespacedDeployment(service, ns).execute().getSpec().getTemplate()
                .getSpec().getContainers().get(0).getImage();
    }
}
