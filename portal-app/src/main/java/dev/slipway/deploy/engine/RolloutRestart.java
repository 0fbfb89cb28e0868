package dev.slipway.deploy.engine;

import com.google.gson.JsonObject;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.NotFoundException;
import dev.slipway.common.UpstreamFailureException;
import dev.slipway.deploy.render.ResourceKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A rollout restart, as {@code kubectl rollout restart} does it: the Deployment's pod template gets the annotation
 * {@value #ANNOTATION} with the time, so every pod is replaced in a rolling update. It is applied with server-side
 * apply under a field manager of its own ({@value #FIELD_MANAGER}): drift fingerprints only what manager
 * {@code slipway} owns, so the restart is not drift, and Slipway's next sync, which does not send the annotation,
 * keeps it (docs/auto-rollback.md). Members of the service's team and platform admins may restart; audited as
 * {@code service.restarted}.
 */
@Service
public class RolloutRestart {

    /** The field manager of restarts: never {@link ServerSideApplier#FIELD_MANAGER}. */
    public static final String FIELD_MANAGER = "slipway-restart";

    /** The annotation kubectl uses, so a restart by either reads the same on the cluster. */
    public static final String ANNOTATION = "kubectl.kubernetes.io/restartedAt";

    /** What a restart did. */
    public record Outcome(String service, String environment, String namespace, String deployment, Instant restartedAt,
            String message) {}

    private final Targets targets;
    private final AuditTrail audit;
    private final TransactionTemplate tx;

    RolloutRestart(Targets targets, AuditTrail audit, TransactionTemplate tx) {
        this.targets = targets;
        this.audit = audit;
        this.tx = tx;
    }

    /** Whether {@code actor} may restart the services of {@code team}. */
    public boolean mayRestart(Actor actor, String team) {
        return actor.isMemberOrAdminOf(team);
    }

    public Outcome restart(Actor actor, String serviceName, String environmentName) {
        DeploymentTarget target = targets.resolve(serviceName, environmentName);
        ServiceView service = target.service();
        EnvironmentView environment = target.environment();
        if (!mayRestart(actor, service.team())) {
            throw new AccessRefusedException("Only members of team '" + service.team()
                    + "' and platform admins may restart its services.");
        }
        ClusterObjects cluster = targets.cluster(target);
        try {
            if (cluster.get(ResourceKind.DEPLOYMENT, target.namespace(), service.name()).isEmpty()) {
                throw new NotFoundException("No Deployment " + service.name() + " runs in " + environment.name()
                        + " (namespace " + target.namespace() + "), so there is nothing to restart. Deploy it first.");
            }
        } catch (KubernetesRejection e) {
            throw new UpstreamFailureException(e.getMessage(), e);
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return tx.execute(status -> {
            try {
                ClusterObjects.reaching("Restarting Deployment " + service.name(), () -> new ServerSideApplier(
                        cluster.client()).apply(restartPatch(target.namespace(), service.name(), at), FIELD_MANAGER, false));
            } catch (KubernetesRejection e) {
                throw new UpstreamFailureException(e.getMessage(), e);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("namespace", target.namespace());
            details.put("deployment", service.name());
            details.put("restartedAt", at.toString());
            audit.record(AuditEntry.of(actor.username(), "service.restarted", "service", service.name())
                    .withTeam(service.team()).withService(service.name()).withEnvironment(environment.name())
                    .withDetails(details));
            return new Outcome(service.name(), environment.name(), target.namespace(), service.name(), at,
                    "Restarting " + service.name() + " in " + environment.name() + ": every pod is replaced, one by one.");
        });
    }

    /** Only the annotation (and what identifies the object): all a restart's field manager ever owns. */
    static JsonObject restartPatch(String namespace, String name, Instant at) {
        JsonObject annotations = new JsonObject();
        annotations.addProperty(ANNOTATION, at.toString());
        JsonObject templateMetadata = new JsonObject();
        templateMetadata.add("annotations", annotations);
        JsonObject template = new JsonObject();
        template.add("metadata", templateMetadata);
        JsonObject spec = new JsonObject();
        spec.add("template", template);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", name);
        metadata.addProperty("namespace", namespace);
        JsonObject patch = new JsonObject();
        patch.addProperty("apiVersion", "apps/v1");
        patch.addProperty("kind", "Deployment");
        patch.add("metadata", metadata);
        patch.add("spec", spec);
        return patch;
    }
}
