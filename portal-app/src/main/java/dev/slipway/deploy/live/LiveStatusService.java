package dev.slipway.deploy.live;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.ServiceView;
import dev.slipway.catalog.SpecMerge;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
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
import java.util.Map;
import java.util.Optional;

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
    private final LatestRequests deployments;
    private final DeploymentRules rules;
    private final LiveStateCache cache;

    LiveStatusService(CatalogService catalog, Targets targets, DeploymentRendering rendering,
            DeployedStates deployed, LatestRequests deployments, DeploymentRules rules, LiveStateCache cache) {
        this.cache = cache;
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

    /**
     * Health and activity of a service in one environment: from the live-state cache when it has listed the
     * cluster (no call to the cluster but for a restarted pod's previous log), else read from the cluster.
     */
    public EnvironmentStatus status(String serviceName, String environmentName) {
        DeploymentTarget target = targets.resolve(serviceName, environmentName);
        ServiceView service = target.service();
        EnvironmentView environment = target.environment();
        String namespace = target.namespace();
        var state = deployed.find(service.id(), environment.id());
        List<DeploymentView> latest = deployments.latest(service.name(), environment.name()).stream().toList();
        RequestState requestState = latest.isEmpty() ? null : latest.get(0).state();
        Integer revision = state.map(DeployedStates.DeployedState::revision).orElse(null);
        Long requestId = latest.isEmpty() ? null : latest.get(0).id();
        boolean drift = state.map(DeployedStates.DeployedState::drift).orElse(false);
        String driftDetail = state.map(DeployedStates.DeployedState::driftDetail).orElse(null);
        Instant syncedAt = state.map(DeployedStates.DeployedState::syncedAt).orElse(null);
        // What runs, as Argo CD says it: SYNCED while it matches the approved objects, OUT_OF_SYNC once it drifted.
        String sync = state.isEmpty() ? "NOT_DEPLOYED" : drift ? "OUT_OF_SYNC" : "SYNCED";
        Long runningRequestId = state.map(DeployedStates.DeployedState::requestId).orElse(null);
        Map<String, String> driftActions = drift ? ResourceTree.driftActions(driftDetail) : Map.of();
        Optional<ClusterLiveState.Connection> connection = cache.connection(environment.cluster());
        Optional<ClusterLiveState.PairView> view = cache.view(environment.cluster(),
                new ClusterLiveState.Pair(namespace, service.name(), environment.name()));
        if (view.isPresent()) {
            ClusterLiveState.PairView pair = view.get();
            WorkloadStatus.Report report = HealthAssessment.assess(namespace, service.name(),
                    new HealthAssessment.Observed(pair.deployment(), pair.pods(), pair.autoscaler(), pair.events()),
                    Instant.now());
            List<String> objects = pair.fingerprints().keySet().stream().map(LiveStatusService::kindAndName).sorted()
                    .toList();
            ClusterReach reach = reach(environment.cluster(), connection.orElseThrow(), null);
            List<PreviousLog> previous = reach.reachable()
                    ? previousLogsQuietly(target, report.pods())
                    : List.of();
            return new EnvironmentStatus(service.name(), environment.name(), namespace, revision, requestState,
                    requestId, report.health().name(), report.summary(), drift, driftDetail, syncedAt, objects,
                    report.pods(), report.events(), report.hpa(), previous, reach.error(), reach, Replicas.of(report),
                    ResourceTree.of(pair.deployment(), pair.replicaSets(), pair.pods(), objects, report, driftActions),
                    sync, runningRequestId);
        }
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
            Optional<com.google.gson.JsonObject> deployment = cluster.get(ResourceKind.DEPLOYMENT, namespace, service.name());
            List<com.google.gson.JsonObject> pods = cluster.listCore("pods", namespace,
                    java.util.Map.of("app.kubernetes.io/name", service.name(), "slipway.dev/environment", environment.name()));
            ClusterReach reach = connection.map(c -> reach(environment.cluster(), c, null))
                    .orElse(new ClusterReach(environment.cluster(), true, null, null, null));
            return new EnvironmentStatus(service.name(), environment.name(), namespace, revision, requestState,
                    requestId, report.health().name(), report.summary(), drift, driftDetail, syncedAt, objects,
                    report.pods(), report.events(), report.hpa(), previousLogs(cluster, namespace, report.pods()), null,
                    reach, Replicas.of(report), ResourceTree.of(deployment, List.of(), pods, objects, report, driftActions),
                    sync, runningRequestId);
        } catch (KubernetesRejection | RuntimeException e) {
            ClusterReach reach = connection.map(c -> reach(environment.cluster(), c, e.getMessage()))
                    .orElse(new ClusterReach(environment.cluster(), false, null, null, e.getMessage()));
            if (reach.reachable()) {
                reach = new ClusterReach(reach.name(), false, reach.failingSince(), reach.lastEventAt(), e.getMessage());
            }
            return new EnvironmentStatus(service.name(), environment.name(), namespace, revision, requestState,
                    requestId, WorkloadStatus.Health.UNKNOWN.name(), "The cluster could not be read", drift, driftDetail,
                    syncedAt, List.of(), List.of(), List.of(), null, List.of(), e.getMessage(), reach, null, List.of(), sync,
                    runningRequestId);
        }
    }

    /** How the cluster's watches fare, as the status says it; {@code readError} when a direct read failed too. */
    private static ClusterReach reach(String cluster, ClusterLiveState.Connection connection, @Nullable String readError) {
        boolean reachable = connection.failure() == null && readError == null;
        return new ClusterReach(cluster, reachable, connection.failingSince(), connection.lastEventAt(),
                connection.failure() != null ? connection.failure() : readError);
    }

    private List<PreviousLog> previousLogsQuietly(DeploymentTarget target, List<WorkloadStatus.PodInfo> pods) {
        if (pods.stream().noneMatch(p -> p.restarts() > 0)) {
            return List.of();
        }
        try {
            return previousLogs(targets.cluster(target), target.namespace(), pods);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** {@code Kind/namespace/name} (the cache's key) as {@code Kind/name}. */
    private static String kindAndName(String key) {
        int first = key.indexOf('/');
        int last = key.lastIndexOf('/');
        return key.substring(0, first) + key.substring(last);
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

    /**
     * The health of a service in an environment, for lists: from the live-state cache when it has listed the
     * cluster, else as last recorded by the watch (when the cluster's watches fail, asking it would only wait),
     * else the Deployment alone (one read); UNKNOWN when none can say.
     */
    public String health(String serviceName, String environmentName) {
        try {
            DeploymentTarget target = targets.resolve(serviceName, environmentName);
            ServiceView service = target.service();
            EnvironmentView environment = target.environment();
            String namespace = target.namespace();
            Optional<ClusterLiveState.PairView> view = cache.view(environment.cluster(),
                    new ClusterLiveState.Pair(namespace, service.name(), environment.name()));
            if (view.isPresent()) {
                ClusterLiveState.PairView pair = view.get();
                return HealthAssessment.assess(namespace, service.name(), new HealthAssessment.Observed(
                        pair.deployment(), pair.pods(), pair.autoscaler(), pair.events()), Instant.now()).health().name();
            }
            if (cache.connection(environment.cluster()).map(c -> c.failure() != null).orElse(false)) {
                return deployed.find(service.id(), environment.id()).map(DeployedStates.DeployedState::health)
                        .orElse(WorkloadStatus.Health.UNKNOWN.name());
            }
            return WorkloadStatus.health(targets.cluster(target), namespace, service.name()).name();
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
     * read, if it could not; {@code cluster} whether it can be reached at all; {@code replicas} the Deployment's counts; {@code tree} the objects as a tree
     * ({@link ResourceTree}).
     */
    public record EnvironmentStatus(String service, String environment, String namespace, @Nullable Integer revision,
            @Nullable RequestState state, @Nullable Long requestId, String health, String summary, boolean drift,
            @Nullable String driftDetail, @Nullable Instant syncedAt, List<String> objects,
            List<WorkloadStatus.PodInfo> pods, List<WorkloadStatus.EventInfo> events, @Nullable WorkloadStatus.HpaInfo hpa,
            List<PreviousLog> previousLogs, @Nullable String error, ClusterReach cluster, @Nullable Replicas replicas,
            List<ResourceTree.Node> tree, String sync, @Nullable Long runningRequestId) {

        /** The same status with other previous logs: cleaned, or none for someone who may not read them. */
        public EnvironmentStatus withPreviousLogs(List<PreviousLog> logs) {
            return new EnvironmentStatus(service, environment, namespace, revision, state, requestId, health, summary,
                    drift, driftDetail, syncedAt, objects, pods, events, hpa, List.copyOf(logs), error, cluster,
                    replicas, tree, sync, runningRequestId);
        }
    }

    /** The Deployment's replicas: how many it asks for ({@code spec.replicas}) and how many are ready, up to date, available. */
    public record Replicas(int desired, int ready, int updated, int available) {
        static Replicas of(WorkloadStatus.Report report) {
            return new Replicas(report.desired(), report.ready(), report.updated(), report.available());
        }
    }

    /**
     * Whether Slipway can reach the cluster: {@code failingSince} when its watches began to fail, {@code lastEventAt}
     * the last time they heard anything from it (both null when the cache does not watch it), {@code error} why not.
     */
    public record ClusterReach(String name, boolean reachable, @Nullable Instant failingSince,
            @Nullable Instant lastEventAt, @Nullable String error) {}

    /** The last lines of a restarted pod's previous container. */
    public record PreviousLog(String pod, String container, String tail) {}
}
