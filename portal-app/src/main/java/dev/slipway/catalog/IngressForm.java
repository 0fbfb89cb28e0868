package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.List;

/** How the service is reached from outside the cluster, or not at all when {@code disabled}. */
record IngressForm(String baseRevision, String changeSummary, Boolean disabled, String host, String path, Boolean tls)
        implements SpecSectionForm {

    static IngressForm of(RevisionView revision) {
        ServiceSpec.Ingress ingress = revision.spec().ingress();
        String base = String.valueOf(revision.number());
        return ingress == null
                ? new IngressForm(base, "", true, "", "/", true)
                : new IngressForm(base, "", false, FormInput.text(ingress.host()), FormInput.text(ingress.path()),
                        Boolean.TRUE.equals(ingress.tls()));
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        return base.withIngress(Boolean.TRUE.equals(disabled)
                ? null
                : new ServiceSpec.Ingress(FormInput.trimmedOrNull(host), FormInput.trimmedOrNull(path),
                        Boolean.TRUE.equals(tls)));
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        return switch (problem.field()) {
            case "spec.ingress.host" -> "host";
            case "spec.ingress.path" -> "path";
            default -> null;
        };
    }
}
