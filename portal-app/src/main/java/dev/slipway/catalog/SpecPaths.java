package dev.slipway.catalog;

import java.util.regex.Pattern;

/**
 * Builds the JSON paths that name a field in problems and diffs: {@code spec.config.LOG_LEVEL},
 * {@code spec.ports[0].name}, and {@code spec.config['log.level']} for a key that is not a plain name.
 */
final class SpecPaths {

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
}
