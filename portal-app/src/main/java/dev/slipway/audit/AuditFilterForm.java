package dev.slipway.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;

/** The filter form of the audit page, as typed; {@link #toQuery()} checks it. Times are UTC. */
record AuditFilterForm(String actor, String team, String service, String environment, String action, String from,
        String to, String q) {

    AuditQuery toQuery() {
        return AuditQuery.of(actor, team, service, environment, action, from, to, q);
    }

    /** The same filter as query parameters of {@code path}, leaving out empty fields, plus {@code extra}. */
    String link(String path, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>(extra);
        params.put("actor", actor);
        params.put("team", team);
        params.put("service", service);
        params.put("environment", environment);
        params.put("action", action);
        params.put("from", from);
        params.put("to", to);
        params.put("q", q);
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        params.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                uri.queryParam(name, "{" + name + "}");
            }
        });
        Map<String, String> values = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                values.put(name, value.strip());
            }
        });
        return uri.encode().buildAndExpand(values).toUriString();
    }
}
