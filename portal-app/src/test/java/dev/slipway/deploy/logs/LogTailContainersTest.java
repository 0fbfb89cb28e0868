package dev.slipway.deploy.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.slipway.deploy.logs.LogTail.ContainerState;
import org.junit.jupiter.api.Test;

/** Which containers of a pod the tail follows, and which run of each: what the kubelet would serve as its log. */
class LogTailContainersTest {

    @Test
    void aRunningContainerIsFollowedAsItsCurrentInstance() {
        assertThat(LogTail.containers(pod("""
                {"name": "app", "containerID": "containerd://aaa", "restartCount": 0, "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}}
                """))).containsExactly(new ContainerState("app", "containerd://aaa", true, true));
    }

    @Test
    void aCrashLoopingContainerWaitingToStartAgainIsFollowedAsItsLastRun() {
        assertThat(LogTail.containers(pod("""
                {"name": "app", "containerID": "containerd://bbb", "restartCount": 2,
                 "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                 "lastState": {"terminated": {"exitCode": 1, "containerID": "containerd://bbb"}}}
                """))).containsExactly(new ContainerState("app", "containerd://bbb", false, true));
    }

    @Test
    void aContainerThatEndedIsFollowedToTheEndOfItsLog() {
        assertThat(LogTail.containers(pod("""
                {"name": "app", "state": {"terminated": {"exitCode": 0, "containerID": "containerd://ccc"}}}
                """))).containsExactly(new ContainerState("app", "containerd://ccc", false, true));
    }

    @Test
    void aContainerThatNeverStartedHasNoLogToFollowYet() {
        assertThat(LogTail.containers(pod("""
                {"name": "app", "state": {"waiting": {"reason": "ContainerCreating"}}}
                """))).containsExactly(new ContainerState("app", "", false, false));
        assertThat(LogTail.containers(JsonParser.parseString("""
                {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "app"}]}, "status": {"phase": "Pending"}}
                """).getAsJsonObject())).containsExactly(new ContainerState("app", "", false, false));
    }

    @Test
    void initContainersComeFirstAndEveryContainerIsListed() {
        var pod = JsonParser.parseString("""
                {"metadata": {"name": "p"},
                 "spec": {"initContainers": [{"name": "migrate"}], "containers": [{"name": "app"}, {"name": "sidecar"}]},
                 "status": {"initContainerStatuses": [{"name": "migrate", "state": {"terminated": {"exitCode": 0, "containerID": "c://1"}}}],
                            "containerStatuses": [{"name": "app", "containerID": "c://2", "state": {"running": {}}},
                                                  {"name": "sidecar", "containerID": "c://3", "state": {"running": {}}}]}}
                """).getAsJsonObject();
        assertThat(LogTail.containers(pod)).extracting(ContainerState::name).containsExactly("migrate", "app", "sidecar");
    }

    private static com.google.gson.JsonObject pod(String containerStatus) {
        return JsonParser.parseString("{\"metadata\": {\"name\": \"p\"}, \"spec\": {\"containers\": [{\"name\": \"app\"}]},"
                + " \"status\": {\"containerStatuses\": [" + containerStatus + "]}}").getAsJsonObject();
    }
}
