package dev.slipway.catalog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the JSON paths that name a field in problems and diffs: {@code spec.config.LOG_LEVEL},
 * {@code spec.ports[0].name}, and {@code spec.config['log.level']} for a key that is not a plain name.
 */
final class SpecPaths {

    private static final Pattern INDEXED = Pattern.compile("\\[(\\d{1,9})]");
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    /** Keys longer than any valid one are shortened so a path stays readable. */
    private static final int MAX_SHOWN_KEY = 253;

    private SpecPaths() {}

    static String child(String parent, String key) {
        if (PLAIN_KEY.matcher(key).matches() && key.length() <= MAX_SHOWN_KEY) {
            return parent + "." + key;
        }
        String shown = key.length() > MAX_SHOWN_KEY ? key.substring(0, 64) + "…" : key;
        return parent + "['" + shown.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The key of {@code path} when it names a direct child of {@code parent} ({@code parent.KEY} or {@code parent['k']}). */
    static Optional<String> keyUnder(String parent, String path) {
        if (path.startsWith(parent + ".")) {
            String key = path.substring(parent.length() + 1);
            return PLAIN_KEY.matcher(key).matches() ? Optional.of(key) : Optional.empty();
        }
        if (path.startsWith(parent + "['") && path.endsWith("']")) {
            String quoted = path.substring(parent.length() + 2, path.length() - 2);
            return Optional.of(quoted.replace("\\'", "'").replace("\\\\", "\\"));
        }
        return Optional.empty();
    }

    /** The index of {@code path} when it is {@code parent[i]} or below it, such as {@code parent[i].name}. */
    static Optional<Integer> indexUnder(String parent, String path) {
        Matcher m = INDEXED.matcher(path);
        if (path.startsWith(parent + "[") && m.find(parent.length()) && m.start() == parent.length()) {
            return Optional.of(Integer.parseInt(m.group(1)));
        }
        return Optional.empty();
    }
}
