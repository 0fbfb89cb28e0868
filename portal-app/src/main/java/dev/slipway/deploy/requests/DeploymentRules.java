package dev.slipway.deploy.requests;

import dev.slipway.catalog.ServiceSpec;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.Actor;
import dev.slipway.common.FieldProblem;
import java.util.List;
import java.util.Optional;

/**
 * The rules a deployment request must keep, which the approvals feature owns: who may decide or
 * cancel it, and what an environment's guardrails allow. Deploy asks and acts on the answer inside
 * its own transactions; the interface lives here so that approvals depends on deploy and never the
 * other way round.
 */
public interface DeploymentRules {

    /**
     * Why {@code actor} may not approve or reject a request of {@code team} made by {@code requestedBy} for
     * {@code environment}; empty if they may.
     */
    Optional<String> refusalToDecide(Actor actor, String team, String requestedBy, EnvironmentView environment);

    /** Who could approve a request of {@code team} that {@code requester} would make for {@code environment}. */
    Approvers approversFor(String team, String requester, EnvironmentView environment);

    /** Why {@code actor} may not cancel a request of {@code team} made by {@code requestedBy}; empty if they may. */
    Optional<String> refusalToCancel(Actor actor, String team, String requestedBy);

    /** What in the effective spec breaks the environment's guardrails, each problem naming the field and the rule. */
    List<FieldProblem> guardrailViolations(EnvironmentView environment, ServiceSpec effectiveSpec);
}
