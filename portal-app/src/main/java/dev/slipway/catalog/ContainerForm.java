package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.List;

/** The container section: image, replica count, and command and arguments one per line. */
record ContainerForm(String baseRevision, String changeSummary, String image, String replicas, String command,
        String args) implements SpecSectionForm {

    static ContainerForm of(RevisionView revision) {
        ServiceSpec spec = revision.spec();
        return new ContainerForm(String.valueOf(revision.number()), "", spec.image(), FormInput.text(spec.replicas()),
                FormInput.joinLines(spec.command()), FormInput.joinLines(spec.args()));
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        Integer count = FormInput.wholeNumber(replicas, "replicas", "0 to 1000, or empty for 1", problems);
        return base.withContainer(FormInput.trimmedOrNull(image), count, FormInput.lines(command),
                FormInput.lines(args));
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        String field = problem.field();
        if (field.equals("spec.image") || field.equals("spec.replicas")) {
            return field.substring("spec.".length());
        }
        if (field.startsWith("spec.command")) {
            return "command";
        }
        if (field.startsWith("spec.args")) {
            return "args";
        }
        return null;
    }
}
