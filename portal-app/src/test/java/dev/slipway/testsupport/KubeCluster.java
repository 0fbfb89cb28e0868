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
import java.util.concurrent.TimeUnit;

/**
 * One real Kubernetes API server for the whole test run. Where it comes from, in order:
 * <ol>
 *   <li>an existing cluster named by {@code SLIPWAY_TEST_KUBECONFIG};
 *   <li>the control plane built from source by {@code bin/test-cluster} (started here if its binaries
 *       are built and it is not running yet, stopped again when the test JVM exits);
 *   <li>Testcontainers K3s, where a Docker engine is present.
 * </ol>
 * With none of them, {@link #shared()} says why and how to fix it in {@link #unavailableReason()}.
 */
public final class KubeCluster {

    private static KubeCluster shared;
    private static String unavailableReason;

    private final String source;
    private final String kubeconfig;
    private final ApiClient client;
    /** Set when the cluster is bin/test-cluster's, which can stop and start its API server. */
    private Path script;

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

    /** The shared cluster, or null when none can be had (see {@link #unavailableReason()}). */
    public static synchronized KubeCluster shared() {
        if (shared == null && unavailableReason == null) {
            List<String> tried = new ArrayList<>();
            shared = fromEnvironment(tried);
            if (shared == null) {
                shared = fromLocalBinaries(tried);
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

    public static synchronized String unavailableReason() {
        return unavailableReason;
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
        Run run = run(script, "stop-apiserver");
        if (run.exitCode != 0) {
            throw new IllegalStateException("bin/test-cluster stop-apiserver failed:\n" + run.output);
        }
    }

    /** Starts kube-apiserver again on the same port and waits until it is ready. */
    public void startApiServer() {
        Run run = run(script, "start-apiserver");
        if (run.exitCode != 0) {
            throw new IllegalStateException("bin/test-cluster start-apiserver failed:\n" + run.output);
        }
    }

    private static KubeCluster fromEnvironment(List<String> tried) {
        String path = System.getenv("SLIPWAY_TEST_KUBECONFIG");
        if (path == null || path.isBlank()) {
            tried.add("SLIPWAY_TEST_KUBECONFIG is not set");
            return null;
        }
        try {
            return new KubeCluster("SLIPWAY_TEST_KUBECONFIG=" + path, Files.readString(Path.of(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("SLIPWAY_TEST_KUBECONFIG names " + path + ", which cannot be read", e);
        }
    }

    private static KubeCluster fromLocalBinaries(List<String> tried) {
        Path script = findTestClusterScript();
        if (script == null) {
            tried.add("bin/test-cluster was not found above " + Path.of("").toAbsolutePath());
            return null;
        }
        Run dir = run(script, "dir");
        Run version = run(script, "version");
        Path binaries = Path.of(dir.output.strip(), "k8s", version.output.strip() + "-linux-amd64");
        if (dir.exitCode != 0 || version.exitCode != 0 || !Files.isExecutable(binaries.resolve("kube-apiserver"))
                || !Files.isExecutable(binaries.resolve("etcd"))) {
            tried.add("the control plane is not built (no kube-apiserver and etcd in " + binaries + ")");
            return null;
        }
        boolean alreadyRunning = run(script, "kubeconfig").exitCode == 0;
        Run up = run(script, "up");
        if (up.exitCode != 0) {
            throw new IllegalStateException("`bin/test-cluster up` failed:\n" + up.output);
        }
        String[] lines = up.output.strip().split("\n");
        Path kubeconfig = Path.of(lines[lines.length - 1].strip());
        if (!alreadyRunning) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> run(script, "down")));
        }
        try {
            KubeCluster cluster = new KubeCluster("bin/test-cluster (" + kubeconfig + ")", Files.readString(kubeconfig));
            cluster.script = script;
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

    private static Run run(Path script, String command) {
        try {
            Process process = new ProcessBuilder(script.toString(), command).redirectErrorStream(true).start();
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
