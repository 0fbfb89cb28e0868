package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.List;

/** HTTP readiness and liveness probes; all empty means none. */
record ProbesForm(String baseRevision, String changeSummary, String readinessPath, String livenessPath, String port)
        implements SpecSectionForm {

    static ProbesForm of(RevisionView revision) {
        ServiceSpec.Probes p = revision.spec().probes();
        String base = String.valueOf(revision.number());
        return p == null
                ? new ProbesForm(base, "", "", "", "")
                : new ProbesForm(base, "", FormInput.text(p.readinessPath()), FormInput.text(p.livenessPath()),
                        FormInput.text(p.port()));
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        ServiceSpec.Probes probes = new ServiceSpec.Probes(FormInput.trimmedOrNull(readinessPath),
                FormInput.trimmedOrNull(livenessPath), FormInput.trimmedOrNull(port));
        return base.withProbes(probes.equals(new ServiceSpec.Probes(null, null, null)) ? null : probes);
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        return switch (problem.field()) {
            case "spec.probes.readinessPath" -> "readinessPath";
            case "spec.probes.livenessPath" -> "livenessPath";
            case "spec.probes.port" -> "port";
            default -> null;
        };
    }
}
