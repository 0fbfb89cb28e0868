package dev.slipway.deploy.render;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.slipway.catalog.ConfigFilePaths;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.ServiceSpec.ConfigFile;
import dev.slipway.catalog.ServiceSpec.Port;
import dev.slipway.catalog.ServiceSpec.Probes;
import dev.slipway.catalog.ServiceSpec.Resources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns one revision's effective spec into the Kubernetes objects for one environment (docs/architecture.md,
 * "The deployer", deploy.render). A pure function: the same request always gives the same objects,
 * byte for byte, which is what lets an approval pin a {@link #hash(List)} and the deployer detect
 * that the same revision would now render differently.
 *
 * <p>Decisions worth knowing:
 *
 * <ul>
 *   <li>The Namespace carries only {@code app.kubernetes.io/managed-by}, {@code slipway.dev/team} and
 *       {@code slipway.dev/environment}. All of a team's services in an environment share it and
 *       apply it with the same field manager, so a per-service label ({@code app.kubernetes.io/name},
 *       {@code slipway.dev/revision}) would flip from one service to the next on every sync. It also
 *       keeps the Namespace out of any one service's prune, which selects by
 *       {@code app.kubernetes.io/name}.
 *   <li>The Deployment selector is {@code app.kubernetes.io/name} + {@code slipway.dev/environment}
 *       only: a selector is immutable, so it can never hold the revision.
 *   <li>The pod template does not carry {@code slipway.dev/revision} either: any change to the pod
 *       template restarts every pod, and a revision that only changes replicas, the Service or the
 *       Ingress must not. Pods roll when what they run changes: the container (image, command, ports,
 *       probes...) or the {@value #CONFIG_CHECKSUM} annotation.
 *   <li>{@value #CONFIG_CHECKSUM} is a SHA-256 of the config map content and the pinned secret
 *       <em>versions</em>, not the secret values: the annotation is readable by anyone who can read
 *       the Deployment, and a hash of a weak secret can be brute-forced. A new secret version changes
 *       the checksum all the same, so it still rolls the pods.
 *   <li>Config files go into the same ConfigMap as the config values, under keys derived from their
 *       paths ({@link ConfigFilePaths#key}), and each is mounted read-only at exactly its path with a
 *       {@code subPath} mount of one ConfigMap volume, so the rest of that directory in the image stays
 *       visible. A subPath mount never updates in place; it need not, as the file contents are part of
 *       {@value #CONFIG_CHECKSUM} and a change rolls the pods. When there are files, the config values
 *       reach the environment one by one ({@code configMapKeyRef}) instead of {@code envFrom}, which
 *       would import the files' keys as variables too.
 *   <li>{@code monitoring} adds the {@code prometheus.io/scrape}, {@code /port} and {@code /path}
 *       annotations to the pod template, where Prometheus' pod discovery reads them; being in the pod
 *       template, adding or changing them rolls the pods once (docs/observe-monitoring.md).
 *   <li>The Deployment has no {@code replicas} when autoscaling is on, or every apply would fight
 *       the autoscaler.
 *   <li>Nothing empty is rendered (no {@code []}, no {@code {}}): under server-side apply every field
 *       sent is a field Slipway claims.
 * </ul>
 *
 * <p>A spec the renderer cannot turn into valid objects (a declared secret without a value or a
 * pinned version, probes or an ingress with no port to point at) is refused with an
 * {@link IllegalArgumentException} that names what is missing, never a secret value.
 */
public final class ManifestRenderer {

    static final String CONFIG_CHECKSUM = "slipway.dev/config-checksum";
    static final String CONFIG_FILES_VOLUME = "config-files";
    static final String PROMETHEUS_SCRAPE = "prometheus.io/scrape";
    static final String PROMETHEUS_PORT = "prometheus.io/port";
    static final String PROMETHEUS_PATH = "prometheus.io/path";


    private static final int PROBE_INITIAL_DELAY_SECONDS = 5;
    private static final int PROBE_PERIOD_SECONDS = 10;
    private static final int DEFAULT_CPU_UTILIZATION = 80;
    private static final String DEFAULT_INGRESS_PATH = "/";

    private ManifestRenderer() {}

    /** The objects to apply, in {@link ResourceKind} order. */
    public static List<Manifest> render(RenderRequest r) {
        ServiceSpec spec = r.spec();
        String s = r.service();
        TreeMap<String, String> secrets = secretData(r);
        List<Manifest> manifests = new ArrayList<>();
        manifests.add(namespace(r));
        if (hasConfigMap(spec)) {
            JsonObject configMap = object(r, ResourceKind.CONFIG_MAP, configMapName(s));
            JsonObject data = strings(spec.config());
            spec.configFiles().forEach(file -> data.addProperty(ConfigFilePaths.key(file.path()), file.content()));
            configMap.add("data", data);
            manifests.add(manifest(r, ResourceKind.CONFIG_MAP, configMapName(s), configMap));
        }
        if (!secrets.isEmpty()) {
            JsonObject data = new JsonObject();
            secrets.forEach((key, value) -> data.addProperty(key, base64(value)));
            JsonObject secret = object(r, ResourceKind.SECRET, secretName(s));
            secret.addProperty("type", "Opaque");
            secret.add("data", data);
            manifests.add(manifest(r, ResourceKind.SECRET, secretName(s), secret));
        }
        manifests.add(withSpec(r, ResourceKind.DEPLOYMENT, deploymentSpec(r, !secrets.isEmpty())));
        if (firstServicePort(spec).isPresent()) {
            manifests.add(withSpec(r, ResourceKind.SERVICE, serviceSpec(r)));
        }
        if (spec.autoscaling() != null) {
            manifests.add(withSpec(r, ResourceKind.HORIZONTAL_POD_AUTOSCALER, autoscalerSpec(r)));
        }
        if (spec.ingress() != null) {
            manifests.add(withSpec(r, ResourceKind.INGRESS, ingressSpec(r)));
        }
        if (spec.podDisruptionBudget() != null) {
            manifests.add(withSpec(r, ResourceKind.POD_DISRUPTION_BUDGET, disruptionBudgetSpec(r)));
        }
        return List.copyOf(manifests);
    }

    /**
     * SHA-256 (hex) of the canonical JSON of all manifests, in order. An approval stores it so the
     * deployer applies exactly what was approved, and notices when the same revision would now render
     * differently. It covers secret values too, so a changed value needs a new approval; that is safe
     * only because this hash is stored and compared, never shown on a page, in an API answer or a
     * deploy record (anyone who can read it and the spec could try guesses of a weak secret against it).
     */
    public static String hash(List<Manifest> manifests) {
        JsonArray all = new JsonArray();
        manifests.forEach(m -> all.add(canonical(m.body())));
        return sha256(all.toString());
    }

    private static Manifest namespace(RenderRequest r) {
        JsonObject labels = new JsonObject();
        labels.addProperty(SlipwayLabels.MANAGED_BY, SlipwayLabels.SLIPWAY);
        labels.addProperty(SlipwayLabels.TEAM, r.team());
        labels.addProperty(SlipwayLabels.ENVIRONMENT, r.environment());
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", r.namespace());
        metadata.add("labels", labels);
        JsonObject body = header(ResourceKind.NAMESPACE);
        body.add("metadata", metadata);
        return new Manifest(ResourceKind.NAMESPACE, null, r.namespace(), body);
    }

    /** An object named after the service, made of the common header and metadata and {@code spec}. */
    private static Manifest withSpec(RenderRequest r, ResourceKind kind, JsonObject spec) {
        JsonObject body = object(r, kind, r.service());
        body.add("spec", spec);
        return manifest(r, kind, r.service(), body);
    }

    /** apiVersion, kind and metadata (name, namespace, the common labels) of a namespaced object. */
    private static JsonObject object(RenderRequest r, ResourceKind kind, String name) {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", name);
        metadata.addProperty("namespace", r.namespace());
        metadata.add("labels", commonLabels(r));
        JsonObject body = header(kind);
        body.add("metadata", metadata);
        return body;
    }

    private static Manifest manifest(RenderRequest r, ResourceKind kind, String name, JsonObject body) {
        return new Manifest(kind, r.namespace(), name, body);
    }

    private static JsonObject header(ResourceKind kind) {
        JsonObject body = new JsonObject();
        body.addProperty("apiVersion", kind.apiVersion());
        body.addProperty("kind", kind.kind());
        return body;
    }

    private static JsonObject commonLabels(RenderRequest r) {
        JsonObject labels = new JsonObject();
        labels.addProperty(SlipwayLabels.NAME, r.service());
        labels.addProperty(SlipwayLabels.MANAGED_BY, SlipwayLabels.SLIPWAY);
        labels.addProperty(SlipwayLabels.TEAM, r.team());
        labels.addProperty(SlipwayLabels.ENVIRONMENT, r.environment());
        labels.addProperty(SlipwayLabels.REVISION, Integer.toString(r.revision()));
        return labels;
    }

    private static JsonObject selectorLabels(RenderRequest r) {
        JsonObject labels = new JsonObject();
        labels.addProperty(SlipwayLabels.NAME, r.service());
        labels.addProperty(SlipwayLabels.ENVIRONMENT, r.environment());
        return labels;
    }

    private static JsonObject deploymentSpec(RenderRequest r, boolean hasSecret) {
        ServiceSpec spec = r.spec();
        JsonObject podLabels = selectorLabels(r);
        podLabels.addProperty(SlipwayLabels.MANAGED_BY, SlipwayLabels.SLIPWAY);
        podLabels.addProperty(SlipwayLabels.TEAM, r.team());
        JsonObject annotations = new JsonObject();
        annotations.addProperty(CONFIG_CHECKSUM, configChecksum(r));
        scrapeAnnotations(spec).forEach(annotations::addProperty);
        JsonObject podMetadata = new JsonObject();
        podMetadata.add("labels", podLabels);
        podMetadata.add("annotations", annotations);

        JsonObject podSpec = new JsonObject();
        podSpec.add("containers", array(container(r, hasSecret)));
        if (!spec.configFiles().isEmpty()) {
            podSpec.add("volumes", array(configFilesVolume(r)));
        }
        JsonObject template = new JsonObject();
        template.add("metadata", podMetadata);
        template.add("spec", podSpec);

        JsonObject selector = new JsonObject();
        selector.add("matchLabels", selectorLabels(r));
        JsonObject deployment = new JsonObject();
        if (spec.autoscaling() == null) {
            deployment.addProperty("replicas", spec.replicas() == null ? 1 : spec.replicas());
        }
        deployment.add("selector", selector);
        deployment.add("template", template);
        return deployment;
    }

    /**
     * The Prometheus scrape annotations of the pod template when the spec has {@code monitoring}, else none
     * (so a service without it renders exactly as before). The port is always a number: scrape configs that
     * honour these annotations put it into the target address, where a port name means nothing.
     */
    static Map<String, String> scrapeAnnotations(ServiceSpec spec) {
        ServiceSpec.Monitoring monitoring = spec.monitoring();
        if (monitoring == null) {
            return Map.of();
        }
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(PROMETHEUS_SCRAPE, "true");
        annotations.put(PROMETHEUS_PORT, Integer.toString(metricsPort(spec)));
        annotations.put(PROMETHEUS_PATH, monitoring.metricsPath() == null || monitoring.metricsPath().isBlank()
                ? ServiceSpec.Monitoring.DEFAULT_METRICS_PATH
                : monitoring.metricsPath());
        return annotations;
    }

    /** The metrics port as a number: given, a declared port's by name, else the first declared port's. */
    private static int metricsPort(ServiceSpec spec) {
        String port = spec.monitoring().metricsPort();
        if (port != null && !port.isBlank()) {
            if (port.chars().allMatch(Character::isDigit)) {
                return Integer.parseInt(port);
            }
            return spec.ports().stream().filter(p -> port.equals(p.name())).map(Port::containerPort).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "monitoring.metricsPort names no declared port: " + port));
        }
        if (spec.ports().isEmpty()) {
            throw new IllegalArgumentException("monitoring needs a port: set monitoring.metricsPort or declare a port");
        }
        return spec.ports().get(0).containerPort();
    }

    private static JsonObject container(RenderRequest r, boolean hasSecret) {
        ServiceSpec spec = r.spec();
        JsonObject container = new JsonObject();
        container.addProperty("name", r.service());
        container.addProperty("image", spec.image());
        if (!spec.command().isEmpty()) {
            container.add("command", strings(spec.command()));
        }
        if (!spec.args().isEmpty()) {
            container.add("args", strings(spec.args()));
        }
        if (!spec.ports().isEmpty()) {
            JsonArray ports = new JsonArray();
            for (Port port : spec.ports()) {
                JsonObject p = new JsonObject();
                if (port.name() != null) {
                    p.addProperty("name", port.name());
                }
                p.addProperty("containerPort", port.containerPort());
                p.addProperty("protocol", "TCP");
                ports.add(p);
            }
            container.add("ports", ports);
        }
        JsonArray envFrom = new JsonArray();
        if (!spec.config().isEmpty() && spec.configFiles().isEmpty()) {
            envFrom.add(reference("configMapRef", configMapName(r.service())));
        } else if (!spec.config().isEmpty()) {
            JsonArray env = new JsonArray();
            spec.config().keySet().forEach(key -> env.add(configEnv(r, key)));
            container.add("env", env);
        }
        if (hasSecret) {
            envFrom.add(reference("secretRef", secretName(r.service())));
        }
        if (!envFrom.isEmpty()) {
            container.add("envFrom", envFrom);
        }
        if (!spec.configFiles().isEmpty()) {
            JsonArray mounts = new JsonArray();
            for (ConfigFile file : spec.configFiles()) {
                JsonObject mount = new JsonObject();
                mount.addProperty("name", CONFIG_FILES_VOLUME);
                mount.addProperty("mountPath", file.path());
                mount.addProperty("subPath", ConfigFilePaths.key(file.path()));
                mount.addProperty("readOnly", true);
                mounts.add(mount);
            }
            container.add("volumeMounts", mounts);
        }
        resources(spec.resources()).ifPresent(resources -> container.add("resources", resources));
        Probes probes = spec.probes();
        if (probes != null && probes.readinessPath() != null) {
            container.add("readinessProbe", probe(probes.readinessPath(), probePort(spec)));
        }
        if (probes != null && probes.livenessPath() != null) {
            container.add("livenessProbe", probe(probes.livenessPath(), probePort(spec)));
        }
        securityContext(spec.securityContext()).ifPresent(context -> container.add("securityContext", context));
        return container;
    }

    private static boolean hasConfigMap(ServiceSpec spec) {
        return !spec.config().isEmpty() || !spec.configFiles().isEmpty();
    }

    /** One config value as an environment variable read from the ConfigMap. */
    private static JsonObject configEnv(RenderRequest r, String key) {
        JsonObject ref = new JsonObject();
        ref.addProperty("name", configMapName(r.service()));
        ref.addProperty("key", key);
        JsonObject valueFrom = new JsonObject();
        valueFrom.add("configMapKeyRef", ref);
        JsonObject env = new JsonObject();
        env.addProperty("name", key);
        env.add("valueFrom", valueFrom);
        return env;
    }

    /** The ConfigMap's file keys as one volume; each file is mounted from it with a subPath. */
    private static JsonObject configFilesVolume(RenderRequest r) {
        JsonArray items = new JsonArray();
        for (ConfigFile file : r.spec().configFiles()) {
            JsonObject item = new JsonObject();
            item.addProperty("key", ConfigFilePaths.key(file.path()));
            item.addProperty("path", ConfigFilePaths.key(file.path()));
            items.add(item);
        }
        JsonObject configMap = new JsonObject();
        configMap.addProperty("name", configMapName(r.service()));
        configMap.add("items", items);
        JsonObject volume = new JsonObject();
        volume.addProperty("name", CONFIG_FILES_VOLUME);
        volume.add("configMap", configMap);
        return volume;
    }

    private static JsonObject reference(String field, String name) {
        JsonObject ref = new JsonObject();
        ref.addProperty("name", name);
        JsonObject source = new JsonObject();
        source.add(field, ref);
        return source;
    }

    private static Optional<JsonObject> resources(Resources resources) {
        if (resources == null) {
            return Optional.empty();
        }
        JsonObject requests = quantities(resources.cpuRequest(), resources.memoryRequest());
        JsonObject limits = quantities(resources.cpuLimit(), resources.memoryLimit());
        JsonObject result = new JsonObject();
        if (!requests.isEmpty()) {
            result.add("requests", requests);
        }
        if (!limits.isEmpty()) {
            result.add("limits", limits);
        }
        return result.isEmpty() ? Optional.empty() : Optional.of(result);
    }

    private static JsonObject quantities(String cpu, String memory) {
        JsonObject quantities = new JsonObject();
        if (cpu != null) {
            quantities.addProperty("cpu", cpu);
        }
        if (memory != null) {
            quantities.addProperty("memory", memory);
        }
        return quantities;
    }

    private static JsonObject probe(String path, JsonElement port) {
        JsonObject httpGet = new JsonObject();
        httpGet.addProperty("path", path);
        httpGet.add("port", port);
        JsonObject probe = new JsonObject();
        probe.add("httpGet", httpGet);
        probe.addProperty("initialDelaySeconds", PROBE_INITIAL_DELAY_SECONDS);
        probe.addProperty("periodSeconds", PROBE_PERIOD_SECONDS);
        return probe;
    }

    /** The probes' port as given (a number or a port name), else the first declared port. */
    private static JsonElement probePort(ServiceSpec spec) {
        String port = spec.probes().port();
        if (port != null && !port.isBlank()) {
            return port.chars().allMatch(Character::isDigit)
                    ? new JsonPrimitive(Integer.parseInt(port))
                    : new JsonPrimitive(port);
        }
        if (spec.ports().isEmpty()) {
            throw new IllegalArgumentException("probes need a port: set probes.port or declare a port");
        }
        return portReference(spec.ports().get(0).name(), spec.ports().get(0).containerPort());
    }

    private static JsonObject serviceSpec(RenderRequest r) {
        JsonArray ports = new JsonArray();
        for (Port port : r.spec().ports()) {
            if (port.servicePort() == null) {
                continue;
            }
            JsonObject p = new JsonObject();
            if (port.name() != null) {
                p.addProperty("name", port.name());
            }
            p.addProperty("port", port.servicePort());
            p.add("targetPort", portReference(port.name(), port.containerPort()));
            p.addProperty("protocol", "TCP");
            ports.add(p);
        }
        JsonObject spec = new JsonObject();
        spec.addProperty("type", "ClusterIP");
        spec.add("selector", selectorLabels(r));
        spec.add("ports", ports);
        return spec;
    }

    /**
     * The container's security context, or none when the spec sets nothing in it (so a service without it
     * renders exactly as before and its pods do not roll on upgrade).
     */
    private static Optional<JsonObject> securityContext(ServiceSpec.SecurityContext spec) {
        if (spec == null) {
            return Optional.empty();
        }
        JsonObject context = new JsonObject();
        if (spec.runAsNonRoot() != null) {
            context.addProperty("runAsNonRoot", spec.runAsNonRoot());
        }
        if (spec.readOnlyRootFilesystem() != null) {
            context.addProperty("readOnlyRootFilesystem", spec.readOnlyRootFilesystem());
        }
        if (spec.dropCapabilities() != null && !spec.dropCapabilities().isEmpty()) {
            JsonObject capabilities = new JsonObject();
            capabilities.add("drop", strings(spec.dropCapabilities()));
            context.add("capabilities", capabilities);
        }
        return context.isEmpty() ? Optional.empty() : Optional.of(context);
    }

    /** Selects the same pods as the Deployment. */
    private static JsonObject disruptionBudgetSpec(RenderRequest r) {
        ServiceSpec.PodDisruptionBudget budget = r.spec().podDisruptionBudget();
        JsonObject selector = new JsonObject();
        selector.add("matchLabels", selectorLabels(r));
        JsonObject spec = new JsonObject();
        if (budget.minAvailable() != null) {
            spec.addProperty("minAvailable", budget.minAvailable());
        } else {
            spec.addProperty("maxUnavailable", budget.maxUnavailable());
        }
        spec.add("selector", selector);
        return spec;
    }

    private static JsonObject autoscalerSpec(RenderRequest r) {
        ServiceSpec.Autoscaling autoscaling = r.spec().autoscaling();
        JsonObject target = new JsonObject();
        target.addProperty("apiVersion", ResourceKind.DEPLOYMENT.apiVersion());
        target.addProperty("kind", ResourceKind.DEPLOYMENT.kind());
        target.addProperty("name", r.service());
        JsonObject utilization = new JsonObject();
        utilization.addProperty("type", "Utilization");
        utilization.addProperty("averageUtilization",
                autoscaling.cpuUtilization() == null ? DEFAULT_CPU_UTILIZATION : autoscaling.cpuUtilization());
        JsonObject resource = new JsonObject();
        resource.addProperty("name", "cpu");
        resource.add("target", utilization);
        JsonObject metric = new JsonObject();
        metric.addProperty("type", "Resource");
        metric.add("resource", resource);

        JsonObject spec = new JsonObject();
        spec.add("scaleTargetRef", target);
        if (autoscaling.minReplicas() != null) {
            spec.addProperty("minReplicas", autoscaling.minReplicas());
        }
        if (autoscaling.maxReplicas() != null) {
            spec.addProperty("maxReplicas", autoscaling.maxReplicas());
        }
        spec.add("metrics", array(metric));
        return spec;
    }

    private static JsonObject ingressSpec(RenderRequest r) {
        ServiceSpec.Ingress ingress = r.spec().ingress();
        Port port = firstServicePort(r.spec())
                .orElseThrow(() -> new IllegalArgumentException(
                        "an ingress needs a port with a servicePort to send its traffic to"));
        JsonObject service = new JsonObject();
        service.addProperty("name", r.service());
        service.add("port", port.name() != null ? named(port.name()) : numbered(port.servicePort()));
        JsonObject backend = new JsonObject();
        backend.add("service", service);
        JsonObject path = new JsonObject();
        path.addProperty("path", ingress.path() == null || ingress.path().isBlank()
                ? DEFAULT_INGRESS_PATH : ingress.path());
        path.addProperty("pathType", "Prefix");
        path.add("backend", backend);
        JsonObject http = new JsonObject();
        http.add("paths", array(path));
        JsonObject rule = new JsonObject();
        if (ingress.host() != null) {
            rule.addProperty("host", ingress.host());
        }
        rule.add("http", http);

        JsonObject spec = new JsonObject();
        if (Boolean.TRUE.equals(ingress.tls())) {
            JsonObject tls = new JsonObject();
            if (ingress.host() != null) {
                tls.add("hosts", strings(List.of(ingress.host())));
            }
            tls.addProperty("secretName", r.service() + "-tls");
            spec.add("tls", array(tls));
        }
        spec.add("rules", array(rule));
        return spec;
    }

    private static JsonObject named(String name) {
        JsonObject port = new JsonObject();
        port.addProperty("name", name);
        return port;
    }

    private static JsonObject numbered(int number) {
        JsonObject port = new JsonObject();
        port.addProperty("number", number);
        return port;
    }

    /** A port by name where it has one (survives renumbering), else by number. */
    private static JsonElement portReference(String name, Integer number) {
        return name != null ? new JsonPrimitive(name) : new JsonPrimitive(number);
    }

    private static Optional<Port> firstServicePort(ServiceSpec spec) {
        return spec.ports().stream().filter(p -> p.servicePort() != null).findFirst();
    }

    /** The declared secrets' values, by key; refuses a declared secret that has no value or version. */
    private static TreeMap<String, String> secretData(RenderRequest r) {
        TreeMap<String, String> data = new TreeMap<>();
        TreeSet<String> missingValues = new TreeSet<>();
        TreeSet<String> missingVersions = new TreeSet<>();
        for (String key : r.spec().secrets()) {
            String value = r.secretValues().get(key);
            if (value == null) {
                missingValues.add(key);
            } else {
                data.put(key, value);
            }
            if (!r.secretVersions().containsKey(key)) {
                missingVersions.add(key);
            }
        }
        if (!missingValues.isEmpty() || !missingVersions.isEmpty()) {
            throw new IllegalArgumentException("cannot render " + r.service() + " for " + r.environment()
                    + ": secrets without a value " + missingValues + ", without a pinned version " + missingVersions);
        }
        return data;
    }

    /** Config content (values and files) and pinned secret versions (never values), canonical JSON, SHA-256 hex. */
    private static String configChecksum(RenderRequest r) {
        JsonObject versions = new JsonObject();
        new TreeSet<>(r.spec().secrets()).forEach(key -> versions.addProperty(key, r.secretVersions().get(key)));
        JsonObject content = new JsonObject();
        content.add("config", strings(new TreeMap<>(r.spec().config())));
        if (!r.spec().configFiles().isEmpty()) {
            // Only when there are files, so that the checksum of a service without any stays as it was.
            JsonObject files = new JsonObject();
            r.spec().configFiles().forEach(file -> files.addProperty(file.path(), file.content()));
            content.add("configFiles", files);
        }
        content.add("secretVersions", versions);
        return sha256(content.toString());
    }

    private static String configMapName(String service) {
        return service + "-config";
    }

    private static String secretName(String service) {
        return service + "-secrets";
    }

    private static JsonObject strings(Map<String, String> map) {
        JsonObject object = new JsonObject();
        map.forEach(object::addProperty);
        return object;
    }

    private static JsonArray strings(List<String> list) {
        JsonArray array = new JsonArray();
        list.forEach(array::add);
        return array;
    }

    private static JsonArray array(JsonElement element) {
        JsonArray array = new JsonArray();
        array.add(element);
        return array;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The same JSON with every object's keys sorted, so the hash does not depend on build order. */
    private static JsonElement canonical(JsonElement element) {
        if (element.isJsonObject()) {
            JsonObject sorted = new JsonObject();
            new TreeMap<>(element.getAsJsonObject().asMap()).forEach((key, value) -> sorted.add(key, canonical(value)));
            return sorted;
        }
        if (element.isJsonArray()) {
            JsonArray array = new JsonArray();
            element.getAsJsonArray().forEach(item -> array.add(canonical(item)));
            return array;
        }
        return element;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
