package dev.slipway.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.Actor;
import dev.slipway.common.TeamRole;
import dev.slipway.deploy.requests.Approvers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FourEyesRuleTest {

    private static final Actor BOB = new Actor("bob", "Bob", false, Map.of("payments", TeamRole.LEAD));
    private static final Actor BEA = new Actor("bea", "Bea", false, Map.of("payments", TeamRole.LEAD));
    private static final Actor ALICE = new Actor("alice", "Alice", false, Map.of("payments", TeamRole.ENGINEER));
    private static final Actor ERIN = new Actor("erin", "Erin", false, Map.of("search", TeamRole.LEAD));
    private static final Actor CAROL = new Actor("carol", "Carol", true, Map.of());

    @Test
    void anotherLeadOfTheOwningTeamDecides() {
        assertThat(FourEyesRule.refusalToDecide(BEA, "payments", "bob")).isEmpty();
        assertThat(FourEyesRule.refusalToDecide(BOB, "payments", "alice")).isEmpty();
    }

    @Test
    void leadCannotDecideOwnRequest() {
        assertThat(FourEyesRule.refusalToDecide(BOB, "payments", "bob")).get().asString()
                .contains("own deployment request", "another lead of team 'payments'");
    }

    @Test
    void engineerCannotDecide() {
        assertThat(FourEyesRule.refusalToDecide(ALICE, "payments", "bob")).get().asString()
                .isEqualTo("Only leads of team 'payments' approve or reject its deployment requests.");
    }

    @Test
    void leadOfAnotherTeamCannotDecide() {
        assertThat(FourEyesRule.refusalToDecide(ERIN, "payments", "alice")).isPresent();
    }

    @Test
    void platformAdminWhoIsNotALeadOfTheTeamCannotDecide() {
        assertThat(FourEyesRule.refusalToDecide(CAROL, "payments", "alice")).get().asString()
                .contains("being a platform admin does not make you one");
        Actor adminLead = new Actor("carol", "Carol", true, Map.of("payments", TeamRole.LEAD));
        assertThat(FourEyesRule.refusalToDecide(adminLead, "payments", "alice")).isEmpty();
    }

    @Test
    void requesterLeadsAndPlatformAdminsMayCancelButNobodyElse() {
        assertThat(FourEyesRule.refusalToCancel(ALICE, "payments", "alice")).isEmpty();
        assertThat(FourEyesRule.refusalToCancel(BOB, "payments", "alice")).isEmpty();
        assertThat(FourEyesRule.refusalToCancel(CAROL, "payments", "alice")).isEmpty();
        assertThat(FourEyesRule.refusalToCancel(ALICE, "payments", "bob")).isPresent();
        assertThat(FourEyesRule.refusalToCancel(ERIN, "payments", "alice")).isPresent();
    }

    @Test
    void aFallbackLeadDecidesOnlyWhenTheOwningTeamHasNoOtherLead() {
        assertThat(FourEyesRule.refusalToDecide(ERIN, "payments", "bob", "search", false)).isEmpty();
        assertThat(FourEyesRule.refusalToDecide(ERIN, "payments", "alice", "search", true)).get().asString()
                .contains("only when team 'payments' has no lead other than the requester");
        assertThat(FourEyesRule.refusalToDecide(ERIN, "payments", "erin", "search", false)).get().asString()
                .contains("own deployment request");
        assertThat(FourEyesRule.refusalToDecide(ALICE, "payments", "bob", "search", false)).isPresent();
    }

    @Test
    void theOnlyLeadIsToldBeforeRequestingThatNobodyCouldApprove() {
        var nobody = FourEyesRule.approvers("prod", true, "payments", "bob", List.of("bob"), null, List.of());
        var fallback = FourEyesRule.approvers("prod", true, "payments", "bob", List.of("bob"), "search",
                List.of("erin", "bob"));
        var team = FourEyesRule.approvers("prod", true, "payments", "alice", List.of("bob"), "search", List.of("erin"));
        var policy = FourEyesRule.approvers("dev", false, "payments", "bob", List.of("bob"), null, List.of());

        assertThat(nobody.via()).isEqualTo(Approvers.Via.NOBODY);
        assertThat(nobody.warning()).contains("You are the only lead of team 'payments'",
                "prod has no fallback approver group", "nobody could approve it");
        assertThat(fallback.via()).isEqualTo(Approvers.Via.FALLBACK);
        assertThat(fallback.usernames()).containsExactly("erin");
        assertThat(fallback.warning()).contains("Leads of team 'search', the fallback approvers of prod, can: erin.");
        assertThat(team.via()).isEqualTo(Approvers.Via.TEAM);
        assertThat(team.usernames()).containsExactly("bob");
        assertThat(team.warning()).isNull();
        assertThat(policy.via()).isEqualTo(Approvers.Via.POLICY);
        assertThat(policy.warning()).isNull();
    }
}
