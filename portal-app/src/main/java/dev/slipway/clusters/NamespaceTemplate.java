package dev.slipway.clusters;

import java.util.Optional;
import java.util.regex.Pattern;

/** Namespace templates such as {@code {team}-{environment}}; a pure function. */
final class NamespaceTemplate {

    static final String DEFAULT = "{team}-{environment}";
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    private NamespaceTemplate() {}

    static String render(String template, String team, String environment, String service) {
        return template.replace("{team}", team).replace("{environment}", environment).replace("{service}", service);
    }

    /** Why the template cannot give valid namespace names, if it cannot. */
    static Optional<String> problem(String template) {
        if (template == null || template.isBlank()) {
            return Optional.of("is required, for example " + DEFAULT);
        }
        String unknown = PLACEHOLDER.matcher(template.replace("{team}", "").replace("{environment}", "")
                        .replace("{service}", ""))
                .results()
                .map(m -> m.group())
                .findFirst()
                .orElse(null);
        if (unknown != null) {
            return Optional.of("may only use the placeholders {team}, {environment} and {service}, not " + unknown);
        }
        String sample = render(template, "t", "e", "s");
        if (!isValidNamespace(sample)) {
            return Optional.of("must give a DNS-1123 label (lowercase letters, digits and '-'), such as "
                    + DEFAULT + "; it gives '" + sample + "'");
        }
        return Optional.empty();
    }

    /** Long team and service names can still overflow 63 characters; requests check the real name. */
    static boolean isValidNamespace(String namespace) {
        return DNS_LABEL.matcher(namespace).matches();
    }
}
