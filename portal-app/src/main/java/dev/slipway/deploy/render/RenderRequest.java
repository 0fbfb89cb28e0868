package dev.slipway.deploy.render;

import dev.slipway.catalog.ServiceSpec;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything {@link ManifestRenderer} needs to turn one revision into Kubernetes objects for one
 * environment, gathered by the caller so that rendering itself stays a pure function.
 *
 * @param spec the effective spec for {@code environment}: the caller has already merged that
 *     environment's overrides over the base spec
 * @param secretValues decrypted values of the declared secrets for this environment
 * @param secretVersions the version pinned by the revision for each secret key; only these, never
 *     the values, go into the pod template's checksum
 */
public record RenderRequest(
        String service,
        String team,
        String environment,
        String namespace,
        int revision,
        ServiceSpec spec,
        Map<String, String> secretValues,
        Map<String, Integer> secretVersions) {

    public RenderRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(spec, "spec");
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be 1 or more, was " + revision);
        }
        secretValues = secretValues == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(secretValues));
        secretVersions =
                secretVersions == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(secretVersions));
    }

    /** Never prints secret values, in case a request ends up in a log or an exception message. */
    @Override
    public String toString() {
        return "RenderRequest[service=" + service + ", team=" + team + ", environment=" + environment
                + ", namespace=" + namespace + ", revision=" + revision + ", spec=" + spec + ", secretKeys="
                + secretValues.keySet() + ", secretVersions=" + secretVersions + "]";
    }
}
