package dev.slipway.catalog;

import static dev.slipway.catalog.Specs.aSpec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.catalog.ConfigForm.ConfigRow;
import dev.slipway.catalog.PortsForm.PortRow;
import dev.slipway.common.FieldProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SectionFormsTest {

    static RevisionView revisionOf(ServiceSpec spec) {
        return new RevisionView("svc", 7, spec, Map.of(), "", "alice", Instant.EPOCH);
    }

    @Test
    void aProblemOfAPortIsShownAtTheRowItCameFrom() {
        PortsForm form = new PortsForm("7", "", List.of(PortRow.BLANK, new PortRow("http", "8080", "80", false),
                new PortRow("gone", "1", "", true), new PortRow("http", "9090", "", null)));
        List<FieldProblem> conversion = new ArrayList<>();

        ServiceSpec spec = form.applyTo(aSpec(), conversion);
        List<FieldProblem> problems = SpecValidator.validate(spec);

        assertThat(conversion).isEmpty();
        assertThat(spec.ports()).extracting(ServiceSpec.Port::name).containsExactly("http", "http");
        assertThat(problems).extracting(FieldProblem::field).containsExactly("spec.ports[1].name");
        assertThat(form.fieldFor(problems.get(0))).isEqualTo("ports[3].name");
        assertThat(form.fieldFor(new FieldProblem("spec.ingress", "needs a port"))).isNull();
    }

    @Test
    void aPortNumberThatIsNotANumberIsAProblemOfItsInput() {
        PortsForm form = new PortsForm("7", "", List.of(new PortRow("http", "80a", "", false)));
        List<FieldProblem> conversion = new ArrayList<>();

        form.applyTo(aSpec(), conversion);

        assertThat(conversion).extracting(FieldProblem::field).containsExactly("ports[0].containerPort");
    }

    @Test
    void configKeysGivenTwiceOrValuesWithoutKeyAreProblemsOfTheirRow() {
        ConfigForm form = new ConfigForm("7", "", List.of(new ConfigRow("A", "1", false), new ConfigRow("", "orphan", false),
                new ConfigRow(" A ", "2", null), new ConfigRow("B", "x", true), ConfigRow.BLANK));
        List<FieldProblem> conversion = new ArrayList<>();

        ServiceSpec spec = form.applyTo(aSpec(), conversion);

        assertThat(conversion).extracting(FieldProblem::field).containsExactly("entries[1].key", "entries[2].key");
        assertThat(spec.config()).isEqualTo(Map.of("A", "1"));
    }

    @Test
    void aConfigProblemAboutTheKeyShowsAtTheKeyAndAboutTheValueAtTheValue() {
        ConfigForm form = new ConfigForm("7", "", List.of(new ConfigRow("log.level", "x", false),
                new ConfigRow("BIG", "x".repeat(70 * 1024), false)));
        List<FieldProblem> problems = SpecValidator.validate(form.applyTo(ServiceSpec.ofImage("nginx"), new ArrayList<>()));

        assertThat(problems).extracting(form::fieldFor).containsExactly("entries[1].value", "entries[0].key");
    }

    @Test
    void anOverrideShownInTheFormIsSavedBackUnchanged() {
        RevisionView revision = revisionOf(aSpec());

        OverrideForm form = OverrideForm.of(revision, "prod");

        assertThat(form.replicas()).isEmpty();
        assertThat(form.ingressHost()).isEqualTo("payments.acme.io");
        assertThat(form.config()).first().isEqualTo(new ConfigRow("LOG_LEVEL", "warn", false));
        assertThat(form.advanced()).contains("\"autoscaling\"", "\"minReplicas\" : 4");
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(form.applyTo(aSpec(), problems)).isEqualTo(aSpec());
        assertThat(problems).isEmpty();
    }

    @Test
    void whatHasNoInputOfItsOwnIsEditedAsJson() {
        Map<String, Object> config = new HashMap<>(Map.of("A", "1"));
        config.put("DROP", null);
        Map<String, Object> override = new HashMap<>();
        override.put("autoscaling", null);
        override.put("config", config);
        ServiceSpec spec = aSpec().withOverrides(Map.of("dev", override));

        OverrideForm form = OverrideForm.of(revisionOf(spec), "dev");

        assertThat(form.config()).first().isEqualTo(new ConfigRow("A", "1", false));
        assertThat(form.advanced()).contains("\"autoscaling\" : null", "\"DROP\" : null").doesNotContain("\"A\"");
        assertThat(form.applyTo(spec, new ArrayList<>())).isEqualTo(spec);
    }

    @Test
    void aFieldSetBothInItsInputAndInTheJsonIsAProblem() {
        OverrideForm form = new OverrideForm("7", "", "", "dev", "3", "", "", "", "", "", List.of(), "",
                "{\"replicas\": 5}");
        List<FieldProblem> problems = new ArrayList<>();

        form.applyTo(aSpec(), problems);

        assertThat(problems).extracting(FieldProblem::field, FieldProblem::message)
                .containsExactly(tuple("advanced",
                        "sets replicas, which has its own field above: keep it in one place"));
    }

    @Test
    void anOverrideCanBeRenamedButNotOntoAnotherOne() {
        OverrideForm renamed = new OverrideForm("7", "", "prod", "production", "4", "", "", "", "", "", List.of(), "", "");
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(renamed.applyTo(aSpec(), problems).overrides()).containsOnlyKeys("production");
        assertThat(problems).isEmpty();

        OverrideForm clash = new OverrideForm("7", "", "", "prod", "4", "", "", "", "", "", List.of(), "", "");
        clash.applyTo(aSpec(), problems);
        assertThat(problems).extracting(FieldProblem::field).containsExactly("environment");
    }

    @Test
    void problemsOfAnOverrideShowAtItsInputsOrInTheJson() {
        OverrideForm form = OverrideForm.of(revisionOf(aSpec()), "prod");

        assertThat(form.fieldFor(new FieldProblem("spec.overrides.prod.replicas", "x"))).isEqualTo("replicas");
        assertThat(form.fieldFor(new FieldProblem("spec.overrides.prod.resources.cpuLimit", "x"))).isEqualTo("cpuLimit");
        assertThat(form.fieldFor(new FieldProblem("spec.overrides.prod.ingress.host", "x"))).isEqualTo("ingressHost");
        assertThat(form.fieldFor(new FieldProblem("spec.overrides.prod.config.LOG_LEVEL", "x"))).isEqualTo("config[0].value");
        assertThat(form.fieldFor(new FieldProblem("spec.overrides.prod.probes.port", "x"))).isEqualTo("advanced");
        assertThat(form.fieldFor(new FieldProblem("spec.overrides.dev.replicas", "x"))).isNull();
        assertThat(form.fieldFor(new FieldProblem("spec.image", "x"))).isNull();
    }

    @Test
    void commandAndArgumentsAreOneItemPerLine() {
        ContainerForm form = new ContainerForm("7", "", " nginx:1 ", "", "/bin/app\r\n\r\n--flag value\n", "");

        ServiceSpec spec = form.applyTo(aSpec(), new ArrayList<>());

        assertThat(spec.image()).isEqualTo("nginx:1");
        assertThat(spec.replicas()).isNull();
        assertThat(spec.command()).containsExactly("/bin/app", "--flag value");
        assertThat(spec.args()).isEmpty();
    }
}
