package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.List;

/** CPU and memory requests and limits as Kubernetes quantities; all empty means none. */
record ResourcesForm(String baseRevision, String changeSummary, String cpuRequest, String cpuLimit,
        String memoryRequest, String memoryLimit) implements SpecSectionForm {

    static ResourcesForm of(RevisionView revision) {
        ServiceSpec.Resources r = revision.spec().resources();
        String base = String.valueOf(revision.number());
        return r == null
                ? new ResourcesForm(base, "", "", "", "", "")
                : new ResourcesForm(base, "", FormInput.text(r.cpuRequest()), FormInput.text(r.cpuLimit()),
                        FormInput.text(r.memoryRequest()), FormInput.text(r.memoryLimit()));
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        ServiceSpec.Resources resources = new ServiceSpec.Resources(FormInput.trimmedOrNull(cpuRequest),
                FormInput.trimmedOrNull(cpuLimit), FormInput.trimmedOrNull(memoryRequest),
                FormInput.trimmedOrNull(memoryLimit));
        boolean none = resources.equals(new ServiceSpec.Resources(null, null, null, null));
        return base.withResources(none ? null : resources);
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        return problem.field().startsWith("spec.resources.") ? problem.field().substring("spec.resources.".length()) : null;
    }
}
