package dev.slipway.approvals;

import dev.slipway.catalog.ServiceSpec;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.FieldProblem;
import dev.slipway.deploy.DeploymentRules;
import dev.slipway.identity.Actor;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The approvals feature's answer to what deploy asks before it acts: the four-eyes rule and the guardrails. */
@Component
class ApprovalRules implements DeploymentRules {

    @Override
    public Optional<String> refusalToDecide(Actor actor, String team, String requestedBy) {
        return FourEyesRule.refusalToDecide(actor, team, requestedBy);
    }

    @Override
    public Optional<String> refusalToCancel(Actor actor, String team, String requestedBy) {
        return FourEyesRule.refusalToCancel(actor, team, requestedBy);
    }

    @Override
    public List<FieldProblem> guardrailViolations(EnvironmentView environment, ServiceSpec effectiveSpec) {
        return GuardrailCheck.violations(environment, effectiveSpec);
    }
}
