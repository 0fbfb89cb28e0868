package dev.slipway.deploy.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.clusters.DeploymentWindow;
import dev.slipway.deploy.requests.Approvers;
import dev.slipway.deploy.requests.RequestState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockersTest {

    private static final Instant SUNDAY = Instant.parse("2026-12-06T03:00:00Z");
    private static final List<DeploymentWindow> WEEKDAYS = List.of(
            new DeploymentWindow(List.of("MON", "TUE", "WED", "THU", "FRI"), "09:00", "17:00", "UTC"));
    private static final Approvers BOB = new Approvers("prod", "alice", true, Approvers.Via.TEAM, List.of("bob"), null,
            "Approved by a lead of team 'payments': bob.", null);

    @Test
    void aPendingRequestWaitsForALeadAndTheSoakAndTheWindow() {
        Blocker soak = PromotionGates.unmet("prod", new SourceHealth("dev", 3, "HEALTHY",
                SUNDAY.minusSeconds(180)), 3, 10, SUNDAY).get(0);

        List<Blocker> blockers = Blockers.of(new Blockers.Facts(RequestState.PENDING_APPROVAL, "payments", "prod", BOB,
                List.of(), List.of(soak), WEEKDAYS, false, List.of(), SUNDAY));

        assertThat(blockers).extracting(Blocker::kind).containsExactly(Blocker.Kind.APPROVAL, Blocker.Kind.SOAK,
                Blocker.Kind.WINDOW);
        assertThat(blockers.get(0).message()).isEqualTo("Waiting for approval by a lead of team 'payments' (bob).");
        assertThat(blockers.get(1).message()).startsWith("Soak 3 of 10 minutes");
        assertThat(blockers.get(1).until()).isEqualTo(Instant.parse("2026-12-06T03:07:00Z"));
        assertThat(blockers.get(2).message()).contains("next opening at 2026-12-07T09:00:00Z");
        assertThat(blockers.get(2).until()).isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
    }

    @Test
    void anApprovedRequestWaitsForTheOlderOneOfItsServiceAndNothingElse() {
        List<Blocker> blockers = Blockers.of(new Blockers.Facts(RequestState.APPROVED, "payments", "prod", null,
                List.of(), List.of(), List.of(), false, List.of(41L), SUNDAY));

        assertThat(blockers).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(Blocker.Kind.ORDER);
            assertThat(b.message()).contains("older request").contains("#41").contains("still syncing");
        });
    }

    @Test
    void anOverriddenWindowNoLongerBlocksAndAFinishedRequestHasNoBlockers() {
        assertThat(Blockers.of(new Blockers.Facts(RequestState.APPROVED, "payments", "prod", null, List.of(), List.of(),
                WEEKDAYS, true, List.of(), SUNDAY))).isEmpty();
        assertThat(Blockers.of(new Blockers.Facts(RequestState.SYNCED, "payments", "prod", BOB, List.of("x"), List.of(),
                WEEKDAYS, false, List.of(1L), SUNDAY))).isEmpty();
    }

    @Test
    void guardrailsTheObjectsNowBreakAreBlockers() {
        assertThat(Blockers.of(new Blockers.Facts(RequestState.APPROVED, "payments", "prod", null,
                List.of("spec.replicas must be at most 3"), List.of(), List.of(), false, List.of(), SUNDAY)))
                .singleElement().satisfies(b -> {
                    assertThat(b.kind()).isEqualTo(Blocker.Kind.GUARDRAIL);
                    assertThat(b.message()).contains("spec.replicas must be at most 3");
                });
    }

    @Test
    void thePromotionGatesNameWhatIsMissing() {
        assertThat(PromotionGates.unmet("prod", new SourceHealth("dev", null, null, null), null, 0, SUNDAY))
                .singleElement().extracting(Blocker::message).asString().contains("Nothing runs in dev");
        assertThat(PromotionGates.unmet("prod", new SourceHealth("dev", 4, "DEGRADED", SUNDAY), null, 10, SUNDAY))
                .singleElement().extracting(Blocker::message).asString()
                .contains("Revision 4 is not HEALTHY in dev (it is DEGRADED)");
        assertThat(PromotionGates.unmet("prod", new SourceHealth("dev", 4, "HEALTHY", SUNDAY), 3, 0, SUNDAY))
                .singleElement().extracting(Blocker::message).asString().contains("Revision 3 does not run in dev");
        assertThat(PromotionGates.unmet("prod", new SourceHealth("dev", 4, "HEALTHY", SUNDAY.minusSeconds(600)), 4, 10,
                SUNDAY)).isEmpty();
    }
}
