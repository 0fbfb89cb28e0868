package dev.slipway.catalog;

import dev.slipway.catalog.ConfigForm.ConfigRow;
import dev.slipway.common.FieldProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * What differs in one environment: a partial spec merged over the base (RFC 7396). The common
 * fields have inputs of their own; anything else (turning autoscaling off with {@code null}, other
 * ports...) goes in {@code advanced} as JSON. {@code originalEnvironment} is empty for a new override
 * and otherwise names the one being edited, so it can be renamed.
 */
record OverrideForm(String baseRevision, String changeSummary, String originalEnvironment, String environment,
        String replicas, String image, String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit,
        List<ConfigRow> config, String ingressHost, String advanced) implements SpecSectionForm {

    private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() {};
    private static final List<String> RESOURCE_FIELDS = List.of("cpuRequest", "cpuLimit", "memoryRequest", "memoryLimit");

    OverrideForm {
        config = ConfigRow.normalized(config);
    }

    static OverrideForm blank(RevisionView revision, String environment) {
        return new OverrideForm(String.valueOf(revision.number()), "", "", environment == null ? "" : environment, "", "",
                "", "", "", "", ConfigRow.rowsOf(Map.of()), "", "");
    }

    /** The form for an existing override: common fields in their inputs, the rest as JSON. */
    static OverrideForm of(RevisionView revision, String environment) {
        Map<String, Object> rest = deepCopy(revision.spec().overrides().get(environment));
        String replicas = takeScalar(rest, "replicas");
        String image = takeScalar(rest, "image");
        Map<String, String> resources = new LinkedHashMap<>();
        Map<String, Object> restResources = nested(rest, "resources");
        if (restResources != null) {
            RESOURCE_FIELDS.forEach(field -> resources.put(field, takeScalar(restResources, field)));
            dropIfEmpty(rest, "resources");
        }
        Map<String, String> config = new TreeMap<>();
        Map<String, Object> restConfig = nested(rest, "config");
        if (restConfig != null) {
            for (String key : List.copyOf(restConfig.keySet())) {
                if (restConfig.get(key) instanceof String value) {
                    config.put(key, value);
                    restConfig.remove(key);
                }
            }
            dropIfEmpty(rest, "config");
        }
        String host = "";
        Map<String, Object> restIngress = nested(rest, "ingress");
        if (restIngress != null) {
            host = takeScalar(restIngress, "host");
            dropIfEmpty(rest, "ingress");
        }
        String advanced = rest.isEmpty() ? "" : SpecReader.STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(rest);
        return new OverrideForm(String.valueOf(revision.number()), "", environment, environment, replicas, image,
                resources.getOrDefault("cpuRequest", ""), resources.getOrDefault("cpuLimit", ""),
                resources.getOrDefault("memoryRequest", ""), resources.getOrDefault("memoryLimit", ""),
                ConfigRow.rowsOf(config), host, advanced);
    }

    String targetEnvironment() {
        return environment == null ? "" : environment.strip();
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        String target = targetEnvironment();
        if (target.isEmpty()) {
            problems.add(new FieldProblem("environment", "is required: the environment this override applies to, such as prod"));
        }
        String original = originalEnvironment == null ? "" : originalEnvironment.strip();
        if (!target.equals(original) && base.overrides().containsKey(target)) {
            problems.add(new FieldProblem("environment", "already has an override: edit that one instead"));
        }
        Map<String, Object> patch = patch(problems);
        Map<String, Map<String, Object>> overrides = new TreeMap<>(base.overrides());
        if (!original.isEmpty()) {
            overrides.remove(original);
        }
        overrides.put(target, patch);
        return base.withOverrides(overrides);
    }

    /** {@code base} without this form's override: what "remove" saves. */
    ServiceSpec removeFrom(ServiceSpec base) {
        Map<String, Map<String, Object>> overrides = new TreeMap<>(base.overrides());
        overrides.remove(originalEnvironment == null ? "" : originalEnvironment.strip());
        return base.withOverrides(overrides);
    }

    private Map<String, Object> patch(List<FieldProblem> problems) {
        Map<String, Object> patch = new LinkedHashMap<>();
        if (!FormInput.blank(advanced)) {
            String rule = "must be a JSON object of spec fields, such as {\"autoscaling\": null}";
            try {
                Map<String, Object> parsed = SpecReader.STRICT.readValue(advanced, JSON_OBJECT);
                if (parsed == null) {
                    problems.add(new FieldProblem("advanced", rule));
                } else {
                    patch.putAll(parsed);
                }
            } catch (JacksonException e) {
                // The fields above are still read, so their problems show together with this one.
                problems.add(new FieldProblem("advanced", rule + " (" + e.getOriginalMessage() + ")"));
            }
        }
        Integer count = FormInput.wholeNumber(replicas, "replicas", "0 to 1000, or empty to keep the base", problems);
        put(patch, null, "replicas", count, problems);
        put(patch, null, "image", FormInput.trimmedOrNull(image), problems);
        List<String> resources = List.of(FormInput.text(cpuRequest), FormInput.text(cpuLimit),
                FormInput.text(memoryRequest), FormInput.text(memoryLimit));
        for (int i = 0; i < RESOURCE_FIELDS.size(); i++) {
            put(patch, "resources", RESOURCE_FIELDS.get(i), FormInput.trimmedOrNull(resources.get(i)), problems);
        }
        ConfigRow.toMap(config, "config", problems).forEach((key, value) -> put(patch, "config", key, value, problems));
        put(patch, "ingress", "host", FormInput.trimmedOrNull(ingressHost), problems);
        return patch;
    }

    /** Sets {@code patch[parent][field]} unless the advanced JSON already sets it, which would be ambiguous. */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> patch, String parent, String field, Object value,
            List<FieldProblem> problems) {
        if (value == null) {
            return;
        }
        Map<String, Object> target = patch;
        if (parent != null) {
            Object existing = patch.get(parent);
            if (existing != null && !(existing instanceof Map)) {
                problems.add(new FieldProblem("advanced", "sets " + parent + " to something other than an object, "
                        + "while the fields above set " + parent + "." + field));
                return;
            }
            target = (Map<String, Object>) patch.computeIfAbsent(parent, k -> new LinkedHashMap<String, Object>());
        }
        if (target.containsKey(field)) {
            String name = parent == null ? field : parent + "." + field;
            problems.add(new FieldProblem("advanced", "sets " + name + ", which has its own field above: keep it in one place"));
            return;
        }
        target.put(field, value);
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        String prefix = SpecPaths.child("spec.overrides", targetEnvironment());
        String field = problem.field();
        if (field.equals(prefix)) {
            return problem.message().startsWith(SpecValidator.KEY_PROBLEM) ? "environment" : "advanced";
        }
        if (!field.startsWith(prefix + ".") && !field.startsWith(prefix + "[")) {
            return null;
        }
        String relative = field.substring(prefix.length() + 1);
        if (relative.equals("replicas") || relative.equals("image")) {
            return relative;
        }
        if (relative.startsWith("resources.") && RESOURCE_FIELDS.contains(relative.substring("resources.".length()))) {
            return relative.substring("resources.".length());
        }
        if (relative.equals("ingress.host")) {
            return "ingressHost";
        }
        String inConfig = ConfigRow.fieldFor(config, "config", prefix + ".config", problem);
        return Optional.ofNullable(inConfig).orElse("advanced");
    }

    private static Map<String, Object> deepCopy(Map<String, Object> override) {
        return override == null
                ? new LinkedHashMap<>()
                : SpecReader.STRICT.convertValue(override, JSON_OBJECT);
    }

    private static String takeScalar(Map<String, Object> map, String field) {
        Object value = map.get(field);
        if (value instanceof String || value instanceof Number) {
            map.remove(field);
            return value.toString();
        }
        return "";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> map, String field) {
        return map.get(field) instanceof Map<?, ?> nested ? (Map<String, Object>) nested : null;
    }

    private static void dropIfEmpty(Map<String, Object> map, String field) {
        if (map.get(field) instanceof Map<?, ?> nested && nested.isEmpty()) {
            map.remove(field);
        }
    }
}
