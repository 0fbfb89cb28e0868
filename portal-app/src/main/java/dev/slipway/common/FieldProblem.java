package dev.slipway.common;

/** One invalid field: the field's path (for example {@code spec.resources.cpuLimit}) and what is accepted. */
public record FieldProblem(String field, String message) {}
