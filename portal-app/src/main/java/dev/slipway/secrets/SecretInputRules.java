package dev.slipway.secrets;

import dev.slipway.common.FieldProblem;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rules for what may be stored; a pure function. Messages name the field and what would be accepted,
 * and never repeat a value back: it would end up in responses, pages and perhaps logs.
 */
final class SecretInputRules {

    /** Every environment that has no value of its own. */
    static final String ALL_ENVIRONMENTS = "*";
    static final int MAX_VALUE_BYTES = 65536;
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

    private SecretInputRules() {}

    /** Null or blank means all environments. */
    static String environmentOrAll(String environment) {
        return environment == null || environment.isBlank() ? ALL_ENVIRONMENTS : environment.strip();
    }

    static Optional<FieldProblem> key(String key, List<String> declared) {
        if (key != null && declared.contains(key)) {
            return Optional.empty();
        }
        String message = declared.isEmpty()
                ? "must be one of the secrets declared in the spec, and the spec declares none: add the key to "
                        + "spec.secrets first"
                : "must be one of the secrets declared in the spec: " + String.join(", ", declared);
        return Optional.of(new FieldProblem("key", message));
    }

    static Optional<FieldProblem> environment(String environment) {
        if (environment == null || environment.isBlank() || DNS_LABEL.matcher(environment.strip()).matches()) {
            return Optional.empty();
        }
        return Optional.of(new FieldProblem("environment", "must be an environment name, a DNS-1123 label: 1-63 "
                + "lowercase letters, digits or '-', starting and ending with a letter or digit; leave it empty "
                + "for all environments"));
    }

    static Optional<FieldProblem> value(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of(new FieldProblem("value", "is required: 1 to " + MAX_VALUE_BYTES
                    + " bytes of UTF-8 text"));
        }
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            int length = encoded.remaining();
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            if (length > MAX_VALUE_BYTES) {
                return Optional.of(new FieldProblem("value", "must be at most " + MAX_VALUE_BYTES
                        + " bytes of UTF-8 text"));
            }
        } catch (CharacterCodingException e) {
            return Optional.of(new FieldProblem("value", "must be valid UTF-8 text of 1 to " + MAX_VALUE_BYTES
                    + " bytes"));
        }
        return Optional.empty();
    }
}
