package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.List;

/** A HorizontalPodAutoscaler on CPU, or none when {@code disabled}. */
record AutoscalingForm(String baseRevision, String changeSummary, Boolean disabled, String minReplicas,
        String maxReplicas, String cpuUtilization) implements SpecSectionForm {

    static AutoscalingForm of(RevisionView revision) {
        ServiceSpec.Autoscaling a = revision.spec().autoscaling();
        String base = String.valueOf(revision.number());
        return a == null
                ? new AutoscalingForm(base, "", true, "1", "", "80")
                : new AutoscalingForm(base, "", false, FormInput.text(a.minReplicas()), FormInput.text(a.maxReplicas()),
                        FormInput.text(a.cpuUtilization()));
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        if (Boolean.TRUE.equals(disabled)) {
            return base.withAutoscaling(null);
        }
        Integer min = FormInput.wholeNumber(minReplicas, "minReplicas", "1 to 1000, or empty for 1", problems);
        Integer max = FormInput.wholeNumber(maxReplicas, "maxReplicas", "at least the minimum, at most 1000", problems);
        Integer cpu = FormInput.wholeNumber(cpuUtilization, "cpuUtilization", "a percentage from 1 to 100, or empty for 80",
                problems);
        return base.withAutoscaling(new ServiceSpec.Autoscaling(min, max, cpu));
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        return problem.field().startsWith("spec.autoscaling.")
                ? problem.field().substring("spec.autoscaling.".length())
                : null;
    }
}
