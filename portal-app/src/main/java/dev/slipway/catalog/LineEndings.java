package dev.slipway.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multi-line text pasted into a browser arrives with Windows line endings (a textarea always posts
 * {@code \r\n}); a config value or file should reach the container with {@code \n} only, whatever it
 * was typed in. Applied where a spec enters the catalog, forms and API alike.
 */
final class LineEndings {

    private LineEndings() {}

    /** {@code \r\n} and a lone {@code \r} become {@code \n}. */
    static String normalize(String text) {
        return text == null || text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** The spec with config values and config file contents normalised, in the base and every override. */
    static ServiceSpec normalize(ServiceSpec spec) {
        if (spec == null) {
            return null;
        }
        Map<String, String> config = new LinkedHashMap<>();
        spec.config().forEach((key, value) -> config.put(key, normalize(value)));
        List<ServiceSpec.ConfigFile> files = new ArrayList<>();
        spec.configFiles().forEach(file -> files.add(file == null ? null
                : new ServiceSpec.ConfigFile(file.path(), normalize(file.content()))));
        Map<String, Map<String, Object>> overrides = new TreeMap<>();
        spec.overrides().forEach((environment, override) -> overrides.put(environment, normalizeOverride(override)));
        return spec.withConfig(config).withConfigFiles(files).withOverrides(overrides);
    }

    private static Map<String, Object> normalizeOverride(Map<String, Object> override) {
        if (override == null) {
            return null;
        }
        Map<String, Object> result = new LinkedHashMap<>(override);
        if (override.get("config") instanceof Map<?, ?> config) {
            Map<Object, Object> normalized = new LinkedHashMap<>();
            config.forEach((key, value) -> normalized.put(key, value instanceof String text ? normalize(text) : value));
            result.put("config", normalized);
        }
        if (override.get("configFiles") instanceof List<?> files) {
            List<Object> normalized = new ArrayList<>();
            for (Object file : files) {
                if (file instanceof Map<?, ?> entry && entry.get("content") instanceof String content) {
                    Map<Object, Object> copy = new LinkedHashMap<>(entry);
                    copy.put("content", normalize(content));
                    normalized.add(copy);
                } else {
                    normalized.add(file);
                }
            }
            result.put("configFiles", normalized);
        }
        return result;
    }
}
