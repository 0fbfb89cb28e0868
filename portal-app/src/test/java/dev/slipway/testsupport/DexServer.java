package dev.slipway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Dex (the OpenID Connect provider Argo CD ships) on 127.0.0.1, built by {@code bin/dex build} at the
 * release pinned in {@code bin/kube-versions.env}. In-memory storage, one confidential client for the Slipway
 * under test, and Dex's own password database with the given people and their groups (static passwords carry
 * groups since Dex 2.45), so a browser signs in through Dex's real login page. Without the binary the test is
 * skipped with one line saying how to build it, except under {@code CI=true}, where it fails. See
 * docs/identity-dex.md.
 */
public final class DexServer implements AutoCloseable {

    /** One person in Dex's password database; {@code username} becomes the preferred_username claim. */
    public record Person(String username, String email, String displayName, String password, List<String> groups) {

        public Person {
            groups = List.copyOf(groups);
        }
    }

    private final Process process;
    private final Path dir;
    private final String issuer;

    private DexServer(Process process, Path dir, String issuer) {
        this.process = process;
        this.dir = dir;
        this.issuer = issuer;
    }

    /**
     * Starts Dex with {@code clientId}/{@code clientSecret} allowed to redirect to {@code redirectUri} only, and
     * returns once its discovery document answers.
     */
    public static DexServer start(String clientId, String clientSecret, String redirectUri, List<Person> people) {
        Path binary = binary();
        int port = freePort();
        String issuer = "http://127.0.0.1:" + port + "/dex";
        try {
            Path dir = Files.createTempDirectory("slipway-dex");
            Path config = dir.resolve("config.yaml");
            // JSON is YAML, and the mapper quotes every value correctly.
            Files.writeString(config, JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(config(issuer, port, clientId, clientSecret, redirectUri, people)));
            Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dex.log").toFile()).start();
            DexServer dex = new DexServer(process, dir, issuer);
            dex.awaitReady();
            return dex;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer, {@code http://127.0.0.1:<port>/dex}: what Slipway's issuer-uri points at. */
    public String issuer() {
        return issuer;
    }

    /** What Dex has logged so far, for assertion messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("dex.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Dex's discovery document as text. */
    public String discovery() {
        return get(issuer + "/.well-known/openid-configuration").body();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        // The config holds the client secret and password hashes: nothing of it stays behind.
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> config(String issuer, int port, String clientId, String clientSecret,
            String redirectUri, List<Person> people) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        List<Map<String, Object>> passwords = new ArrayList<>();
        for (Person person : people) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("email", person.email());
            entry.put("hash", bcrypt.encode(person.password()));
            entry.put("username", person.displayName());
            entry.put("preferredUsername", person.username());
            entry.put("userID", person.username() + "-id");
            entry.put("groups", person.groups());
            passwords.add(entry);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", issuer);
        config.put("storage", Map.of("type", "memory"));
        config.put("web", Map.of("http", "127.0.0.1:" + port));
        config.put("logger", Map.of("level", "info"));
        // Slipway asks for nothing beyond sign-in, so Dex's "grant access?" page would only add a click.
        config.put("oauth2", Map.of("skipApprovalScreen", true, "responseTypes", List.of("code")));
        config.put("staticClients", List.of(Map.of("id", clientId, "secret", clientSecret, "name", "Slipway",
                "redirectURIs", List.of(redirectUri))));
        config.put("enablePasswordDB", true);
        config.put("staticPasswords", passwords);
        return config;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Dex exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (get(issuer + "/.well-known/openid-configuration").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("Dex did not answer within 60 s:\n" + log());
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The built binary, or a skip (a failure under CI=true) naming the command that builds it. */
    private static Path binary() {
        Path script = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && script == null; dir = dir.getParent()) {
            Path candidate = dir.resolve("bin/dex");
            script = Files.isExecutable(candidate) ? candidate : null;
        }
        String reason;
        if (script == null) {
            reason = "bin/dex was not found above " + Path.of("").toAbsolutePath();
        } else {
            Path binary = Path.of(run(script, "path").strip());
            if (Files.isExecutable(binary)) {
                return binary;
            }
            reason = "Dex is not built (no " + binary + "); run bin/dex build";
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + reason);
        }
        System.err.println("\n*** SKIPPING sign-in through Dex: " + reason + " ***\n");
        Assumptions.abort(reason);
        return null;
    }

    private static String run(Path script, String argument) {
        try {
            Process process = new ProcessBuilder(script.toString(), argument).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(script + " " + argument + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A port free now; Dex and Slipway each get one before they start (Slipway's redirect URI names its own). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
