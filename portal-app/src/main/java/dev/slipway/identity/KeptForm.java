package dev.slipway.identity;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form posted after its session had expired, kept so that the person can send it again once signed
 * in. It lives in the new session (in PostgreSQL with the jdbc session store), so forms that carry
 * credentials are never kept ({@link ExpiredSessionForms}).
 *
 * @param path where the form was posted, within the application (with its query string, if any)
 * @param fields every field as posted, in order, without the stale CSRF token
 * @param from the page the form was on (same origin only), or null
 */
record KeptForm(String path, LinkedHashMap<String, ArrayList<String>> fields, String from, Instant keptAt)
        implements Serializable {

    /** Older than this, a kept form is dropped rather than offered to whoever signs in. */
    static final Duration KEPT_FOR = Duration.ofHours(1);

    /** Text fields larger than this in total are not kept (the session is no place for them). */
    static final int MAX_CHARACTERS = 256 * 1024;

    static KeptForm of(String path, Map<String, String[]> parameters, String from, Instant now) {
        LinkedHashMap<String, ArrayList<String>> fields = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (!name.equals("_csrf")) {
                fields.put(name, new ArrayList<>(List.of(values)));
            }
        });
        return new KeptForm(path, fields, from, now);
    }

    int characters() {
        return fields.entrySet().stream()
                .mapToInt(e -> e.getKey().length() + e.getValue().stream().mapToInt(String::length).sum())
                .sum();
    }

    boolean fresh(Instant now) {
        return keptAt.plus(KEPT_FOR).isAfter(now);
    }

    /** The fields a person typed into, for the page that shows what will be sent (no checkbox markers). */
    Map<String, String> shown() {
        Map<String, String> shown = new LinkedHashMap<>();
        fields.forEach((name, values) -> {
            if (!name.startsWith("_") && values.stream().anyMatch(v -> !v.isBlank())) {
                shown.put(name, String.join(", ", values));
            }
        });
        return shown;
    }

    /** Every field and value as posted, for the hidden inputs of the form that sends it again. */
    List<Map.Entry<String, String>> hidden() {
        List<Map.Entry<String, String>> hidden = new ArrayList<>();
        fields.forEach((name, values) -> values.forEach(value -> hidden.add(Map.entry(name, value))));
        return hidden;
    }
}
