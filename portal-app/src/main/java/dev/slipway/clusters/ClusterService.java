package dev.slipway.clusters;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.KnownEnvironments;
import dev.slipway.catalog.Quantity;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.common.RootCause;
import dev.slipway.identity.IdentityService;
import dev.slipway.secrets.CredentialVault;
import dev.slipway.secrets.SealedCredential;
import io.kubernetes.client.openapi.ApiClient;
import jakarta.annotation.Nullable;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The clusters feature's public face: clusters (how to reach them) and environments (where a team's
 * services run, with which rules). Platform admins write; everyone signed in reads.
 */
@Service
public class ClusterService implements KnownEnvironments {

    static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    static final Pattern REGISTRY = Pattern.compile("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9._/-]+)?$");
    static final int MAX_KUBECONFIG = 256 * 1024;

    private final ClusterEntryRepository clusters;
    private final EnvironmentEntryRepository environments;
    private final ClusterConnections connections;
    private final CredentialVault vault;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final IdentityService identity;

    ClusterService(ClusterEntryRepository clusters, EnvironmentEntryRepository environments,
            ClusterConnections connections, CredentialVault vault, AuditTrail audit, JsonMapper json,
            IdentityService identity) {
        this.clusters = clusters;
        this.environments = environments;
        this.connections = connections;
        this.vault = vault;
        this.audit = audit;
        this.json = json;
        this.identity = identity;
    }

    /** Registers a cluster reached through a kubeconfig; checks the connection and records the outcome. */
    @Transactional
    public ClusterView register(Actor actor, String name, String kubeconfig) {
        requirePlatformAdmin(actor, "register clusters");
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || !DNS_LABEL.matcher(name).matches()) {
            problems.add(new FieldProblem("name", "must be a DNS-1123 label: 1-63 lowercase letters, digits or '-'"));
        }
        String server = serverOf(kubeconfig, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (clusters.findByName(name).isPresent()) {
            throw new ConflictException("A cluster named '" + name + "' already exists.");
        }
        SealedCredential sealed = vault.seal(context(name), kubeconfig);
        ClusterEntry cluster = clusters.saveAndFlush(new ClusterEntry(name, ClusterEntry.Connection.KUBECONFIG,
                sealed.bytes(), sealed.keyId(), server, actor.username()));
        ConnectionCheck check = ClusterConnections.check(clientFor(cluster));
        cluster.checked(check);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("server", server);
        details.put("reachable", check.reachable());
        details.put("version", check.version() == null ? "" : check.version());
        details.put("error", check.error() == null ? "" : check.error());
        audit.record(AuditEntry.of(actor.username(), "cluster.registered", "cluster", name).withDetails(details));
        return view(cluster);
    }

    /** Registers the cluster Slipway itself runs in, reached with the pod's service account. */
    @Transactional
    public ClusterView registerInCluster(Actor actor, String name) {
        requirePlatformAdmin(actor, "register clusters");
        if (name == null || !DNS_LABEL.matcher(name).matches()) {
            throw new InvalidInputException("name", "must be a DNS-1123 label: 1-63 lowercase letters, digits or '-'");
        }
        if (clusters.findByName(name).isPresent()) {
            throw new ConflictException("A cluster named '" + name + "' already exists.");
        }
        ClusterEntry cluster = clusters.saveAndFlush(
                new ClusterEntry(name, ClusterEntry.Connection.IN_CLUSTER, null, null, "in-cluster", actor.username()));
        cluster.checked(checkConnection(cluster));
        audit.record(AuditEntry.of(actor.username(), "cluster.registered", "cluster", name)
                .withDetails(Map.of("connection", "IN_CLUSTER", "reachable", cluster.reachable())));
        return view(cluster);
    }

    /** Asks the cluster for its version now and records whether it answered. */
    @Transactional
    public ClusterView check(String name) {
        ClusterEntry cluster = requireCluster(name);
        cluster.checked(checkConnection(cluster));
        return view(cluster);
    }

    /**
     * Asks the cluster again because someone asked for it: records the answer like {@link #check} and
     * puts it on the audit trail. Anyone signed in may ask; it changes nothing but what is known.
     */
    @Transactional
    public ClusterView recheck(Actor actor, String name) {
        ClusterEntry cluster = requireCluster(name);
        ConnectionCheck check = checkConnection(cluster);
        cluster.checked(check);
        audit.record(AuditEntry.of(actor.username(), "cluster.checked", "cluster", name).withDetails(outcome(check)));
        return view(cluster);
    }

    /**
     * Replaces the kubeconfig a cluster is reached with (a rotated credential, a moved API server), checks
     * the connection with it and records the outcome. The old kubeconfig is neither returned nor audited.
     */
    @Transactional
    public ClusterView replaceKubeconfig(Actor actor, String name, String kubeconfig) {
        requirePlatformAdmin(actor, "change clusters");
        ClusterEntry cluster = requireCluster(name);
        List<FieldProblem> problems = new ArrayList<>();
        String server = serverOf(kubeconfig, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String previousServer = cluster.server();
        SealedCredential sealed = vault.seal(context(name), kubeconfig);
        cluster.reconnect(sealed.bytes(), sealed.keyId(), server);
        clusters.flush();
        connections.forget(name);
        ConnectionCheck check = checkConnection(cluster);
        cluster.checked(check);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("previousServer", previousServer == null ? "" : previousServer);
        details.putAll(outcome(check));
        audit.record(AuditEntry.of(actor.username(), "cluster.changed", "cluster", name).withDetails(details));
        return view(cluster);
    }

    /** The environments that live on a cluster, by name: a cluster with any cannot be deleted. */
    @Transactional(readOnly = true)
    public List<String> environmentsOn(String clusterName) {
        return environments.findByClusterId(requireCluster(clusterName).id()).stream()
                .map(EnvironmentEntry::name).sorted().toList();
    }

    /** Deletes a cluster no environment uses; refused (409) naming the environments otherwise. */
    @Transactional
    public void delete(Actor actor, String name) {
        requirePlatformAdmin(actor, "delete clusters");
        ClusterEntry cluster = requireCluster(name);
        List<String> using = environments.findByClusterId(cluster.id()).stream().map(EnvironmentEntry::name).sorted()
                .toList();
        if (!using.isEmpty()) {
            throw inUse(name, using);
        }
        try {
            clusters.delete(cluster);
            clusters.flush();
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            throw inUse(name, List.of());
        }
        connections.forget(name);
        audit.record(AuditEntry.of(actor.username(), "cluster.deleted", "cluster", name)
                .withDetails(Map.of("server", cluster.server() == null ? "" : cluster.server(),
                        "connection", cluster.connection().name())));
    }

    private static ConflictException inUse(String name, List<String> environments) {
        return new ConflictException("Cluster '" + name + "' cannot be deleted while environments use it"
                + (environments.isEmpty() ? "" : " (" + String.join(", ", environments) + ")")
                + ": move them to another cluster first.");
    }

    /** The API server a kubeconfig names, or null with the problem added. */
    private static String serverOf(String kubeconfig, List<FieldProblem> problems) {
        if (kubeconfig == null || kubeconfig.isBlank()) {
            problems.add(new FieldProblem("kubeconfig", "is required: the kubeconfig YAML text of the cluster"));
        } else if (kubeconfig.length() > MAX_KUBECONFIG) {
            problems.add(new FieldProblem("kubeconfig", "must be at most 256 KiB"));
        } else {
            try {
                return ClusterConnections.parse(kubeconfig).getServer();
            } catch (RuntimeException e) {
                problems.add(new FieldProblem("kubeconfig", "must be kubeconfig YAML with a current-context naming a"
                        + " cluster server (" + RootCause.describe(e) + ")"));
            }
        }
        return null;
    }

    private static Map<String, Object> outcome(ConnectionCheck check) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reachable", check.reachable());
        details.put("version", check.version() == null ? "" : check.version());
        details.put("error", check.error() == null ? "" : check.error());
        return details;
    }

    @Transactional(readOnly = true)
    public List<ClusterView> clusters() {
        return clusters.findAllByOrderByNameAsc().stream().map(ClusterService::view).toList();
    }

    @Transactional(readOnly = true)
    public Optional<ClusterView> cluster(String name) {
        return clusters.findByName(name).map(ClusterService::view);
    }

    /**
     * Every registered cluster with its database id and shared client (null when none can be built from its
     * kubeconfig), in one query: the live-state cache looks at them every few seconds.
     */
    @Transactional(readOnly = true)
    public List<ClusterClient> clients() {
        return clusters.findAllByOrderByNameAsc().stream().map(cluster -> {
            ApiClient client;
            try {
                client = clientFor(cluster);
            } catch (RuntimeException e) {
                client = null;
            }
            return new ClusterClient(cluster.name(), cluster.id(), client);
        }).toList();
    }

    /** A cluster as the live-state cache needs it. */
    public record ClusterClient(String name, long id, @Nullable ApiClient client) {}

    /** The database ids of every registered cluster, for coordination tables that refer to them (the live-state lease). */
    @Transactional(readOnly = true)
    public Set<Long> clusterIds() {
        return clusters.findAllByOrderByNameAsc().stream().map(ClusterEntry::id).collect(Collectors.toSet());
    }

    /** The database id of a cluster, which coordination tables (the live-state lease) refer to. */
    @Transactional(readOnly = true)
    public Optional<Long> clusterId(String clusterName) {
        return clusters.findByName(clusterName).map(ClusterEntry::id);
    }

    /** The shared client of a cluster, for the deployer. */
    @Transactional(readOnly = true)
    public ApiClient apiClient(String clusterName) {
        return clientFor(requireCluster(clusterName));
    }

    @Transactional
    public EnvironmentView saveEnvironment(Actor actor, EnvironmentCommand command, boolean create) {
        requirePlatformAdmin(actor, create ? "create environments" : "change environments");
        List<FieldProblem> problems = validate(command);
        Optional<ClusterEntry> cluster = command.cluster() == null ? Optional.empty() : clusters.findByName(command.cluster());
        if (command.cluster() != null && cluster.isEmpty()) {
            problems.add(new FieldProblem("cluster", "must be the name of a registered cluster"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        EnvironmentEntry environment;
        if (create) {
            if (environments.findByName(command.name()).isPresent()) {
                throw new ConflictException("An environment named '" + command.name() + "' already exists.");
            }
            environment = new EnvironmentEntry(command.name(), cluster.get().id(), actor.username());
        } else {
            environment = environments.findByName(command.name())
                    .orElseThrow(() -> new NotFoundException("No environment named '" + command.name() + "'."));
        }
        GuardrailPolicy policy = command.policy() == null ? GuardrailPolicy.none() : withoutBlankSource(command.policy());
        environment.configure(cluster.get().id(), template(command), command.order() == null ? 0 : command.order(),
                Boolean.TRUE.equals(command.requiresApproval()),
                command.driftMode() == null ? DriftMode.DETECT : command.driftMode(), json.writeValueAsString(policy));
        environment.fallBackTo(fallbackApprovers(command));
        environment.linkTo(blankToNull(command.dashboardUrlTemplate()), blankToNull(command.logsUrlTemplate()));
        environment = environments.saveAndFlush(environment);
        EnvironmentView view = view(environment, cluster.get().name());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cluster", view.cluster());
        details.put("namespaceTemplate", view.namespaceTemplate());
        details.put("order", view.order());
        details.put("requiresApproval", view.requiresApproval());
        details.put("driftMode", view.driftMode().name());
        details.put("policy", policy);
        details.put("fallbackApprovers", view.fallbackApprovers() == null ? "" : view.fallbackApprovers());
        details.put("dashboardUrlTemplate", view.dashboardUrlTemplate() == null ? "" : view.dashboardUrlTemplate());
        details.put("logsUrlTemplate", view.logsUrlTemplate() == null ? "" : view.logsUrlTemplate());
        audit.record(AuditEntry.of(actor.username(), create ? "environment.created" : "environment.changed",
                        "environment", view.name())
                .withEnvironment(view.name())
                .withDetails(details));
        return view;
    }

    /** For the catalog: the names of the environments, in promotion order. */
    @Override
    @Transactional(readOnly = true)
    public List<String> environmentNames() {
        return environments().stream().map(EnvironmentView::name).toList();
    }

    /** For the catalog: each environment's dashboard and logs links for the service, where it has any. */
    @Override
    @Transactional(readOnly = true)
    public Map<String, ServiceLinks> serviceLinks(String team, String service) {
        Map<String, ServiceLinks> links = new LinkedHashMap<>();
        for (EnvironmentView environment : environments()) {
            ObserveLinks of = environment.observeLinks(team, service);
            if (of.any()) {
                links.put(environment.name(), new ServiceLinks(of.dashboardUrl(), of.logsUrl()));
            }
        }
        return links;
    }

    @Transactional(readOnly = true)
    public List<EnvironmentView> environments() {
        Map<Long, String> names = new LinkedHashMap<>();
        clusters.findAll().forEach(c -> names.put(c.id(), c.name()));
        return environments.findAllByOrderByPromotionOrderAscNameAsc().stream()
                .map(e -> view(e, names.get(e.clusterId())))
                .toList();
    }

    @Transactional(readOnly = true)
    public Optional<EnvironmentView> environment(String name) {
        return environments.findByName(name)
                .map(e -> view(e, clusters.findById(e.clusterId()).map(ClusterEntry::name).orElseThrow()));
    }

    @Transactional(readOnly = true)
    public EnvironmentView requireEnvironment(String name) {
        return environment(name).orElseThrow(() -> new NotFoundException("No environment named '" + name + "'."));
    }

    @Transactional(readOnly = true)
    public Optional<EnvironmentView> environmentById(long id) {
        return environments.findById(id)
                .map(e -> view(e, clusters.findById(e.clusterId()).map(ClusterEntry::name).orElseThrow()));
    }

    private List<FieldProblem> validate(EnvironmentCommand command) {
        List<FieldProblem> problems = new ArrayList<>();
        if (command.name() == null || !DNS_LABEL.matcher(command.name()).matches()) {
            problems.add(new FieldProblem("name", "must be a DNS-1123 label: 1-63 lowercase letters, digits or '-'"));
        }
        if (command.cluster() == null || command.cluster().isBlank()) {
            problems.add(new FieldProblem("cluster", "is required: the name of a registered cluster"));
        }
        NamespaceTemplate.problem(template(command))
                .ifPresent(p -> problems.add(new FieldProblem("namespaceTemplate", p)));
        if (command.order() != null && (command.order() < 0 || command.order() > 1000)) {
            problems.add(new FieldProblem("order", "must be a whole number from 0 to 1000"));
        }
        String fallback = fallbackApprovers(command);
        if (fallback != null && identity.team(fallback).isEmpty()) {
            problems.add(new FieldProblem("fallbackApprovers", "must be the slug of a team (whose leads approve here"
                    + " when the owning team has no other lead), or empty for none; there is no team '" + fallback + "'"));
        }
        linkTemplateProblem("dashboardUrlTemplate", command.dashboardUrlTemplate(), problems);
        linkTemplateProblem("logsUrlTemplate", command.logsUrlTemplate(), problems);
        GuardrailPolicy policy = command.policy();
        if (policy != null) {
            if (policy.maxReplicas() != null && (policy.maxReplicas() < 1 || policy.maxReplicas() > 1000)) {
                problems.add(new FieldProblem("policy.maxReplicas", "must be a whole number from 1 to 1000"));
            }
            if (policy.maxCpu() != null && !policy.maxCpu().isBlank() && Quantity.parse(policy.maxCpu()).isEmpty()) {
                problems.add(new FieldProblem("policy.maxCpu", "must be a CPU quantity such as 500m or 2"));
            }
            if (policy.maxMemory() != null && !policy.maxMemory().isBlank()
                    && Quantity.parse(policy.maxMemory()).isEmpty()) {
                problems.add(new FieldProblem("policy.maxMemory", "must be a memory quantity such as 512Mi or 2Gi"));
            }
            for (int i = 0; i < policy.allowedRegistries().size(); i++) {
                String registry = policy.allowedRegistries().get(i);
                if (registry == null || !REGISTRY.matcher(registry).matches()) {
                    problems.add(new FieldProblem("policy.allowedRegistries[" + i + "]",
                            "must be a registry host, optionally with a port and path prefix, such as registry.example.com/payments"));
                }
            }
            releaseFlowProblems(command.name(), policy, problems);
            Integer deadline = policy.progressDeadlineSeconds();
            if (deadline != null && (deadline < GuardrailPolicy.MIN_PROGRESS_DEADLINE_SECONDS
                    || deadline > GuardrailPolicy.MAX_PROGRESS_DEADLINE_SECONDS)) {
                problems.add(new FieldProblem("policy.progressDeadlineSeconds", "must be a whole number of seconds from "
                        + GuardrailPolicy.MIN_PROGRESS_DEADLINE_SECONDS + " to " + GuardrailPolicy.MAX_PROGRESS_DEADLINE_SECONDS
                        + " (how long a synced revision has to become HEALTHY), or empty for "
                        + GuardrailPolicy.DEFAULT_PROGRESS_DEADLINE_SECONDS));
            }
        }
        return problems;
    }

    /** The release flow's policy fields (docs/release-flow.md): a promotion source that exists, a soak, windows. */
    private void releaseFlowProblems(String name, GuardrailPolicy policy, List<FieldProblem> problems) {
        String from = policy.promotionFrom();
        if (from != null && !from.isBlank()) {
            if (from.equals(name)) {
                problems.add(new FieldProblem("policy.promotionFrom", "must name another environment than this one"));
            } else if (environments.findByName(from).isEmpty()) {
                problems.add(new FieldProblem("policy.promotionFrom", "must be the name of an environment (the one a"
                        + " revision must be HEALTHY in first), or empty for none; there is no environment '" + from + "'"));
            }
        }
        if (policy.soakMinutes() != null) {
            if (policy.soakMinutes() < 0 || policy.soakMinutes() > 10080) {
                problems.add(new FieldProblem("policy.soakMinutes", "must be a whole number of minutes from 0 to 10080"
                        + " (a week)"));
            } else if (policy.soakMinutes() > 0 && (from == null || from.isBlank())) {
                problems.add(new FieldProblem("policy.soakMinutes", "needs policy.promotionFrom: the environment the"
                        + " revision must have been HEALTHY in for that long"));
            }
        }
        problems.addAll(DeploymentWindows.problems(policy.windows(), "policy.windows"));
    }

    private static void linkTemplateProblem(String field, String template, List<FieldProblem> problems) {
        String given = blankToNull(template);
        if (given != null) {
            LinkTemplate.problem(given).ifPresent(p -> problems.add(new FieldProblem(field, p + "; empty for no link")));
        }
    }

    private static GuardrailPolicy withoutBlankSource(GuardrailPolicy p) {
        return new GuardrailPolicy(p.maxReplicas(), p.maxCpu(), p.maxMemory(), p.allowedRegistries(), p.requireLimits(),
                p.forbidLatestTag(), blankToNull(p.promotionFrom()), p.soakMinutes(), p.windows(), p.autoRollback(),
                p.progressDeadlineSeconds());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String fallbackApprovers(EnvironmentCommand command) {
        return command.fallbackApprovers() == null || command.fallbackApprovers().isBlank() ? null
                : command.fallbackApprovers().strip();
    }

    private static String template(EnvironmentCommand command) {
        return command.namespaceTemplate() == null || command.namespaceTemplate().isBlank()
                ? NamespaceTemplate.DEFAULT
                : command.namespaceTemplate().strip();
    }

    /** Whether the cluster answers; a client that cannot even be built (no service account token) is an answer too. */
    private ConnectionCheck checkConnection(ClusterEntry cluster) {
        try {
            return ClusterConnections.check(clientFor(cluster));
        } catch (RuntimeException e) {
            return new ConnectionCheck(false, null, RootCause.describe(e), Instant.now());
        }
    }

    private ApiClient clientFor(ClusterEntry cluster) {
        return connections.client(cluster.name(), fingerprint(cluster), () -> cluster.connection()
                        == ClusterEntry.Connection.IN_CLUSTER
                ? null
                : vault.open(context(cluster.name()),
                        new SealedCredential(cluster.kubeconfigKeyId(), cluster.kubeconfigCiphertext())));
    }

    private static String fingerprint(ClusterEntry cluster) {
        if (cluster.kubeconfigCiphertext() == null) {
            return "in-cluster";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cluster.kubeconfigCiphertext()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ClusterEntry requireCluster(String name) {
        return clusters.findByName(name).orElseThrow(() -> new NotFoundException("No cluster named '" + name + "'."));
    }

    private EnvironmentView view(EnvironmentEntry e, String clusterName) {
        return new EnvironmentView(e.id(), e.name(), clusterName, e.namespaceTemplate(), e.promotionOrder(),
                e.requiresApproval(), e.driftMode(), json.readValue(e.policy(), GuardrailPolicy.class),
                e.fallbackApprovers(), e.dashboardUrlTemplate(), e.logsUrlTemplate());
    }

    private static ClusterView view(ClusterEntry c) {
        return new ClusterView(c.name(), c.connection().name(), c.server(), c.reachable(), c.version(), c.lastError(),
                c.checkedAt(), c.createdBy(), c.createdAt());
    }

    static String context(String clusterName) {
        return "cluster:" + clusterName + ":kubeconfig";
    }

    /** The rule is {@link ClusterAccess}'s, the one place that decides it (docs/architecture.md, "Authorization"). */
    private static void requirePlatformAdmin(Actor actor, String what) {
        ClusterAccess.requireMayChange(actor, what);
    }
}
