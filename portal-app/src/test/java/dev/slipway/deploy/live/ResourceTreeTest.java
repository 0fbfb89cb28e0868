package dev.slipway.deploy.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceTreeTest {

    private static final JsonObject DEPLOYMENT = json("""
            {"kind":"Deployment","metadata":{"name":"api","uid":"d1"},"spec":{"replicas":2}}""");
    private static final JsonObject CURRENT = replicaSet("api-new", "r2", "d1", 2, 2, 2);
    private static final JsonObject OLD = replicaSet("api-old", "r1", "d1", 1, 0, 0);

    @Test
    void podsHangUnderTheirReplicaSetAndReplicaSetsUnderTheDeploymentNewestFirst() {
        var tree = ResourceTree.of(Optional.of(DEPLOYMENT), List.of(OLD, CURRENT),
                List.of(pod("api-new-b", "r2"), pod("api-new-a", "r2")), List.of("Service/api", "Deployment/api"),
                report(List.of(podInfo("api-new-a", true, null), podInfo("api-new-b", false, "container api is crash-looping"))),
                Map.of());

        assertThat(tree).extracting(ResourceTree.Node::kind).containsExactly("Deployment", "Service");
        var deployment = tree.get(0);
        assertThat(deployment.reason()).isEqualTo("1/2 replicas ready");
        assertThat(deployment.children()).extracting(ResourceTree.Node::name).containsExactly("api-new", "api-old");
        var current = deployment.children().get(0);
        assertThat(current.reason()).isEqualTo("revision 2: 2/2 replicas ready");
        assertThat(deployment.children().get(1).reason()).isEqualTo("revision 1: scaled down (an earlier rollout)");
        assertThat(current.children()).extracting(ResourceTree.Node::name).containsExactly("api-new-a", "api-new-b");
        assertThat(current.children()).extracting(ResourceTree.Node::health).containsExactly("HEALTHY", "DEGRADED");
        assertThat(current.children().get(1).reason()).isEqualTo("container api is crash-looping");
        assertThat(tree.get(1).reason()).isEqualTo("in sync");
        assertThat(tree.get(1).health()).isEqualTo("HEALTHY");
    }

    @Test
    void recordedDriftMarksChangedObjectsAndAddsMissingOnes() {
        String detail = """
                [{"kind":"ConfigMap","name":"api-config","action":"UPDATE","diff":"data.A: 1 -> 2"},
                 {"kind":"Ingress","name":"api","action":"CREATE","diff":""},
                 {"kind":"Deployment","name":"api","action":"UPDATE","diff":"spec.replicas: 2 -> 3"}]""";

        var tree = ResourceTree.of(Optional.of(DEPLOYMENT), List.of(), List.of(),
                List.of("Deployment/api", "ConfigMap/api-config"), report(List.of()), ResourceTree.driftActions(detail));

        assertThat(tree).extracting(n -> n.kind() + "/" + n.name() + " " + n.health() + " " + n.drift())
                .containsExactly("Deployment/api PROGRESSING drifted", "ConfigMap/api-config DRIFTED drifted",
                        "Ingress/api MISSING missing");
        assertThat(tree.get(0).reason()).endsWith("; drifted");
    }

    @Test
    void unreadableDriftDetailMeansNoPerObjectDrift() {
        assertThat(ResourceTree.driftActions("not json")).isEmpty();
        assertThat(ResourceTree.driftActions(null)).isEmpty();
    }

    @Test
    void podsWithoutAKnownReplicaSetStillShowUnderTheDeployment() {
        var tree = ResourceTree.of(Optional.of(DEPLOYMENT), List.of(), List.of(pod("api-x", "unknown")),
                List.of("Deployment/api"), report(List.of(podInfo("api-x", true, null))), Map.of());

        assertThat(tree.get(0).children()).extracting(ResourceTree.Node::name).containsExactly("api-x");
    }

    private static WorkloadStatus.Report report(List<WorkloadStatus.PodInfo> pods) {
        int ready = (int) pods.stream().filter(WorkloadStatus.PodInfo::ready).count();
        return new WorkloadStatus.Report(WorkloadStatus.Health.PROGRESSING, ready + "/2 replicas ready", 2, ready, 2, ready,
                pods, List.of(), null);
    }

    private static WorkloadStatus.PodInfo podInfo(String name, boolean ready, String reason) {
        return new WorkloadStatus.PodInfo(name, "Running", ready, 0, "node", List.of("api"), null, null, reason, null);
    }

    private static JsonObject replicaSet(String name, String uid, String owner, int revision, int replicas, int ready) {
        return json("""
                {"kind":"ReplicaSet","metadata":{"name":"%s","uid":"%s","ownerReferences":[{"uid":"%s"}],
                 "annotations":{"deployment.kubernetes.io/revision":"%d"}},
                 "spec":{"replicas":%d},"status":{"readyReplicas":%d}}""".formatted(name, uid, owner, revision, replicas, ready));
    }

    private static JsonObject pod(String name, String owner) {
        return json("""
                {"kind":"Pod","metadata":{"name":"%s","uid":"p-%s","ownerReferences":[{"uid":"%s"}]},
                 "status":{"phase":"Running"}}""".formatted(name, name, owner));
    }

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
