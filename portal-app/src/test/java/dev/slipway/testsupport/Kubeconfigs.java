package dev.slipway.testsupport;

/** Kubeconfigs that tests register as clusters. */
public final class Kubeconfigs {

    private Kubeconfigs() {}

    /**
     * A cluster nobody can reach (a closed port on 127.0.0.1): for what must be saved, planned or checked
     * without ever being applied, and for the errors an unreachable cluster gives.
     */
    public static final String UNREACHABLE = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: gone
              cluster:
                server: https://127.0.0.1:1
                insecure-skip-tls-verify: true
            users:
            - name: gone
              user:
                token: not-a-real-token
            contexts:
            - name: gone
              context:
                cluster: gone
                user: gone
            current-context: gone
            """;
}
