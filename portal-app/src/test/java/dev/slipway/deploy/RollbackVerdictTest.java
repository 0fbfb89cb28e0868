package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollbackVerdictTest {

    private static final Instant SYNCED = Instant.parse("2026-12-06T10:00:00Z");

    private static RollbackVerdict.Candidate candidate(Long rollbackOf, String health) {
        return new RollbackVerdict.Candidate(7, 3, "prod", rollbackOf, SYNCED, health, "container app is crash-looping",
                120);
    }

    @Test
    void waitsUntilTheProgressDeadlineHasPassed() {
        var verdict = RollbackVerdict.judge(candidate(null, "DEGRADED"), Optional.of(new RollbackVerdict.Healthy(5, 2)),
                SYNCED.plusSeconds(119));
        assertThat(verdict).isInstanceOf(RollbackVerdict.Wait.class);
    }

    @Test
    void rollsBackToTheLastHealthyRevisionOnceTheDeadlineHasPassed() {
        var verdict = RollbackVerdict.judge(candidate(null, "DEGRADED"), Optional.of(new RollbackVerdict.Healthy(5, 2)),
                SYNCED.plusSeconds(120));
        assertThat(verdict).isInstanceOfSatisfying(RollbackVerdict.RollBack.class, rollBack -> {
            assertThat(rollBack.revision()).isEqualTo(2);
            assertThat(rollBack.healthyRequest()).isEqualTo(5);
            assertThat(rollBack.reason()).contains("Revision 3 was not HEALTHY within 120 s", "prod",
                    "DEGRADED: container app is crash-looping", "rolled back to revision 2");
        });
    }

    @Test
    void aHealthyRevisionIsNeverRolledBack() {
        var verdict = RollbackVerdict.judge(candidate(null, "HEALTHY"), Optional.of(new RollbackVerdict.Healthy(5, 2)),
                SYNCED.plusSeconds(3600));
        assertThat(verdict).isInstanceOf(RollbackVerdict.Wait.class);
    }

    @Test
    void aRollbackThatFailsTooStopsAndSaysSoInsteadOfLooping() {
        var verdict = RollbackVerdict.judge(candidate(6L, "DEGRADED"), Optional.of(new RollbackVerdict.Healthy(5, 2)),
                SYNCED.plusSeconds(600));
        assertThat(verdict).isInstanceOfSatisfying(RollbackVerdict.Stop.class, stop -> assertThat(stop.note())
                .contains("Automatic rollback stopped", "rolled back request 6", "never rolled back",
                        "a person has to act"));
    }

    @Test
    void withoutAnEarlierHealthyRevisionThereIsNothingToGoBackTo() {
        var verdict = RollbackVerdict.judge(candidate(null, "DEGRADED"), Optional.empty(), SYNCED.plusSeconds(600));
        assertThat(verdict).isInstanceOfSatisfying(RollbackVerdict.Stop.class, stop -> assertThat(stop.note())
                .contains("Not rolled back", "no earlier revision was HEALTHY in prod"));
    }

    @Test
    void healthNobodyHasJudgedYetIsNoReasonToRollBack() {
        var verdict = RollbackVerdict.judge(candidate(null, null), Optional.of(new RollbackVerdict.Healthy(5, 2)),
                SYNCED.plusSeconds(3600));
        assertThat(verdict).isInstanceOf(RollbackVerdict.Wait.class);
    }

    @Test
    void theSameRevisionIsNotRolledBackToItself() {
        var verdict = RollbackVerdict.judge(candidate(null, "PROGRESSING"), Optional.of(new RollbackVerdict.Healthy(5, 3)),
                SYNCED.plusSeconds(600));
        assertThat(verdict).isInstanceOfSatisfying(RollbackVerdict.Stop.class, stop -> assertThat(stop.note())
                .contains("is this revision itself"));
    }
}
