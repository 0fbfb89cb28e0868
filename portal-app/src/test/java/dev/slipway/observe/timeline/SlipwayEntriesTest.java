package dev.slipway.observe.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Slipway's timeline entries read like sentences and carry only the named detail fields. */
class SlipwayEntriesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aFailedSyncIsAWarningNamingTheRevisionRequestAndError() {
        var item = SlipwayEntries.of(Instant.EPOCH, "deployer", "deployment.failed", "deployment", "42",
                JSON.readTree("{\"revision\":3,\"request\":42,\"error\":\"quota exceeded\",\"requestedBy\":\"bob\"}"));
        assertThat(item.source()).isEqualTo("slipway");
        assertThat(item.kind()).isEqualTo("deployment.failed");
        assertThat(item.reason()).isEqualTo("failed");
        assertThat(item.object()).isEqualTo("deployment/42");
        assertThat(item.message()).isEqualTo("Deploying revision 3 (request 42) failed. quota exceeded");
        assertThat(item.actor()).isEqualTo("deployer");
        assertThat(item.warning()).isTrue();
    }

    @Test
    void unnamedDetailFieldsNeverReachTheTimeline() {
        var item = SlipwayEntries.of(Instant.EPOCH, "alice", "secret.set", "secret", "api/API_KEY",
                JSON.readTree("{\"value\":\"hunter2\",\"nested\":{\"comment\":\"x\"}}"));
        assertThat(item.message()).doesNotContain("hunter2").isEqualTo("Secret.set secret api/API_KEY.");
        assertThat(item.warning()).isFalse();
    }

    @Test
    void aHealthTransitionSaysWhatHappenedAndWhy() {
        var item = SlipwayEntries.of(Instant.EPOCH, "slipway", "health.degraded", "service", "api",
                JSON.readTree("{\"revision\":2,\"summary\":\"container api is crash-looping\"}"));
        assertThat(item.message()).isEqualTo("Became DEGRADED at revision 2. container api is crash-looping");
        assertThat(item.warning()).isTrue();
    }
}
