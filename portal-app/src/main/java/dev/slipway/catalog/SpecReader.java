package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import dev.slipway.common.NulFreeText;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a spec from JSON strictly: an unknown field or a value of the wrong shape is a problem that
 * names the field ({@code spec.replicas: must be a whole number, not "many"}), never a 500. Each
 * top-level field is read on its own, so one bad field does not hide problems in the others.
 */
final class SpecReader {

    /** Unknown fields are refused, 2.5 is not quietly read as 2, and text with NUL is refused. */
    static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .addModule(NulFreeText.module())
            .build();

    private static final RecordComponent[] FIELDS = ServiceSpec.class.getRecordComponents();
    static final List<String> FIELD_NAMES = Arrays.stream(FIELDS).map(RecordComponent::getName).toList();
    private static final Constructor<ServiceSpec> CONSTRUCTOR = canonicalConstructor();

    private SpecReader() {}

    /**
     * What was read: the spec (null when the JSON is not an object), the problems, and the top-level
     * fields that could not be read (left null in the spec, so rules about them should not run).
     */
    record Result(ServiceSpec spec, List<FieldProblem> problems, Set<String> unreadable) {

        boolean ok() {
            return problems.isEmpty();
        }
    }

    static Result read(JsonNode node, String prefix) {
        List<FieldProblem> problems = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            problems.add(new FieldProblem(prefix, "is required: a JSON object with the fields " + FIELD_NAMES));
            return new Result(null, problems, Set.of());
        }
        if (!node.isObject()) {
            problems.add(new FieldProblem(prefix, "must be a JSON object with the fields " + FIELD_NAMES));
            return new Result(null, problems, Set.of());
        }
        for (String name : node.propertyNames()) {
            if (!FIELD_NAMES.contains(name)) {
                problems.add(new FieldProblem(SpecPaths.child(prefix, name),
                        "is not a spec field; accepted fields are " + FIELD_NAMES));
            }
        }
        Set<String> unreadable = new LinkedHashSet<>();
        Object[] values = new Object[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            String name = FIELDS[i].getName();
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            JavaType type = STRICT.getTypeFactory().constructType(FIELDS[i].getGenericType());
            try {
                values[i] = STRICT.treeToValue(value, type);
            } catch (JacksonException e) {
                problems.add(describe(e, SpecPaths.child(prefix, name), value, type));
                unreadable.add(name);
            }
        }
        return new Result(construct(values), problems, unreadable);
    }

    private static FieldProblem describe(JacksonException e, String fieldPath, JsonNode fieldValue, JavaType fieldType) {
        String path = fieldPath;
        JsonNode value = fieldValue;
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path = SpecPaths.child(path, reference.getPropertyName());
                value = value == null ? null : value.get(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path = SpecPaths.index(path, reference.getIndex());
                value = value == null ? null : value.get(reference.getIndex());
            }
        }
        if (e instanceof NulFreeText.Refused) {
            return new FieldProblem(NulFreeText.shown(path), NulFreeText.PROBLEM);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new FieldProblem(path, "is not a field here; accepted fields are " + known(unknown.getKnownPropertyIds()));
        }
        Class<?> expected = e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                ? mismatch.getTargetType()
                : e.getPath().isEmpty() ? fieldType.getRawClass() : null;
        String what = expected == null ? "has a value of the wrong type" : "must be " + expectation(expected);
        return new FieldProblem(path, value == null ? what : what + ", not " + shown(value));
    }

    private static String expectation(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object (string keys)";
        }
        if (type.isRecord()) {
            return "an object with the fields " + Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getName).toList();
        }
        return "a value of type " + type.getSimpleName();
    }

    private static String shown(JsonNode value) {
        String text = value.isObject() ? "an object" : value.isArray() ? "a list" : value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "[]" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ", "[", "]"));
    }

    private static ServiceSpec construct(Object[] values) {
        try {
            return CONSTRUCTOR.newInstance(values);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("ServiceSpec's canonical constructor accepts any field values", e);
        }
    }

    private static Constructor<ServiceSpec> canonicalConstructor() {
        try {
            return ServiceSpec.class.getDeclaredConstructor(
                    Arrays.stream(FIELDS).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record always has a canonical constructor", e);
        }
    }
}
