package dev.slipway.approvals;

import dev.slipway.catalog.ServiceSpec;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.Actor;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.TeamRole;
import dev.slipway.deploy.requests.Approvers;
import dev.slipway.deploy.requests.DeploymentRules;
import dev.slipway.identity.IdentityService;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The approvals feature's answer to what deploy asks before it acts: the four-eyes rule with the
 * environment's fallback approver group, and the guardrails.
 */
@Component
class ApprovalRules implements DeploymentRules {

    private final IdentityService identity;

    ApprovalRules(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    public Optional<String> refusalToDecide(Actor actor, String team, String requestedBy, EnvironmentView environment) {
        Optional<String> refusal = FourEyesRule.refusalToDecide(actor, team, requestedBy);
        String fallback = environment.fallbackApprovers();
        if (refusal.isEmpty() || fallback == null || !actor.isLeadOf(fallback)) {
            return refusal;
        }
        boolean otherLeadExists = leadsOf(team).stream().anyMatch(lead -> !lead.equals(requestedBy));
        return FourEyesRule.refusalToDecide(actor, team, requestedBy, fallback, otherLeadExists);
    }

    @Override
    public Approvers approversFor(String team, String requester, EnvironmentView environment) {
        String fallback = environment.fallbackApprovers();
        return FourEyesRule.approvers(environment.name(), environment.requiresApproval(), team, requester,
                leadsOf(team), fallback, fallback == null ? List.of() : leadsOf(fallback));
    }

    @Override
    public Optional<String> refusalToCancel(Actor actor, String team, String requestedBy) {
        return FourEyesRule.refusalToCancel(actor, team, requestedBy);
    }

    @Override
    public List<FieldProblem> guardrailViolations(EnvironmentView environment, ServiceSpec effectiveSpec) {
        return GuardrailCheck.violations(environment, effectiveSpec);
    }

    private List<String> leadsOf(String team) {
        return identity.team(team).isEmpty() ? List.of() : identity.members(team).stream()
                .filter(member -> member.role() == TeamRole.LEAD)
                .map(IdentityService.TeamMember::username)
                .toList();
    }
}
