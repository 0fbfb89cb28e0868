package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Registering a service from the browser with its whole first revision: who owns it and what it is,
 * the container (image, replicas, command, arguments, flat so {@code image} keeps its name), and every
 * other section of the spec through the same forms that edit it later, nested under the section's
 * name ({@code ports.ports[0].name}, {@code config.entries[0].key}, {@code ingress.host}). A section
 * missing from the request (a client that only sends the basics) counts as left empty.
 */
record NewServiceForm(String name, String team, String description, String repositoryUrl, String image,
        String replicas, String command, String args, PortsForm ports, ResourcesForm resources, ConfigForm config,
        SecretsForm secrets, IngressForm ingress, AutoscalingForm autoscaling, ProbesForm probes,
        MonitoringForm monitoring) {

    private static final List<String> INFO_FIELDS = List.of("name", "team", "description", "repositoryUrl");

    /** The sections in the order they are applied and shown, each with the prefix of its inputs. */
    private record Part(String prefix, SpecSectionForm form) {}

    NewServiceForm {
        RevisionView empty = emptyRevision();
        ports = ports == null ? PortsForm.of(empty) : ports;
        resources = resources == null ? ResourcesForm.of(empty) : resources;
        config = config == null ? ConfigForm.of(empty) : config;
        secrets = secrets == null ? SecretsForm.of(empty) : secrets;
        ingress = ingress == null ? IngressForm.of(empty) : ingress;
        autoscaling = autoscaling == null ? AutoscalingForm.of(empty) : autoscaling;
        probes = probes == null ? ProbesForm.of(empty) : probes;
        monitoring = monitoring == null ? MonitoringForm.of(empty) : monitoring;
    }

    /** An empty form for {@code team}: one replica, no ingress, no autoscaling, blank rows to fill. */
    static NewServiceForm blank(String team) {
        return new NewServiceForm("", team, "", "", "", "1", "", "", null, null, null, null, null, null, null, null);
    }

    /** The spec of revision 1; input that cannot become a spec value is added to {@code problems}. */
    ServiceSpec spec(List<FieldProblem> problems) {
        List<FieldProblem> own = new ArrayList<>();
        ServiceSpec spec = container().applyTo(ServiceSpec.ofImage(null), own);
        problems.addAll(own);
        for (Part part : parts()) {
            own.clear();
            spec = part.form().applyTo(spec, own);
            own.forEach(p -> problems.add(new FieldProblem(part.prefix() + p.field(), p.message())));
        }
        return spec;
    }

    NewService toCommand(ServiceSpec spec) {
        return new NewService(FormInput.text(name).strip(), team, description, repositoryUrl, spec);
    }

    /** The input that shows a problem of the command, or null for one that belongs to no field here. */
    String fieldFor(FieldProblem problem) {
        if (INFO_FIELDS.contains(problem.field())) {
            return problem.field();
        }
        String container = container().fieldFor(problem);
        if (container != null) {
            return container;
        }
        for (Part part : parts()) {
            String field = part.form().fieldFor(problem);
            if (field != null) {
                return part.prefix() + field;
            }
        }
        return null;
    }

    private ContainerForm container() {
        return new ContainerForm(null, null, image, replicas, command, args);
    }

    private List<Part> parts() {
        return List.of(new Part("ports.", ports), new Part("resources.", resources), new Part("config.", config),
                new Part("secrets.", secrets), new Part("ingress.", ingress), new Part("autoscaling.", autoscaling),
                new Part("probes.", probes), new Part("monitoring.", monitoring));
    }

    private static RevisionView emptyRevision() {
        return new RevisionView("", 0, ServiceSpec.ofImage(null), Map.of(), "", "", Instant.EPOCH);
    }
}
