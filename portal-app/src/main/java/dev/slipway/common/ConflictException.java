package dev.slipway.common;

import java.util.List;

/** A change refused because the state moved on: stale base revision, duplicate name, illegal transition (409). */
public class ConflictException extends RuntimeException {

    private final List<FieldProblem> problems;

    public ConflictException(String message) {
        this(message, List.of());
    }

    /** A conflict with each unmet condition in words (answered as {@code errors[]}), such as promotion gates. */
    public ConflictException(String message, List<FieldProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
