package dev.slipway.catalog;

import dev.slipway.common.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Port rows; blank rows and rows marked for removal are left out of the spec. */
record PortsForm(String baseRevision, String changeSummary, List<PortRow> ports) implements SpecSectionForm {

    /** Blank rows shown below the declared ones, so ports can be added without JavaScript. */
    static final int BLANK_ROWS = 2;

    PortsForm {
        ports = ports == null ? List.of() : ports.stream().map(row -> row == null ? PortRow.BLANK : row).toList();
    }

    /**
     * One row of the ports table; numbers stay text until saved so any input can be shown back.
     * {@code remove} is a Boolean so a row without the checkbox (added by script) still binds.
     */
    record PortRow(String name, String containerPort, String servicePort, Boolean remove) {

        static final PortRow BLANK = new PortRow("", "", "", false);

        boolean removed() {
            return Boolean.TRUE.equals(remove);
        }

        boolean blank() {
            return FormInput.blank(name) && FormInput.blank(containerPort) && FormInput.blank(servicePort);
        }
    }

    static PortsForm of(RevisionView revision) {
        List<PortRow> rows = new ArrayList<>();
        for (ServiceSpec.Port port : revision.spec().ports()) {
            rows.add(new PortRow(port.name(), FormInput.text(port.containerPort()), FormInput.text(port.servicePort()),
                    false));
        }
        for (int i = 0; i < BLANK_ROWS; i++) {
            rows.add(PortRow.BLANK);
        }
        return new PortsForm(String.valueOf(revision.number()), "", rows);
    }

    @Override
    public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
        List<ServiceSpec.Port> result = new ArrayList<>();
        for (int row : keptRows()) {
            PortRow port = ports.get(row);
            String at = "ports[" + row + "]";
            Integer container = FormInput.wholeNumber(port.containerPort(), at + ".containerPort", "1 to 65535", problems);
            Integer service = FormInput.wholeNumber(port.servicePort(), at + ".servicePort",
                    "1 to 65535, or empty to keep the port inside the pod", problems);
            result.add(new ServiceSpec.Port(FormInput.trimmedOrNull(port.name()), container, service));
        }
        return base.withPorts(result);
    }

    @Override
    public String fieldFor(FieldProblem problem) {
        Optional<Integer> index = SpecPaths.indexUnder("spec.ports", problem.field());
        List<Integer> rows = keptRows();
        if (index.isEmpty() || index.get() >= rows.size()) {
            return null;
        }
        String rest = problem.field().substring(SpecPaths.index("spec.ports", index.get()).length());
        return "ports[" + rows.get(index.get()) + "]" + (rest.isEmpty() ? ".name" : rest);
    }

    /** The form rows that become ports, in order: the n-th port of the spec comes from the n-th of these. */
    private List<Integer> keptRows() {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            PortRow row = ports.get(i);
            if (!row.removed() && !row.blank()) {
                rows.add(i);
            }
        }
        return rows;
    }
}
