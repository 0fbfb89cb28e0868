package dev.slipway.observe.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a Kubernetes event becomes a timeline entry, without a cluster. */
class ClusterEventLogTest {

    @Test
    void aCoreEventKeepsItsObjectReasonCountAndTimes() {
        var event = ClusterEventLog.parse(JsonParser.parseString("""
                {"metadata":{"uid":"u1","name":"api.1"},"involvedObject":{"kind":"Pod","name":"api-x"},
                 "type":"Warning","reason":"BackOff","message":"  Back-off restarting failed container ",
                 "count":5,"firstTimestamp":"2026-12-05T10:00:00Z","lastTimestamp":"2026-12-05T10:04:00Z"}
                """).getAsJsonObject());
        assertThat(event).isEqualTo(new ClusterEventLog.ClusterEvent("u1", Instant.parse("2026-12-05T10:04:00Z"),
                Instant.parse("2026-12-05T10:00:00Z"), "Warning", "BackOff", "Pod/api-x",
                "Back-off restarting failed container", 5));
    }

    @Test
    void aNewStyleEventTakesItsTimeFromEventTimeAndItsSeries() {
        var event = ClusterEventLog.parse(JsonParser.parseString("""
                {"metadata":{"uid":"u2"},"involvedObject":{"kind":"Pod","name":"api-x"},"reason":"Scheduled",
                 "eventTime":"2026-12-05T10:00:00.123456Z",
                 "series":{"count":3,"lastObservedTime":"2026-12-05T10:02:00.5Z"}}
                """).getAsJsonObject());
        assertThat(event.seenAt()).isEqualTo(Instant.parse("2026-12-05T10:02:00.5Z"));
        assertThat(event.firstSeenAt()).isEqualTo(Instant.parse("2026-12-05T10:00:00.123456Z"));
        assertThat(event.count()).isEqualTo(3);
        assertThat(event.type()).isEqualTo("Normal");
    }

    @Test
    void anEventWithoutUidOrObjectIsNotKept() {
        assertThat(ClusterEventLog.parse(JsonParser.parseString("""
                {"metadata":{"name":"x"},"involvedObject":{"kind":"Pod","name":"api-x"},"reason":"R"}
                """).getAsJsonObject())).isNull();
        assertThat(ClusterEventLog.parse(JsonParser.parseString("""
                {"metadata":{"uid":"u3"},"reason":"R","lastTimestamp":"2026-12-05T10:00:00Z"}
                """).getAsJsonObject())).isNull();
    }

    @Test
    void anEventStampedToTheSecondIsPlacedWhenItWasSeenWithinThatSecond() {
        Instant stamped = Instant.parse("2026-12-05T10:00:00Z");
        assertThat(ClusterEventLog.placed(stamped, Instant.parse("2026-12-05T10:00:00.400Z")))
                .isEqualTo(Instant.parse("2026-12-05T10:00:00.400Z"));
        assertThat(ClusterEventLog.placed(stamped, Instant.parse("2026-12-05T10:05:00Z")))
                .isEqualTo(Instant.parse("2026-12-05T10:00:00.999Z"));
        assertThat(ClusterEventLog.placed(stamped, Instant.parse("2026-12-05T09:59:59Z"))).isEqualTo(stamped);
        Instant precise = Instant.parse("2026-12-05T10:00:00.123Z");
        assertThat(ClusterEventLog.placed(precise, Instant.parse("2026-12-05T10:00:00.900Z"))).isEqualTo(precise);
    }
}
