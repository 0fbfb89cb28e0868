package dev.slipway.approvals;

import java.util.Locale;

/**
 * A container image reference taken apart the way a container runtime reads it: the first path
 * component is a registry host only if it looks like one (has a dot or a port, or is
 * {@code localhost}); otherwise the image is on Docker Hub, {@code docker.io}, where a one-part name
 * lives under {@code library/}. A pure value.
 *
 * @param host the registry host, lower case, with its port if any
 * @param path the repository path on that registry, such as {@code payments/api}
 * @param tag the tag, or null when the reference has none
 * @param digest the digest ({@code sha256:...}), or null
 */
record ImageReference(String host, String path, String tag, String digest) {

    static final String DOCKER_HUB = "docker.io";

    static ImageReference parse(String reference) {
        String name = reference.strip();
        String digest = null;
        int at = name.indexOf('@');
        if (at >= 0) {
            digest = name.substring(at + 1);
            name = name.substring(0, at);
        }
        String tag = null;
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            tag = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        String host = DOCKER_HUB;
        String path = name;
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                host = normalHost(first);
                path = name.substring(slash + 1);
            }
        }
        if (host.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        return new ImageReference(host, path, tag, digest);
    }

    /** No digest, and no tag or the tag {@code latest}: whatever the registry calls latest when pulled. */
    boolean latest() {
        return digest == null && (tag == null || tag.equals("latest"));
    }

    /**
     * Whether the image comes from {@code registry}: a host ({@code ghcr.io}, {@code localhost:5000}),
     * optionally followed by a path prefix that must match whole path components
     * ({@code registry.example.com/payments} allows {@code payments/api}, not {@code payments-old/api}).
     */
    boolean comesFrom(String registry) {
        String allowed = registry.strip();
        int slash = allowed.indexOf('/');
        String allowedHost = normalHost(slash < 0 ? allowed : allowed.substring(0, slash));
        if (!host.equals(allowedHost)) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String prefix = allowed.substring(slash + 1).replaceAll("/+$", "");
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** Where the image comes from, as a person would write it: {@code docker.io/library/nginx}. */
    String repository() {
        return host + "/" + path;
    }

    private static String normalHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.equals("index.docker.io") || lower.equals("registry-1.docker.io") ? DOCKER_HUB : lower;
    }
}
