package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.Arrays;
import java.util.List;

/** Turns the text people type into spec values, and spec values back into text. */
final class FormInput {

    private FormInput() {}

    static String trimmedOrNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** A whole number, null for blank input; anything else is a problem named {@code field}. */
    static Integer wholeNumber(String text, String field, String rule, List<FieldProblem> problems) {
        if (blank(text)) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "must be a whole number: " + rule));
            return null;
        }
    }

    /** One item per non-blank line; surrounding line breaks are ignored, spaces inside kept. */
    static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("\\R")).filter(line -> !line.isBlank()).toList();
    }

    static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    static String joinLines(List<String> items) {
        return String.join("\n", items);
    }
}
