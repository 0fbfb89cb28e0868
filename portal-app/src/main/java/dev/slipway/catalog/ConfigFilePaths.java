package dev.slipway.catalog;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a config file may be mounted, and the ConfigMap key its content is stored under. A path is
 * absolute, made of plain segments (letters, digits, '.', '_', '-'), so that the key derived from it
 * is a valid ConfigMap key; the key starts with {@code file-}, which no config key (an environment
 * variable name) can, so files and config values share the service's ConfigMap without clashing.
 */
public final class ConfigFilePaths {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String KEY_PREFIX = "file-";

    private ConfigFilePaths() {}

    /** The ConfigMap key of a valid path: {@code /etc/checkout/app.yaml} -> {@code file-etc-checkout-app.yaml}. */
    public static String key(String path) {
        return KEY_PREFIX + path.substring(1).replace('/', '-');
    }

    /** What is wrong with {@code path}, said as the rest of a sentence after the field's name. */
    static Optional<String> problem(String path) {
        String rule = "an absolute file path such as /etc/checkout/app.yaml: segments of letters, digits, '.', '_' "
                + "or '-' separated by single '/', no '.' or '..' segment, no trailing '/', at most "
                + SpecValidator.MAX_FILE_PATH + " characters";
        if (path == null || path.isBlank()) {
            return Optional.of("is required: " + rule);
        }
        if (!path.startsWith("/")) {
            return Optional.of("must be " + rule + " (it does not start with '/')");
        }
        if (path.endsWith("/")) {
            return Optional.of("must be " + rule + " (it ends with '/', which names a directory)");
        }
        if (path.length() > SpecValidator.MAX_FILE_PATH) {
            return Optional.of("must be " + rule + " (it has " + path.length() + ")");
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("must be " + rule + " ('..' would leave the directory)");
            }
            if (segment.isEmpty() || segment.equals(".") || !SEGMENT.matcher(segment).matches()) {
                return Optional.of("must be " + rule);
            }
        }
        return Optional.empty();
    }

    /** Whether one valid path is a directory above the other: both cannot be mounted as files. */
    static boolean overlap(String a, String b) {
        return a.startsWith(b + "/") || b.startsWith(a + "/");
    }
}
