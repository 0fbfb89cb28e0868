package dev.slipway.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.slipway.deploy.live.HealthAssessment.Observed;
import dev.slipway.deploy.live.WorkloadStatus.Health;
import dev.slipway.deploy.live.WorkloadStatus.HpaCondition;
import dev.slipway.deploy.live.WorkloadStatus.PodInfo;
import dev.slipway.deploy.live.WorkloadStatus.Report;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthAssessmentTest {

    private static final Instant NOW = Instant.parse("2025-05-06T10:00:00Z");
    private static final String POD = "checkout-7d9f8c6b5-abcde";
    private static final String IMAGE = "registry.example.com/payments/checkout:1.4.2";

    @Test
    void rolledOutDeploymentWithEveryPodReadyIsHealthy() {
        Report report = assess(aDeployment().rolledOut(2), aPod(POD), aPod("checkout-7d9f8c6b5-fghij"));

        assertThat(report.health()).isEqualTo(Health.HEALTHY);
        assertThat(report.summary()).isEqualTo("2/2 replicas ready");
        assertThat(report.pods()).extracting(PodInfo::reason).containsOnlyNulls();
        assertThat(report.pods().get(0).ready()).isTrue();
        assertThat(report.pods().get(0).phase()).isEqualTo("Running");
        assertThat(report.pods().get(0).startedAt()).isEqualTo(Instant.parse("2025-05-06T09:00:00Z"));
    }

    @Test
    void crashLoopingPodMakesTheServiceDegradedNamingThePod() {
        var pod = aPod(POD).notReady("2025-05-06T09:58:00Z").container("""
                {"name":"app","image":"%s","ready":false,"started":false,"restartCount":3,
                 "state":{"waiting":{"reason":"CrashLoopBackOff",
                   "message":"back-off 40s restarting failed container=app pod=checkout-7d9f8c6b5-abcde_payments-dev(0b1c)"}},
                 "lastState":{"terminated":{"exitCode":1,"reason":"Error",
                   "startedAt":"2025-05-06T09:59:10Z","finishedAt":"2025-05-06T09:59:11Z"}}}""".formatted(IMAGE));

        Report report = assess(aDeployment().progressing(2, 0, 2), pod);

        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).isEqualTo("Pod " + POD
                + ": container app is crash-looping (CrashLoopBackOff, 3 restarts; last exit: Error, code 1)");
        PodInfo info = report.pods().get(0);
        assertThat(info.restarts()).isEqualTo(3);
        assertThat(info.waitingReason()).isEqualTo("CrashLoopBackOff");
        assertThat(info.lastTerminationReason()).isEqualTo("Error (exit 1)");
        assertThat(info.reason()).startsWith("container app is crash-looping");
        assertThat(info.ready()).isFalse();
    }

    @Test
    void containerThatKeepsRestartingBetweenBackOffsStaysDegraded() {
        var pod = aPod(POD).notReady("2025-05-06T09:58:00Z").container("""
                {"name":"app","image":"%s","ready":false,"started":true,"restartCount":4,
                 "state":{"running":{"startedAt":"2025-05-06T09:59:58Z"}},
                 "lastState":{"terminated":{"exitCode":1,"reason":"Error",
                   "startedAt":"2025-05-06T09:58:30Z","finishedAt":"2025-05-06T09:58:31Z"}}}""".formatted(IMAGE));

        Report report = assess(aDeployment().progressing(1, 0, 1), pod);

        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).isEqualTo("Pod " + POD
                + ": container app is crash-looping (4 restarts; last exit: Error, code 1)");
    }

    @Test
    void imageThatIsNeverPulledMakesTheServiceDegradedNamingTheImageAndThePod() {
        var pod = aPod(POD).pending().container("""
                {"name":"app","image":"%1$s","ready":false,"started":false,"restartCount":0,
                 "state":{"waiting":{"reason":"ErrImageNeverPull",
                   "message":"Container image \\"%1$s\\" is not present with pull policy of Never"}}}""".formatted(IMAGE));

        Report report = assess(aDeployment().progressing(1, 0, 1), pod);

        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).isEqualTo("Pod " + POD + ": container app (image " + IMAGE + ") cannot start: "
                + "the image is not on the node and its pull policy is Never (ErrImageNeverPull: Container image \""
                + IMAGE + "\" is not present with pull policy of Never)");
        assertThat(report.pods().get(0).waitingReason()).isEqualTo("ErrImageNeverPull");
        assertThat(report.pods().get(0).lastTerminationReason()).isNull();
    }

    @Test
    void imagePullBackOffShortensALongPullError() {
        String longError = "Back-off pulling image \"" + IMAGE + "\": ErrImagePull: failed to pull and unpack image: "
                + "x".repeat(400);
        var pod = aPod(POD).pending().container("""
                {"name":"app","image":"%s","ready":false,"started":false,"restartCount":0,
                 "state":{"waiting":{"reason":"ImagePullBackOff","message":"%s"}}}"""
                .formatted(IMAGE, longError.replace("\"", "\\\"")));

        Report report = assess(aDeployment().progressing(1, 0, 1), pod);

        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).startsWith("Pod " + POD + ": container app (image " + IMAGE
                + ") cannot start: the image cannot be pulled (ImagePullBackOff: Back-off pulling image").endsWith("…)");
        assertThat(report.summary().length()).isLessThan(400);
    }

    @Test
    void missingSecretMakesTheServiceDegradedWithTheKubeletsWords() {
        var pod = aPod(POD).pending().container("""
                {"name":"app","image":"%s","ready":false,"started":false,"restartCount":0,
                 "state":{"waiting":{"reason":"CreateContainerConfigError","message":"secret \\"checkout-db\\" not found"}}}"""
                .formatted(IMAGE));

        Report report = assess(aDeployment().progressing(1, 0, 1), pod);

        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).isEqualTo("Pod " + POD + ": container app (image " + IMAGE + ") cannot start: "
                + "its configuration cannot be used (CreateContainerConfigError: secret \"checkout-db\" not found)");
    }

    @Test
    void containerKilledForItsMemoryLimitMakesTheServiceDegraded() {
        var pod = aPod(POD).notReady("2025-05-06T09:59:00Z").memoryLimit("64Mi").container("""
                {"name":"app","image":"%s","ready":false,"started":false,"restartCount":2,
                 "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 20s restarting failed container"}},
                 "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled",
                   "startedAt":"2025-05-06T09:59:20Z","finishedAt":"2025-05-06T09:59:40Z"}}}""".formatted(IMAGE));

        Report report = assess(aDeployment().progressing(1, 0, 1), pod);

        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).isEqualTo("Pod " + POD
                + ": container app was killed for exceeding its memory limit (OOMKilled, 2 restarts, limit 64Mi)");
        assertThat(report.pods().get(0).lastTerminationReason()).isEqualTo("OOMKilled");
    }

    @Test
    void anOomKillLongAgoOfAContainerThatRunsFineSinceDoesNotCount() {
        var pod = aPod(POD).container("""
                {"name":"app","image":"%s","ready":true,"started":true,"restartCount":1,
                 "state":{"running":{"startedAt":"2025-05-06T08:00:00Z"}},
                 "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled",
                   "startedAt":"2025-05-06T07:00:00Z","finishedAt":"2025-05-06T07:59:59Z"}}}""".formatted(IMAGE));

        Report report = assess(aDeployment().rolledOut(1), pod);

        assertThat(report.health()).isEqualTo(Health.HEALTHY);
        assertThat(report.pods().get(0).lastTerminationReason()).isEqualTo("OOMKilled");
        assertThat(report.pods().get(0).reason()).isNull();
    }

    @Test
    void podTheSchedulerCannotPlaceMakesTheServiceDegradedWithTheSchedulersMessage() {
        var pod = aPod(POD).unscheduled("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are "
                + "available: 3 No preemption victims found for incoming pod.");

        Report report = assess(aDeployment().progressing(1, 0, 1), pod);

        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).isEqualTo("Pod " + POD + ": cannot be scheduled: 0/3 nodes are available: "
                + "3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.");
        assertThat(report.pods().get(0).phase()).isEqualTo("Pending");
    }

    @Test
    void readinessProbeFailingForAFewSecondsIsProgressingNamingTheProbe() {
        var pod = aPod(POD).notReady("2025-05-06T09:59:45Z").container(runningButNotReady());

        Report report = assess(aDeployment().progressing(1, 0, 1), List.of(pod.json()),
                List.of(readinessFailed(POD, "2025-05-06T09:59:55Z")));

        assertThat(report.health()).isEqualTo(Health.PROGRESSING);
        assertThat(report.summary()).isEqualTo("Pod " + POD
                + ": readiness probe failing: Readiness probe failed: HTTP probe failed with statuscode: 503");
    }

    @Test
    void readinessProbeFailingForLongerIsDegradedNamingTheProbe() {
        var pod = aPod(POD).notReady("2025-05-06T09:58:00Z").container(runningButNotReady());

        Report report = assess(aDeployment().progressing(1, 0, 1), List.of(pod.json()),
                List.of(readinessFailed(POD, "2025-05-06T09:59:55Z")));

        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).isEqualTo("Pod " + POD
                + ": readiness probe failing: Readiness probe failed: HTTP probe failed with statuscode: 503");
        assertThat(report.pods().get(0).reason()).startsWith("readiness probe failing");
    }

    @Test
    void podThatIsNotReadyWithoutAProbeEventSaysSoAndIsNeverHealthy() {
        var pod = aPod(POD).notReady("2025-05-06T09:58:00Z").container(runningButNotReady());

        Report report = assess(aDeployment().progressing(1, 0, 1), pod);

        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).isEqualTo("Pod " + POD + ": container app is running but not ready");
    }

    @Test
    void probeFailuresFromBeforeThePodLastBecameNotReadyAreNotBlamed() {
        var pod = aPod(POD).notReady("2025-05-06T09:58:00Z").container(runningButNotReady());

        Report report = assess(aDeployment().progressing(1, 0, 1), List.of(pod.json()),
                List.of(readinessFailed(POD, "2025-05-06T09:00:00Z")));

        assertThat(report.summary()).isEqualTo("Pod " + POD + ": container app is running but not ready");
    }

    @Test
    void readinessFailingOfANewPodWhileARolloutIsUnderWayIsProgressing() {
        var oldPod = aPod("checkout-5c4b3a291-zzzzz");
        var newPod = aPod(POD).notReady("2025-05-06T09:55:00Z").container(runningButNotReady());

        Report report = assess(aDeployment().progressing(2, 2, 1).replicas(3), List.of(oldPod.json(), newPod.json()),
                List.of(readinessFailed(POD, "2025-05-06T09:59:55Z")));

        assertThat(report.health()).isEqualTo(Health.PROGRESSING);
        assertThat(report.summary()).isEqualTo("Pod " + POD
                + ": readiness probe failing: Readiness probe failed: HTTP probe failed with statuscode: 503");
    }

    @Test
    void crashLoopOfANewPodWhileARolloutIsUnderWayIsDegraded() {
        var oldPod = aPod("checkout-5c4b3a291-zzzzz");
        var newPod = aPod(POD).notReady("2025-05-06T09:59:00Z").container("""
                {"name":"app","image":"%s","ready":false,"started":false,"restartCount":1,
                 "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 10s restarting failed container"}},
                 "lastState":{"terminated":{"exitCode":2,"reason":"Error",
                   "startedAt":"2025-05-06T09:59:40Z","finishedAt":"2025-05-06T09:59:41Z"}}}""".formatted(IMAGE));

        Report report = assess(aDeployment().progressing(2, 2, 1).replicas(3), oldPod, newPod);

        assertThat(report.health()).isEqualTo(Health.DEGRADED);
        assertThat(report.summary()).isEqualTo("Pod " + POD
                + ": container app is crash-looping (CrashLoopBackOff, 1 restart; last exit: Error, code 2)");
    }

    @Test
    void podBeingDeletedIsIgnoredForHealth() {
        var leaving = aPod("checkout-5c4b3a291-zzzzz").deleting().notReady("2025-05-06T09:50:00Z").container("""
                {"name":"app","image":"%s","ready":false,"started":false,"restartCount":7,
                 "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s restarting failed container"}},
                 "lastState":{"terminated":{"exitCode":1,"reason":"Error",
                   "startedAt":"2025-05-06T09:55:00Z","finishedAt":"2025-05-06T09:55:01Z"}}}""".formatted(IMAGE));

        Report report = assess(aDeployment().rolledOut(1), leaving, aPod(POD));

        assertThat(report.health()).isEqualTo(Health.HEALTHY);
        assertThat(report.pods()).extracting(PodInfo::name).containsExactly("checkout-5c4b3a291-zzzzz", POD);
        assertThat(report.pods().get(0).reason()).isEqualTo("is terminating");
    }

    @Test
    void deploymentCountsAloneDoNotMakeItHealthyWhileAPodIsStillCreated() {
        var creating = aPod("checkout-7d9f8c6b5-fghij").pending().container("""
                {"name":"app","image":"%s","ready":false,"started":false,"restartCount":0,
                 "state":{"waiting":{"reason":"ContainerCreating"}}}""".formatted(IMAGE));

        Report report = assess(aDeployment().rolledOut(1), aPod(POD), creating);

        assertThat(report.health()).isEqualTo(Health.PROGRESSING);
        assertThat(report.summary()).isEqualTo("Pod checkout-7d9f8c6b5-fghij: not ready yet (ContainerCreating)");
    }

    @Test
    void oldPodsStillCountedByTheDeploymentKeepTheRolloutProgressingThoughTheNewOnesAreReady() {
        // A rollout of one replica: the new pod is Ready, the old one still counts in status.replicas.
        Report report = assess(aDeployment().rolledOut(1).replicas(2), aPod(POD));

        assertThat(report.health()).isEqualTo(Health.PROGRESSING);
        assertThat(report.summary()).isEqualTo("1 old replica is still being replaced");
    }

    @Test
    void podWithoutAnyStatusYetLeavesTheRolloutProgressing() {
        JsonObject bare = JsonParser.parseString("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"payments-dev"},
                 "spec":{"containers":[{"name":"app","image":"nginx"}]}}""".formatted(POD)).getAsJsonObject();

        Report report = assess(aDeployment().progressing(1, 0, 1), List.of(bare), List.of());

        assertThat(report.health()).isEqualTo(Health.PROGRESSING);
        assertThat(report.summary()).isEqualTo("0/1 replicas ready, 1 updated");
        assertThat(report.pods().get(0).phase()).isEqualTo("Pending");
        assertThat(report.pods().get(0).reason()).isNull();
    }

    @Test
    void progressDeadlineExceededStaysDegradedAndTheSummaryNamesThePodFirst() {
        var deployment = aDeployment().progressing(1, 0, 1).condition("""
                {"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded",
                 "message":"ReplicaSet \\"checkout-7d9f8c6b5\\" has timed out progressing."}""");
        var pod = aPod(POD).notReady("2025-05-06T09:59:50Z").container(runningButNotReady());

        Report withPod = assess(deployment, List.of(pod.json()), List.of(readinessFailed(POD, "2025-05-06T09:59:55Z")));
        Report alone = assess(deployment, List.of(), List.of());

        assertThat(withPod.health()).isEqualTo(Health.DEGRADED);
        assertThat(withPod.summary()).isEqualTo("Pod " + POD + ": readiness probe failing: Readiness probe failed: HTTP "
                + "probe failed with statuscode: 503; ProgressDeadlineExceeded: ReplicaSet \"checkout-7d9f8c6b5\" has "
                + "timed out progressing.");
        assertThat(alone.health()).isEqualTo(Health.DEGRADED);
        assertThat(alone.summary()).isEqualTo("ProgressDeadlineExceeded: ReplicaSet \"checkout-7d9f8c6b5\" has timed out "
                + "progressing.");
    }

    @Test
    void noDeploymentIsMissing() {
        Report report = HealthAssessment.assess("payments-dev", "checkout",
                new Observed(Optional.empty(), List.of(), Optional.empty(), List.of()), NOW);

        assertThat(report.health()).isEqualTo(Health.MISSING);
        assertThat(report.summary()).isEqualTo("No Deployment checkout in payments-dev");
    }

    @Test
    void autoscalerBoundsUtilisationAndConditionsAreRead() {
        JsonObject hpa = JsonParser.parseString("""
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
                 "metadata":{"name":"checkout","namespace":"payments-dev"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"checkout"},
                   "minReplicas":2,"maxReplicas":6,
                   "metrics":[{"type":"Resource","resource":{"name":"cpu",
                     "target":{"type":"Utilization","averageUtilization":70}}}]},
                 "status":{"currentReplicas":2,"desiredReplicas":3,
                   "currentMetrics":[{"type":"Resource","resource":{"name":"cpu",
                     "current":{"averageValue":"212m","averageUtilization":106}}}],
                   "conditions":[
                     {"type":"AbleToScale","status":"True","reason":"SucceededRescale",
                      "message":"the HPA controller was able to update the target scale to 3"},
                     {"type":"ScalingActive","status":"True","reason":"ValidMetricFound",
                      "message":"the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"},
                     {"type":"ScalingLimited","status":"False","reason":"DesiredWithinRange",
                      "message":"the desired count is within the acceptable range"}]}}""").getAsJsonObject();

        Report report = HealthAssessment.assess("payments-dev", "checkout", new Observed(
                Optional.of(aDeployment().rolledOut(2).json()), List.of(), Optional.of(hpa), List.of()), NOW);

        assertThat(report.hpa()).isNotNull();
        assertThat(report.hpa().minReplicas()).isEqualTo(2);
        assertThat(report.hpa().maxReplicas()).isEqualTo(6);
        assertThat(report.hpa().currentReplicas()).isEqualTo(2);
        assertThat(report.hpa().desiredReplicas()).isEqualTo(3);
        assertThat(report.hpa().currentCpuUtilization()).isEqualTo(106);
        assertThat(report.hpa().targetCpuUtilization()).isEqualTo(70);
        assertThat(report.hpa().conditions()).first().isEqualTo(new HpaCondition("AbleToScale", "True",
                "the HPA controller was able to update the target scale to 3"));
        assertThat(report.hpa().conditions()).extracting(HpaCondition::type)
                .containsExactly("AbleToScale", "ScalingActive", "ScalingLimited");
    }

    @Test
    void autoscalerWithoutMetricsYetHasNoUtilisation() {
        JsonObject hpa = JsonParser.parseString("""
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"checkout"},
                 "spec":{"maxReplicas":4,"metrics":[{"type":"Resource","resource":{"name":"cpu",
                   "target":{"type":"Utilization","averageUtilization":80}}}]},
                 "status":{"currentReplicas":0,"desiredReplicas":0}}""").getAsJsonObject();

        var info = HealthAssessment.autoscaling(hpa);

        assertThat(info.minReplicas()).isEqualTo(1);
        assertThat(info.currentCpuUtilization()).isNull();
        assertThat(info.targetCpuUtilization()).isEqualTo(80);
        assertThat(info.conditions()).isEmpty();
    }

    @Test
    void previousLogIsReadFromTheContainerThatRestarted() {
        var pod = aPod(POD).json();
        pod.getAsJsonObject("spec").getAsJsonArray("containers").add(JsonParser.parseString("""
                {"name":"proxy","image":"envoyproxy/envoy:v1.30.1"}""").getAsJsonObject());
        pod.getAsJsonObject("status").getAsJsonArray("containerStatuses").add(JsonParser.parseString("""
                {"name":"proxy","image":"envoyproxy/envoy:v1.30.1","ready":true,"started":true,"restartCount":5,
                 "state":{"running":{"startedAt":"2025-05-06T09:00:00Z"}}}""").getAsJsonObject());

        assertThat(WorkloadStatus.containerForLogs(pod, true)).isEqualTo("proxy");
        assertThat(WorkloadStatus.containerForLogs(pod, false)).isEqualTo("app");
    }

    private static String runningButNotReady() {
        return """
                {"name":"app","image":"%s","ready":false,"started":true,"restartCount":0,
                 "state":{"running":{"startedAt":"2025-05-06T09:57:40Z"}},"lastState":{}}""".formatted(IMAGE);
    }

    private static JsonObject readinessFailed(String pod, String lastSeen) {
        return JsonParser.parseString("""
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"%1$s.17f0a1b2c3d4e5f6","namespace":"payments-dev"},
                 "involvedObject":{"kind":"Pod","namespace":"payments-dev","name":"%1$s","fieldPath":"spec.containers{app}"},
                 "reason":"Unhealthy","message":"Readiness probe failed: HTTP probe failed with statuscode: 503",
                 "source":{"component":"kubelet","host":"worker-1"},"firstTimestamp":"2025-05-06T09:57:50Z",
                 "lastTimestamp":"%2$s","count":14,"type":"Warning"}""".formatted(pod, lastSeen)).getAsJsonObject();
    }

    private static Report assess(DeploymentJson deployment, PodJson... pods) {
        List<JsonObject> json = new ArrayList<>();
        for (PodJson pod : pods) {
            json.add(pod.json());
        }
        return assess(deployment, json, List.of());
    }

    private static Report assess(DeploymentJson deployment, List<JsonObject> pods, List<JsonObject> events) {
        return HealthAssessment.assess("payments-dev", "checkout",
                new Observed(Optional.of(deployment.json()), pods, Optional.empty(), events), NOW);
    }

    private static DeploymentJson aDeployment() {
        return new DeploymentJson();
    }

    private static PodJson aPod(String name) {
        return new PodJson(name);
    }

    /** A Deployment as the API server reports it, generation observed. */
    private static final class DeploymentJson {

        private final JsonObject deployment = JsonParser.parseString("""
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"checkout","namespace":"payments-dev","generation":4,
                   "annotations":{"deployment.kubernetes.io/revision":"4"}},
                 "spec":{"replicas":2,"selector":{"matchLabels":{"app.kubernetes.io/name":"checkout"}}},
                 "status":{"observedGeneration":4,"replicas":2,"updatedReplicas":2,"readyReplicas":2,
                   "availableReplicas":2,"conditions":[
                   {"type":"Available","status":"True","reason":"MinimumReplicasAvailable",
                    "message":"Deployment has minimum availability."},
                   {"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable",
                    "message":"ReplicaSet \\"checkout-7d9f8c6b5\\" has successfully progressed."}]}}""")
                .getAsJsonObject();

        DeploymentJson rolledOut(int replicas) {
            return counts(replicas, replicas, replicas, replicas);
        }

        DeploymentJson progressing(int desired, int ready, int updated) {
            counts(desired, ready, updated, ready);
            JsonObject progressing = deployment.getAsJsonObject("status").getAsJsonArray("conditions").get(1)
                    .getAsJsonObject();
            progressing.addProperty("reason", "ReplicaSetUpdated");
            progressing.addProperty("message", "ReplicaSet \"checkout-7d9f8c6b5\" is progressing.");
            return this;
        }

        DeploymentJson replicas(int replicas) {
            deployment.getAsJsonObject("status").addProperty("replicas", replicas);
            return this;
        }

        DeploymentJson condition(String json) {
            JsonObject condition = JsonParser.parseString(json).getAsJsonObject();
            JsonArray conditions = deployment.getAsJsonObject("status").getAsJsonArray("conditions");
            for (int i = 0; i < conditions.size(); i++) {
                if (conditions.get(i).getAsJsonObject().get("type").equals(condition.get("type"))) {
                    conditions.set(i, condition);
                    return this;
                }
            }
            conditions.add(condition);
            return this;
        }

        private DeploymentJson counts(int desired, int ready, int updated, int available) {
            deployment.getAsJsonObject("spec").addProperty("replicas", desired);
            JsonObject status = deployment.getAsJsonObject("status");
            status.addProperty("replicas", Math.max(desired, updated));
            status.addProperty("readyReplicas", ready);
            status.addProperty("updatedReplicas", updated);
            status.addProperty("availableReplicas", available);
            return this;
        }

        JsonObject json() {
            return deployment;
        }
    }

    /** A pod of the service as the kubelet reports it; by default running and ready for an hour. */
    private static final class PodJson {

        private final JsonObject pod;

        PodJson(String name) {
            pod = JsonParser.parseString("""
                    {"apiVersion":"v1","kind":"Pod",
                     "metadata":{"name":"%1$s","namespace":"payments-dev","generateName":"checkout-7d9f8c6b5-",
                       "labels":{"app.kubernetes.io/name":"checkout","slipway.dev/environment":"dev",
                         "pod-template-hash":"7d9f8c6b5"},
                       "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"checkout-7d9f8c6b5",
                         "uid":"5a1e","controller":true,"blockOwnerDeletion":true}],
                       "creationTimestamp":"2025-05-06T09:00:00Z"},
                     "spec":{"nodeName":"worker-1","restartPolicy":"Always","containers":[{"name":"app","image":"%2$s",
                       "ports":[{"containerPort":8080,"protocol":"TCP"}],
                       "readinessProbe":{"httpGet":{"path":"/ready","port":8080},"periodSeconds":5,"failureThreshold":3},
                       "resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"memory":"256Mi"}}}]},
                     "status":{"phase":"Running","hostIP":"10.0.0.11","podIP":"10.244.1.17",
                       "startTime":"2025-05-06T09:00:00Z","qosClass":"Burstable","conditions":[
                       {"type":"PodReadyToStartContainers","status":"True","lastTransitionTime":"2025-05-06T09:00:02Z"},
                       {"type":"Initialized","status":"True","lastTransitionTime":"2025-05-06T09:00:00Z"},
                       {"type":"Ready","status":"True","lastTransitionTime":"2025-05-06T09:00:10Z"},
                       {"type":"ContainersReady","status":"True","lastTransitionTime":"2025-05-06T09:00:10Z"},
                       {"type":"PodScheduled","status":"True","lastTransitionTime":"2025-05-06T09:00:00Z"}],
                      "containerStatuses":[{"name":"app","image":"%2$s","imageID":"%2$s@sha256:4f1c",
                        "containerID":"containerd://9b2e","ready":true,"started":true,"restartCount":0,
                        "state":{"running":{"startedAt":"2025-05-06T09:00:03Z"}},"lastState":{}}]}}"""
                    .formatted(name, IMAGE)).getAsJsonObject();
        }

        PodJson container(String status) {
            JsonArray statuses = pod.getAsJsonObject("status").getAsJsonArray("containerStatuses");
            statuses.set(0, JsonParser.parseString(status));
            return this;
        }

        PodJson notReady(String since) {
            for (String type : List.of("Ready", "ContainersReady")) {
                JsonObject condition = condition(type);
                condition.addProperty("status", "False");
                condition.addProperty("reason", "ContainersNotReady");
                condition.addProperty("message", "containers with unready status: [app]");
                condition.addProperty("lastTransitionTime", since);
            }
            return this;
        }

        PodJson pending() {
            pod.getAsJsonObject("status").addProperty("phase", "Pending");
            return notReady("2025-05-06T09:00:00Z");
        }

        PodJson unscheduled(String message) {
            JsonObject status = new JsonObject();
            status.addProperty("phase", "Pending");
            status.addProperty("qosClass", "Burstable");
            status.add("conditions", JsonParser.parseString("""
                    [{"type":"PodScheduled","status":"False","reason":"Unschedulable","message":"%s",
                      "lastTransitionTime":"2025-05-06T09:59:00Z"}]""".formatted(message)));
            pod.add("status", status);
            pod.getAsJsonObject("spec").remove("nodeName");
            return this;
        }

        PodJson memoryLimit(String limit) {
            pod.getAsJsonObject("spec").getAsJsonArray("containers").get(0).getAsJsonObject()
                    .getAsJsonObject("resources").getAsJsonObject("limits").addProperty("memory", limit);
            return this;
        }

        PodJson deleting() {
            pod.getAsJsonObject("metadata").addProperty("deletionTimestamp", "2025-05-06T09:59:50Z");
            pod.getAsJsonObject("metadata").addProperty("deletionGracePeriodSeconds", 30);
            return this;
        }

        private JsonObject condition(String type) {
            for (var c : pod.getAsJsonObject("status").getAsJsonArray("conditions")) {
                if (type.equals(c.getAsJsonObject().get("type").getAsString())) {
                    return c.getAsJsonObject();
                }
            }
            throw new IllegalArgumentException(type);
        }

        JsonObject json() {
            return pod;
        }
    }
}
