package dev.slipway.deploy.live;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.NotFoundException;
import dev.slipway.common.UpstreamFailureException;
import dev.slipway.deploy.engine.DeploymentTarget;
import dev.slipway.deploy.engine.KubernetesRejection;
import dev.slipway.deploy.engine.Targets;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person puts back what was approved: the deployed revision's objects applied again, under the rule self-heal
 * follows ({@link DriftLoop#applyApproved}), by a member of the service's team or a platform admin, audited as
 * {@code drift.reapplied} in the transaction that clears the drift.
 */
@Service
public class DriftReapply {

    /** What a re-apply did. */
    public record Outcome(String service, String environment, int revision, boolean reapplied, String message) {}

    private final Targets targets;
    private final DeployedStates deployed;
    private final DriftLoop loop;
    private final AuditTrail audit;
    private final TransactionTemplate tx;

    DriftReapply(Targets targets, DeployedStates deployed, DriftLoop loop, AuditTrail audit, TransactionTemplate tx) {
        this.targets = targets;
        this.deployed = deployed;
        this.loop = loop;
        this.audit = audit;
        this.tx = tx;
    }

    /** Whether {@code actor} may re-apply the service's approved objects. */
    public boolean mayReapply(Actor actor, String team) {
        return actor.isMemberOrAdminOf(team);
    }

    public Outcome reapply(Actor actor, String serviceName, String environmentName) {
        DeploymentTarget target = targets.resolve(serviceName, environmentName);
        ServiceView service = target.service();
        EnvironmentView environment = target.environment();
        if (!mayReapply(actor, service.team())) {
            throw new AccessRefusedException("Only members of team '" + service.team()
                    + "' and platform admins may re-apply what was approved for its services.");
        }
        return tx.execute(status -> {
            DeployedStates.DeployedState state = deployed.lock(service.id(), environment.id())
                    .orElseThrow(() -> new NotFoundException("Nothing of " + service.name() + " has been deployed to "
                            + environment.name() + ", so there is nothing approved to apply again."));
            boolean applied;
            try {
                applied = loop.applyApproved(state);
            } catch (KubernetesRejection e) {
                throw new UpstreamFailureException(e.getMessage(), e);
            }
            if (!applied) {
                throw new ConflictException("Revision " + state.revision() + " now renders differently for "
                        + environment.name() + " than when it was approved, and only approved objects are applied"
                        + " again. Request the deployment again to approve the objects as they are now.");
            }
            audit.record(AuditEntry.of(actor.username(), "drift.reapplied", "service", service.name())
                    .withTeam(service.team()).withService(service.name()).withEnvironment(environment.name())
                    .withDetails(Map.of("revision", state.revision(), "driftBefore", state.drift())));
            return new Outcome(service.name(), environment.name(), state.revision(), true,
                    "Revision " + state.revision() + " applied again as approved.");
        });
    }
}
