package dev.slipway.approvals;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where people reach this Slipway ({@code slipway.portal.url}, e.g. {@code https://slipway.example.com}), for
 * links in messages sent elsewhere. Unset, a message carries the link as a path of the portal.
 */
@ConfigurationProperties(prefix = "slipway.portal")
record PortalLinks(@DefaultValue("") String url) {

    String to(String path) {
        String base = url == null ? "" : url.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + path;
    }
}
