package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.List;

/**
 * A page form that edits one section of the spec. It carries the revision it was based on, so a
 * save on a stale base is refused instead of overwriting; it turns its text input into the section
 * of a spec, and maps each problem of the saved spec back to the input that caused it.
 */
interface SpecSectionForm {

    /** The revision the form was filled from (a hidden field). */
    String baseRevision();

    String changeSummary();

    /**
     * {@code base} with this form's section replaced by the input. Input that cannot become a spec
     * value (a port that is not a number) is added to {@code problems}, named by form field.
     */
    ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems);

    /** The form field that should show a problem of the spec, or null when it belongs to no field here. */
    String fieldFor(FieldProblem problem);
}
