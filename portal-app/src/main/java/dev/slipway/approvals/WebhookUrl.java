package dev.slipway.approvals;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Which webhook URLs are accepted: absolute http or https with a host. A pure function. */
final class WebhookUrl {

    static final int MAX_LENGTH = 2000;
    static final String MESSAGE = "must be an http or https URL with a host, at most " + MAX_LENGTH
            + " characters, such as https://hooks.slack.com/services/...";

    private WebhookUrl() {}

    /** The URL's host (with its port), or empty when the URL is not accepted. */
    static Optional<String> host(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean web = scheme.equals("http") || scheme.equals("https");
            if (!web || uri.getHost() == null || uri.getUserInfo() != null) {
                return Optional.empty();
            }
            return Optional.of(uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
