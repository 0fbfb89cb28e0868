package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.List;

/** Whether and where Prometheus scrapes the pods; off when {@code disabled}. */
record MonitoringForm(String baseRevision, String changeSummary, Boolean disabled, String metricsPort,
        String metricsPath) implements SpecSectionForm {

    static MonitoringForm of(RevisionView revision) {
        ServiceSpec.Monitoring monitoring = revision.spec().monitoring();
        String base = String.valueOf(revision.number());
        return monitoring == null
                ? new MonitoringForm(base, "", true, "", ServiceSpec.Monitoring.DEFAULT_METRICS_PATH)
                : new MonitoringForm(base, "", false, FormInput.text(monitoring.metricsPort()),
                        FormInput.text(monitoring.metricsPath()));
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        return base.withMonitoring(Boolean.TRUE.equals(disabled)
                ? null
                : new ServiceSpec.Monitoring(FormInput.trimmedOrNull(metricsPort), FormInput.trimmedOrNull(metricsPath)));
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        return switch (problem.field()) {
            case "spec.monitoring.metricsPort" -> "metricsPort";
            case "spec.monitoring.metricsPath" -> "metricsPath";
            default -> null;
        };
    }
}
