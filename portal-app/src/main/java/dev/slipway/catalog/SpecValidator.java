package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a spec; a pure function shared by forms and the API. Every problem names its field by
 * its JSON path under {@code spec} and says what would be accepted.
 */
public final class SpecValidator {

    private SpecValidator() {}

    public static List<FieldProblem> validate(ServiceSpec spec) {
        List<FieldProblem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new FieldProblem("spec", "is required"));
            return problems;
        }
        if (spec.image() == null || spec.image().isBlank()) {
            problems.add(new FieldProblem("spec.image", "is required: an image reference such as registry.example.com/team/app:1.2.3"));
        }
        return problems;
    }
}
