package dev.slipway.clusters;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An environment's dashboard or logs URL template ({@code https://grafana.example.com/d/k8s?var-ns={namespace}}):
 * checked when saved, filled in for one service when shown. Pure functions (docs/observe-monitoring.md).
 */
public final class LinkTemplate {

    static final int MAX_LENGTH = 2000;
    static final List<String> PLACEHOLDERS = List.of("namespace", "service", "environment", "cluster");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    /** What a filled-in URL may hold: RFC 3986 characters only, so nothing needs guessing at when it is shown. */
    private static final Pattern URI_CHARACTERS = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]*");

    private LinkTemplate() {}

    /**
     * Why {@code template} cannot be saved (the reason first, then what is accepted), or empty when it can.
     * Accepted: an absolute http or https URL with a host, at most {@value #MAX_LENGTH} characters, whose only
     * braces are the known placeholders.
     */
    public static Optional<String> problem(String template) {
        String example = " (such as https://grafana.example.com/d/pods?var-namespace={namespace}&var-service={service})";
        if (template.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters (it has " + template.length() + ")");
        }
        if (!template.startsWith("http://") && !template.startsWith("https://")) {
            return Optional.of("must be an absolute URL starting with http:// or https://" + example);
        }
        Matcher placeholder = PLACEHOLDER.matcher(template);
        while (placeholder.find()) {
            if (!PLACEHOLDERS.contains(placeholder.group(1))) {
                return Optional.of("must use only the placeholders {namespace}, {service}, {environment} and {cluster};"
                        + " {" + shortened(placeholder.group(1)) + "} is not one of them");
            }
        }
        String filled = fill(template, Map.of("namespace", "n", "service", "s", "environment", "e", "cluster", "c"));
        if (filled.contains("{") || filled.contains("}")) {
            return Optional.of("must write a '{' or '}' that is not part of a placeholder as %7B or %7D");
        }
        if (!URI_CHARACTERS.matcher(filled).matches()) {
            return Optional.of("must %-escape spaces and other characters a URL cannot hold (a space is %20)");
        }
        try {
            URI uri = new URI(filled);
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return Optional.of("must name a host after the scheme" + example);
            }
            if (uri.getRawUserInfo() != null) {
                return Optional.of("must not carry a user name or password: anyone who can see the link could read them");
            }
        } catch (URISyntaxException e) {
            return Optional.of("must be a valid URL" + example + ": " + e.getReason());
        }
        return Optional.empty();
    }

    /**
     * The URL for one service: each placeholder replaced by its value, percent-encoded (everything but RFC 3986
     * unreserved characters), so a value can never change where the link goes. Null for a null template.
     */
    public static String expand(String template, String namespace, String service, String environment,
            String cluster) {
        if (template == null) {
            return null;
        }
        return fill(template, Map.of("namespace", encode(namespace), "service", encode(service),
                "environment", encode(environment), "cluster", encode(cluster)));
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value == null ? placeholder.group() : value));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    /** Percent-encodes all but ALPHA, DIGIT, '-', '.', '_' and '~', as UTF-8. */
    static String encode(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String shortened(String text) {
        return text.length() > 30 ? text.substring(0, 30) + "…" : text;
    }
}
