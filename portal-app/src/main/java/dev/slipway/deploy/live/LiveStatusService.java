package dev.slipway.deploy.live;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.ServiceView;
import dev.slipway.catalog.SpecMerge;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.deploy.DeploymentService;
import dev.slipway.deploy.engine.ClusterObjects;
import dev.slipway.deploy.engine.ClusterPlanner;
import dev.slipway.deploy.engine.DeploymentTarget;
import dev.slipway.deploy.engine.KubernetesRejection;
import dev.slipway.deploy.engine.PlanGuardrails;
import dev.slipway.deploy.engine.PlanSummary;
import dev.slipway.deploy.engine.PlannedObject;
import dev.slipway.deploy.engine.Targets;
import dev.slipway.deploy.render.DeploymentRendering;
import dev.slipway.deploy.render.ResourceKind;
import dev.slipway.deploy.render.SlipwayLabels;
import dev.slipway.deploy.requests.DeploymentRules;
import dev.slipway.deploy.requests.DeploymentView;
import dev.slipway.deploy.requests.RequestState;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the cluster says: the plan of a revision before it is requested, and per environment the
 * health, pods, events and logs of what runs. Reads only; never changes the cluster.
 */
@org.springframework.stereotype.Service
public class LiveStatusService {

    private final CatalogService catalog;
    private final Targets targets;
    private final DeploymentRendering rendering;
    private final DeployedStates deployed;
    private final DeploymentService deployments;
    private final DeploymentRules rules;

    LiveStatusService(CatalogService catalog, Targets targets, DeploymentRendering rendering,
            DeployedStates deployed, DeploymentService deployments, DeploymentRules rules) {
        this.catalog = catalog;
        this.targets = targets;
        this.rendering = rendering;
        this.deployed = deployed;
        this.deployments = deployments;
        this.rules = rules;
    }

    /**
     * The plan: for each object CREATE, UPDATE, UNCHANGED or PRUNE, with a diff whose secret values are
     * masked, a summary of the counts, and the environment's guardrails with what in this revision breaks
     * them, so that a refusal is seen before the request is made.
     */
    public Plan plan(String serviceName, Integer revision, String environmentName) throws KubernetesRejection {
        DeploymentTarget target = targets.resolve(serviceName, environmentName);
        ServiceView service = target.service();
        EnvironmentView environment = target.environment();
        int number = revision == null ? service.latestRevision() : revision;
        List<String> missing = rendering.missingSecrets(service, number, environment);
        if (!missing.isEmpty()) {
            throw new InvalidInputException("secrets", "have no value for environment " + environment.name() + ": "
                    + String.join(", ", missing));
        }
        DeploymentRendering.Rendered rendered = targets.render(target, number);
        var cluster = targets.cluster(target);
        List<PlannedObject> objects = ClusterPlanner.plan(cluster, rendered.manifests(), rendered.ownerLabels(),
                rendered.namespace());
        PlanGuardrails guardrails = PlanGuardrails.of(environment.policy(),
                rules.guardrailViolations(environment, rendered.effectiveSpec()));
        return new Plan(service.name(), number, environment.name(), rendered.namespace(), rendered.hash(), objects,
                PlanSummary.of(objects), guardrails);
    }

    /**
     * The environment's guardrails and what in the revision's effective spec breaks them, without asking
     * the cluster: a preview shows them even when the cluster cannot be reached.
     */
    public PlanGuardrails guardrails(String serviceName, Integer revision, String environmentName) {
        DeploymentTarget target = targets.resolve(serviceName, environmentName);
        ServiceView service = target.service();
        EnvironmentView environment = target.environment();
        int number = revision == null ? service.latestRevision() : revision;
        ServiceSpec effective = SpecMerge.forEnvironment(catalog.revision(service.name(), number).spec(),
                environment.name());
        return PlanGuardrails.of(environment.policy(), rules.guardrailViolations(environment, effective));
    }

    /** Health and activity of a service in one environment. */
    public EnvironmentStatus status(String serviceName, String environmentName) {
        DeploymentTarget target = targets.resolve(serviceName, environmentName);
        ServiceView service = target.service();
        EnvironmentView environment = target.environment();
        String namespace = target.namespace();
        var state = deployed.find(service.id(), environment.id());
        List<DeploymentView> latest = deployments.list(null, null, environment.name(), service.name(), 1, null);
        RequestState requestState = latest.isEmpty() ? null : latest.get(0).state();
        try {
            var cluster = targets.cluster(target);
            WorkloadStatus.Report report = WorkloadStatus.read(cluster, namespace, service.name(),
                    SlipwayLabels.pods(service.name(), environment.name()));
            List<String> objects = new ArrayList<>();
            for (ResourceKind kind : ResourceKind.values()) {
                if (kind.namespaced()) {
                    for (var item : cluster.list(kind, namespace, SlipwayLabels.owner(service.name(), environment.name()))) {
                        objects.add(kind.kind() + "/" + item.getAsJsonObject("metadata").get("name").getAsString());
                    }
                }
            }
            return new EnvironmentStatus(service.name(), environment.name(), namespace,
                    state.map(DeployedStates.DeployedState::revision).orElse(null), requestState,
                    latest.isEmpty() ? null : latest.get(0).id(), report.health().name(), report.summary(),
                    state.map(DeployedStates.DeployedState::drift).orElse(false),
                    state.map(DeployedStates.DeployedState::driftDetail).orElse(null),
                    state.map(DeployedStates.DeployedState::syncedAt).orElse(null), objects, report.pods(),
                    report.events(), report.hpa(), previousLogs(cluster, namespace, report.pods()), null);
        } catch (KubernetesRejection | RuntimeException e) {
            return new EnvironmentStatus(service.name(), environment.name(), namespace,
                    state.map(DeployedStates.DeployedState::revision).orElse(null), requestState,
                    latest.isEmpty() ? null : latest.get(0).id(), WorkloadStatus.Health.UNKNOWN.name(),
                    "The cluster could not be read", state.map(DeployedStates.DeployedState::drift).orElse(false),
                    state.map(DeployedStates.DeployedState::driftDetail).orElse(null),
                    state.map(DeployedStates.DeployedState::syncedAt).orElse(null), List.of(), List.of(), List.of(),
                    null, List.of(), e.getMessage());
        }
    }

    private static final int PREVIOUS_LOG_PODS = 3;
    private static final int PREVIOUS_LOG_LINES = 15;

    /**
     * The last lines the previous container of each restarted pod wrote (its crash, usually), for the first
     * {@value #PREVIOUS_LOG_PODS} such pods: why it restarted is the first thing a person looks for.
     */
    private static List<PreviousLog> previousLogs(ClusterObjects cluster, String namespace, List<WorkloadStatus.PodInfo> pods) {
        List<PreviousLog> logs = new ArrayList<>();
        for (WorkloadStatus.PodInfo pod : pods) {
            if (pod.restarts() == 0 || pod.containers().isEmpty() || logs.size() == PREVIOUS_LOG_PODS) {
                continue;
            }
            String container = pod.containers().get(0);
            try {
                logs.add(new PreviousLog(pod.name(), container,
                        WorkloadStatus.logs(cluster, namespace, pod.name(), container, PREVIOUS_LOG_LINES, true)));
            } catch (KubernetesRejection | RuntimeException e) {
                // not kept by the node any more, or the pod just went: the status is still worth showing
            }
        }
        return logs;
    }

    /** Only the health of the Deployment (one read), for lists; UNKNOWN when the cluster cannot be read. */
    public String health(String serviceName, String environmentName) {
        try {
            DeploymentTarget target = targets.resolve(serviceName, environmentName);
            return WorkloadStatus.health(targets.cluster(target), target.namespace(), target.service().name()).name();
        } catch (KubernetesRejection | RuntimeException e) {
            return WorkloadStatus.Health.UNKNOWN.name();
        }
    }

    /**
     * The tail of a pod's log; {@code previous} for the container's run before its last restart. Without a
     * container, the one that restarted most (previous) or the pod's default container.
     */
    public String logs(String serviceName, String environmentName, String pod, @Nullable String container,
            Integer tailLines, boolean previous) throws KubernetesRejection {
        DeploymentTarget target = targets.resolve(serviceName, environmentName);
        ServiceView service = target.service();
        EnvironmentView environment = target.environment();
        if (pod == null || pod.isBlank()) {
            throw new InvalidInputException("pod", "is required: the name of one of the service's pods");
        }
        int tail = tailLines == null ? 200 : tailLines;
        if (tail < 1 || tail > 5000) {
            throw new InvalidInputException("tailLines", "must be a whole number from 1 to 5000");
        }
        String namespace = target.namespace();
        ClusterObjects cluster;
        try {
            cluster = targets.cluster(target);
        } catch (RuntimeException e) {
            throw new KubernetesRejection("The cluster of " + environment.name() + " cannot be used: " + e.getMessage(), 0);
        }
        var ours = cluster.listCore("pods", namespace, SlipwayLabels.pods(service.name(), environment.name()))
                .stream()
                .filter(p -> pod.equals(p.getAsJsonObject("metadata").get("name").getAsString()))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("No pod " + pod + " of " + service.name() + " in "
                        + environment.name() + "."));
        String chosen = container == null || container.isBlank() ? WorkloadStatus.containerForLogs(ours, previous) : container;
        return WorkloadStatus.logs(cluster, namespace, pod, chosen, tail, previous);
    }

    /**
     * A plan of one revision in one environment. {@code renderedHash} identifies exactly these objects; it
     * covers secret values, so it is compared on the server and never sent out.
     */
    public record Plan(String service, int revision, String environment, String namespace,
            @com.fasterxml.jackson.annotation.JsonIgnore String renderedHash, List<PlannedObject> objects,
            PlanSummary summary, PlanGuardrails guardrails) {}

    /**
     * The status endpoint's answer: {@code health} with its reason in words ({@code summary}), each pod with what
     * is wrong with it, {@code hpa} when the service autoscales; {@code error} says why the cluster could not be
     * read, if it could not.
     */
    public record EnvironmentStatus(String service, String environment, String namespace, @Nullable Integer revision,
            @Nullable RequestState state, @Nullable Long requestId, String health, String summary, boolean drift,
            @Nullable String driftDetail, @Nullable Instant syncedAt, List<String> objects,
            List<WorkloadStatus.PodInfo> pods, List<WorkloadStatus.EventInfo> events, @Nullable WorkloadStatus.HpaInfo hpa,
            List<PreviousLog> previousLogs, @Nullable String error) {}

    /** The last lines of a restarted pod's previous container. */
    public record PreviousLog(String pod, String container, String tail) {}
}
