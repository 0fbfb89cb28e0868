package dev.slipway.catalog;

import static dev.slipway.catalog.Specs.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.FieldProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spec's {@code monitoring} section: read, checked, edited in its form. */
class MonitoringSpecTest {

    private static final String PORTS = """
            "ports": [{"name": "http", "containerPort": 8080, "servicePort": 80}, {"name": "metrics", "containerPort": 9090}]""";

    @Test
    void aPortByNameOrNumberAndAPathAreAccepted() {
        assertThat(problemsOf(spec(PORTS, "{\"metricsPort\": \"metrics\", \"metricsPath\": \"/actuator/prometheus\"}"))).isEmpty();
        assertThat(problemsOf(spec(PORTS, "{\"metricsPort\": \"9100\"}"))).as("a port not declared is fine by number").isEmpty();
        assertThat(problemsOf(spec(PORTS, "{\"metricsPort\": 9100}"))).as("a JSON number is read as the port").isEmpty();
        assertThat(problemsOf(spec(PORTS, "{}"))).as("both absent: the first port and /metrics").isEmpty();
    }

    @Test
    void aPortThatIsNeitherADeclaredNameNorAPortNumberIsNamedWithWhatIsAccepted() {
        List<FieldProblem> problems = problemsOf(spec(PORTS, "{\"metricsPort\": \"prom\"}"));
        assertThat(problems).extracting(FieldProblem::field).containsExactly("spec.monitoring.metricsPort");
        assertThat(problems.get(0).message()).contains("between 1 and 65535").contains("[http, metrics]")
                .contains("not 'prom'");
        assertThat(problemsOf(spec(PORTS, "{\"metricsPort\": \"70000\"}"))).extracting(FieldProblem::field)
                .containsExactly("spec.monitoring.metricsPort");
        assertThat(problemsOf(spec(PORTS, "{\"metricsPort\": \"0\"}"))).extracting(FieldProblem::field)
                .containsExactly("spec.monitoring.metricsPort");
    }

    @Test
    void withoutAnyPortThePortMustBeGiven() {
        assertThat(problemsOf(spec("\"ports\": []", "{}"))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.monitoring.metricsPort");
            assertThat(p.message()).contains("is required when no port is declared");
        });
        assertThat(problemsOf(spec("\"ports\": []", "{\"metricsPort\": \"9090\"}"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"metrics", "/metrics?x=1", "/met rics", "/a#b", "/a\\\\b", "/%zz"})
    void aPathThatIsNotAPlainHttpPathIsNamed(String path) {
        assertThat(problemsOf(spec(PORTS, "{\"metricsPath\": \"" + path + "\"}"))).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.monitoring.metricsPath");
            assertThat(p.message()).startsWith("must ").contains("such as /metrics or /actuator/prometheus");
        });
    }

    @Test
    void thePathProblemSaysWhatIsWrongFirst() {
        assertThat(pathProblem("metrics")).startsWith("must start with '/'");
        assertThat(pathProblem("/metrics?format=prometheus")).startsWith("must be the path alone, without '?' or '#'");
        assertThat(pathProblem("/met rics")).startsWith("must hold only URL path characters");
    }

    @Test
    void aTooLongPathIsNamed() {
        assertThat(problemsOf(spec(PORTS, "{\"metricsPath\": \"/" + "a".repeat(256) + "\"}")))
                .extracting(FieldProblem::field).containsExactly("spec.monitoring.metricsPath");
    }

    @Test
    void unknownFieldsAndWrongShapesAreNamed() {
        assertThat(problemsOf(spec(PORTS, "{\"port\": \"http\"}"))).extracting(FieldProblem::field)
                .containsExactly("spec.monitoring.port");
        assertThat(problemsOf(spec(PORTS, "\"yes\""))).extracting(FieldProblem::field)
                .containsExactly("spec.monitoring");
    }

    @Test
    void anOverrideIsCheckedAgainstTheMergedSpecAndNamedUnderItsEnvironment() {
        String json = "{\"image\": \"nginx\", " + PORTS + ", \"monitoring\": {\"metricsPort\": \"metrics\"},"
                + " \"overrides\": {\"prod\": {\"monitoring\": {\"metricsPort\": \"admin\"}},"
                + " \"dev\": {\"monitoring\": null}}}";
        assertThat(problemsOf(json)).extracting(FieldProblem::field)
                .containsExactly("spec.overrides.prod.monitoring.metricsPort");
    }

    @Test
    void theFormTurnsItsInputIntoTheSectionAndBack() {
        ServiceSpec base = ServiceSpec.ofImage("nginx");
        List<FieldProblem> problems = new ArrayList<>();
        MonitoringForm on = new MonitoringForm("1", "", false, " metrics ", " /actuator/prometheus ");
        ServiceSpec spec = on.applyTo(base, problems);
        assertThat(spec.monitoring()).isEqualTo(new ServiceSpec.Monitoring("metrics", "/actuator/prometheus"));
        assertThat(problems).isEmpty();

        MonitoringForm defaults = new MonitoringForm("1", "", false, "", "");
        assertThat(defaults.applyTo(base, problems).monitoring()).isEqualTo(new ServiceSpec.Monitoring(null, null));
        MonitoringForm off = new MonitoringForm("1", "", true, "metrics", "/metrics");
        assertThat(off.applyTo(spec, problems).monitoring()).isNull();

        RevisionView revision = new RevisionView("api", 3, spec, Map.of(), "", "", Instant.EPOCH);
        assertThat(MonitoringForm.of(revision)).isEqualTo(new MonitoringForm("3", "", false, "metrics", "/actuator/prometheus"));
        assertThat(MonitoringForm.of(new RevisionView("api", 3, base, Map.of(), "", "", Instant.EPOCH)).disabled()).isTrue();
        assertThat(on.fieldFor(new FieldProblem("spec.monitoring.metricsPort", "x"))).isEqualTo("metricsPort");
        assertThat(on.fieldFor(new FieldProblem("spec.monitoring.metricsPath", "x"))).isEqualTo("metricsPath");
    }

    @Test
    void theSectionIsDiffedFieldByField() {
        ServiceSpec before = ServiceSpec.ofImage("nginx");
        ServiceSpec after = before.withMonitoring(new ServiceSpec.Monitoring("9090", "/metrics"));
        assertThat(SpecDiff.between(before, after)).extracting(SpecDiff.Change::path)
                .contains("spec.monitoring.metricsPort", "spec.monitoring.metricsPath");
    }

    private static String pathProblem(String path) {
        return problemsOf(spec(PORTS, "{\"metricsPath\": \"" + path + "\"}")).get(0).message();
    }

    private static String spec(String ports, String monitoring) {
        return "{\"image\": \"nginx\", " + ports + ", \"monitoring\": " + monitoring + "}";
    }
}
