package dev.slipway.testsupport;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real Kubernetes for the whole test run, of two kinds: {@link #shared()}, an API server alone (no pod
 * ever runs; most tests need only objects, and it is up in seconds), and {@link #withNode()}, a cluster
 * with one node that runs pods (the demo image {@value #DEMO_IMAGE} is on it). Where each comes from,
 * in order:
 * <ol>
 *   <li>an existing cluster named by {@code SLIPWAY_TEST_KUBECONFIG} (API server) or
 *       {@code SLIPWAY_TEST_NODE_KUBECONFIG} (a cluster whose nodes have the demo image);
 *   <li>the cluster built from source by {@code bin/test-cluster} ({@code up --api-only} in a state dir
 *       of its own, or {@code up} with the node in the default state dir), started here if its binaries
 *       are built and it is not running yet, stopped again when the test JVM exits;
 *   <li>Testcontainers K3s, where a Docker engine is present (API server only).
 * </ol>
 * With none of them, the accessor returns null and {@link #unavailableReason(boolean)} says why and how
 * to fix it.
 */
public final class KubeCluster {

    /** The image bin/test-cluster loads onto its node (contract in docs/test-node.md). */
    public static final String DEMO_IMAGE = "slipway.local/demo:1";

    private static KubeCluster shared;
    private static String unavailableReason;
    private static KubeCluster withNode;
    private static String nodeUnavailableReason;

    private final String source;
    private final String kubeconfig;
    private final ApiClient client;
    /** Set when the cluster is bin/test-cluster's, which can stop and start its API server. */
    private Path script;
    private Map<String, String> scriptEnvironment = Map.of();

    private KubeCluster(String source, String kubeconfig) {
        this.source = source;
        this.kubeconfig = kubeconfig;
        try {
            this.client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(new StringReader(kubeconfig))).build();
            this.client.setReadTimeout(30_000);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the kubeconfig of the test cluster (" + source + ")", e);
        }
    }

    /** The shared API server, or null when none can be had (see {@link #unavailableReason()}). */
    public static synchronized KubeCluster shared() {
        if (shared == null && unavailableReason == null) {
            List<String> tried = new ArrayList<>();
            shared = fromEnvironment("SLIPWAY_TEST_KUBECONFIG", tried);
            if (shared == null) {
                shared = fromLocalBinaries(false, tried);
            }
            if (shared == null) {
                shared = fromK3s(tried);
            }
            if (shared == null) {
                unavailableReason = "No Kubernetes API server for tests: " + String.join("; ", tried)
                        + ". Fix: run `bin/test-cluster build` once (builds kube-apiserver, etcd and kubectl from"
                        + " the Go module proxy into ~/.cache/slipway/kube), or set SLIPWAY_TEST_KUBECONFIG to a"
                        + " kubeconfig file of a disposable cluster.";
            }
        }
        return shared;
    }

    /** The shared cluster with a node that runs pods, or null (see {@link #unavailableReason(boolean)}). */
    public static synchronized KubeCluster withNode() {
        if (withNode == null && nodeUnavailableReason == null) {
            List<String> tried = new ArrayList<>();
            withNode = fromEnvironment("SLIPWAY_TEST_NODE_KUBECONFIG", tried);
            if (withNode == null) {
                try {
                    withNode = fromLocalBinaries(true, tried);
                } catch (IllegalStateException e) {
                    tried.add(e.getMessage());
                }
            }
            if (withNode == null) {
                nodeUnavailableReason = "No Kubernetes node for tests that run pods: " + String.join("; ", tried)
                        + ". Fix: run `bin/install-test-deps` and `bin/test-cluster build` as root (the node needs"
                        + " containerd, runc and iptables from Debian, and root for its network), or set"
                        + " SLIPWAY_TEST_NODE_KUBECONFIG to a disposable cluster whose nodes have " + DEMO_IMAGE + ".";
            }
        }
        return withNode;
    }

    public static synchronized String unavailableReason() {
        return unavailableReason;
    }

    public static synchronized String unavailableReason(boolean node) {
        return node ? nodeUnavailableReason : unavailableReason;
    }

    public ApiClient client() {
        return client;
    }

    /** The kubeconfig text, as a person would paste it into Slipway's cluster registration. */
    public String kubeconfig() {
        return kubeconfig;
    }

    public String source() {
        return source;
    }

    /** Whether fault-injection tests can stop this cluster's API server (only bin/test-cluster's). */
    public boolean canStopApiServer() {
        return script != null;
    }

    /** Stops kube-apiserver, keeping etcd and all state, as an outage would. */
    public void stopApiServer() {
        Run run = run(script, scriptEnvironment, "stop-apiserver");
        if (run.exitCode != 0) {
            throw new IllegalStateException("bin/test-cluster stop-apiserver failed:\n" + run.output);
        }
    }

    /** Starts kube-apiserver again on the same port and waits until it is ready. */
    public void startApiServer() {
        Run run = run(script, scriptEnvironment, "start-apiserver");
        if (run.exitCode != 0) {
            throw new IllegalStateException("bin/test-cluster start-apiserver failed:\n" + run.output);
        }
    }

    private static KubeCluster fromEnvironment(String variable, List<String> tried) {
        String path = System.getenv(variable);
        if (path == null || path.isBlank()) {
            tried.add(variable + " is not set");
            return null;
        }
        try {
            return new KubeCluster(variable + "=" + path, Files.readString(Path.of(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(variable + " names " + path + ", which cannot be read", e);
        }
    }

    private static KubeCluster fromLocalBinaries(boolean node, List<String> tried) {
        Path script = findTestClusterScript();
        if (script == null) {
            tried.add("bin/test-cluster was not found above " + Path.of("").toAbsolutePath());
            return null;
        }
        // The API-only server gets a state dir of its own, so it never meets a node cluster that a
        // person runs in the default one; the node, of which a machine has one, uses the default.
        Map<String, String> environment = node ? Map.of() : Map.of("SLIPWAY_TEST_CLUSTER_HOME",
                System.getenv().getOrDefault("SLIPWAY_TEST_API_CLUSTER_HOME",
                        Path.of(System.getProperty("user.home"), ".cache/slipway/test-cluster-api").toString()));
        Run dir = run(script, environment, "dir");
        Run version = run(script, environment, "version");
        Path binaries = Path.of(dir.output.strip(), "k8s", version.output.strip() + "-linux-amd64");
        if (dir.exitCode != 0 || version.exitCode != 0 || !Files.isExecutable(binaries.resolve("kube-apiserver"))
                || !Files.isExecutable(binaries.resolve("etcd"))) {
            tried.add("the control plane is not built (no kube-apiserver and etcd in " + binaries + ")");
            return null;
        }
        if (node && !Files.isExecutable(binaries.resolve("kubelet"))) {
            tried.add("the node is not built (no kubelet in " + binaries + ")");
            return null;
        }
        if (node && !"root".equals(System.getProperty("user.name"))) {
            tried.add("the node needs root (its network and cgroups), and the tests run as "
                    + System.getProperty("user.name"));
            return null;
        }
        boolean alreadyRunning = run(script, environment, "kubeconfig").exitCode == 0;
        Run up = node ? run(script, environment, "up") : run(script, environment, "up", "--api-only");
        if (up.exitCode != 0) {
            throw new IllegalStateException("`bin/test-cluster up" + (node ? "" : " --api-only") + "` failed:\n"
                    + up.output);
        }
        String[] lines = up.output.strip().split("\n");
        Path kubeconfig = Path.of(lines[lines.length - 1].strip());
        if (!alreadyRunning) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> run(script, environment, "down")));
        }
        try {
            KubeCluster cluster = new KubeCluster("bin/test-cluster" + (node ? " with node" : "") + " (" + kubeconfig + ")",
                    Files.readString(kubeconfig));
            cluster.script = script;
            cluster.scriptEnvironment = environment;
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("bin/test-cluster up printed " + kubeconfig + ", which cannot be read", e);
        }
    }

    private static KubeCluster fromK3s(List<String> tried) {
        try {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                tried.add("no Docker engine for Testcontainers K3s");
                return null;
            }
        } catch (RuntimeException | LinkageError e) {
            tried.add("no Docker engine for Testcontainers K3s (" + e.getClass().getSimpleName() + ")");
            return null;
        }
        var k3s = new org.testcontainers.k3s.K3sContainer(
                org.testcontainers.utility.DockerImageName.parse("rancher/k3s:v1.35.4-k3s1"));
        k3s.start();
        Runtime.getRuntime().addShutdownHook(new Thread(k3s::stop));
        return new KubeCluster("Testcontainers K3s", k3s.getKubeConfigYaml());
    }

    private static Path findTestClusterScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("bin/test-cluster");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private record Run(int exitCode, String output) {}

    private static Run run(Path script, Map<String, String> environment, String... command) {
        try {
            List<String> commandLine = new ArrayList<>();
            commandLine.add(script.toString());
            commandLine.addAll(List.of(command));
            ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Run(124, "timed out");
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(127, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(130, "interrupted");
        }
    }
}
