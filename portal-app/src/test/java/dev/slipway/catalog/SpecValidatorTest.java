package dev.slipway.catalog;

import static dev.slipway.catalog.Specs.aSpec;
import static dev.slipway.catalog.Specs.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.slipway.common.FieldProblem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {

    @Test
    void theDesignExampleIsValid() {
        assertThat(SpecValidator.validate(aSpec())).isEmpty();
        assertThat(problemsOf(Specs.DESIGN_EXAMPLE)).isEmpty();
    }

    @Test
    void aSpecWithJustAnImageIsValid() {
        assertThat(SpecValidator.validate(ServiceSpec.ofImage("nginx"))).isEmpty();
    }

    @Test
    void aMissingSpecIsNamed() {
        assertThat(SpecValidator.validate((ServiceSpec) null)).extracting(FieldProblem::field).containsExactly("spec");
    }

    @Nested
    class Image {

        @ParameterizedTest
        @ValueSource(strings = {
            "nginx", "nginx:1.27", "library/nginx:latest", "registry.example.com/payments/api:1.4.2",
            "localhost:5000/app", "registry.example.com:443/a/b/c:v1", "ghcr.io/org/my_app__x.y-z:1.0_rc-1",
            "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "app:1.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "[::1]:5000/app:1", "Registry.Example.com/app", "a---b"
        })
        void acceptsDockerReferences(String image) {
            assertThat(SpecValidator.validate(ServiceSpec.ofImage(image))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "app:", "app:.hidden", "app:-x", "app name", "/app", "app/", "app//x", "app:1:2", "-app", "app_",
            "app@sha256:abc", "app@md5:0123456789abcdef0123456789abcdef", "https://registry.example.com/app",
            "app@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"
        })
        void refusesWhatIsNotAReference(String image) {
            assertThat(SpecValidator.validate(ServiceSpec.ofImage(image)))
                    .singleElement()
                    .satisfies(p -> {
                        assertThat(p.field()).isEqualTo("spec.image");
                        assertThat(p.message()).contains("registry.example.com/team/app:1.4.2", "@sha256:");
                    });
        }

        @Test
        void saysWhichLowercasePathWouldBeAccepted() {
            assertThat(SpecValidator.validate(ServiceSpec.ofImage("Registry.Example.com/Payments/API:V1")))
                    .extracting(FieldProblem::field, FieldProblem::message)
                    .containsExactly(tuple("spec.image",
                            "must have a lowercase repository path (Registry.Example.com/payments/api:V1 would be accepted)"));
        }

        @Test
        void refusesTagsOver128AndReferencesOver512Characters() {
            assertThat(SpecValidator.validate(ServiceSpec.ofImage("app:" + "v".repeat(128)))).isEmpty();
            assertThat(SpecValidator.validate(ServiceSpec.ofImage("app:" + "v".repeat(129)))).hasSize(1);
            String longPath = "a/".repeat(255) + "ab";
            assertThat(longPath).hasSize(512);
            assertThat(SpecValidator.validate(ServiceSpec.ofImage(longPath))).isEmpty();
            assertThat(SpecValidator.validate(ServiceSpec.ofImage(longPath + "c"))).hasSize(1);
        }

        @Test
        void answersPathologicalInputQuickly() {
            String nearlyValid = "a-".repeat(200) + "!";
            assertThat(SpecValidator.validate(ServiceSpec.ofImage(nearlyValid))).hasSize(1);
            String dots = "a.".repeat(250) + ":";
            assertThat(SpecValidator.validate(ServiceSpec.ofImage(dots))).hasSize(1);
        }

        @Test
        void isRequired() {
            assertThat(SpecValidator.validate(ServiceSpec.ofImage(" ")))
                    .extracting(FieldProblem::field, FieldProblem::message)
                    .singleElement()
                    .satisfies(t -> assertThat(t.toList().get(1).toString()).startsWith("is required: an image reference"));
        }
    }

    @Test
    void replicasMustBeBetween0And1000() {
        assertThat(SpecValidator.validate(aSpec().withContainer("nginx", 0, null, null))).isEmpty();
        assertThat(SpecValidator.validate(aSpec().withContainer("nginx", 1000, null, null))).isEmpty();
        assertThat(fields(aSpec().withContainer("nginx", -1, null, null))).containsExactly("spec.replicas");
        assertThat(messages(aSpec().withContainer("nginx", 1001, null, null)))
                .containsExactly("spec.replicas: must be between 0 and 1000 (it is 1001)");
    }

    @Test
    void commandAndArgsHaveAtMost50ItemsOfAtMost4096Characters() {
        List<String> fifty = Collections.nCopies(50, "x".repeat(4096));
        assertThat(SpecValidator.validate(aSpec().withContainer("nginx", 1, fifty, List.of("x".repeat(4096))))).isEmpty();
        List<String> tooMany = Collections.nCopies(51, "x");
        List<String> tooLong = List.of("ok", "x".repeat(4097));
        assertThat(fields(aSpec().withContainer("nginx", 1, tooMany, tooLong)))
                .containsExactly("spec.command", "spec.args[1]");
        List<String> withNull = new ArrayList<>(List.of("a"));
        withNull.add(null);
        assertThat(fields(aSpec().withContainer("nginx", 1, withNull, null))).containsExactly("spec.command[1]");
    }

    @Nested
    class Ports {

        @ParameterizedTest
        @ValueSource(strings = {"http", "grpc-web", "h2c", "a", "abcdefghijklmno", "http2", "8080a"})
        void acceptsIanaServiceNames(String name) {
            assertThat(SpecValidator.validate(withPorts(new ServiceSpec.Port(name, 8080, 80)))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"HTTP", "8080", "-http", "http-", "grpc--web", "abcdefghijklmnop", "my_port", "a.b"})
        void refusesOtherNames(String name) {
            assertThat(SpecValidator.validate(withPorts(new ServiceSpec.Port(name, 8080, 80))))
                    .extracting(FieldProblem::field, FieldProblem::message)
                    .containsExactly(tuple("spec.ports[0].name", "must be a port name (IANA service name): 1-15 "
                            + "lowercase letters, digits or '-', with at least one letter, not starting or ending "
                            + "with '-' and without '--' (such as http or grpc-web)"));
        }

        @Test
        void numbersAreBetween1And65535AndServicePortIsOptional() {
            assertThat(SpecValidator.validate(withPorts(new ServiceSpec.Port("metrics", 65535, null),
                    new ServiceSpec.Port("http", 1, 80)))).isEmpty();
            assertThat(fields(withPorts(new ServiceSpec.Port("http", 0, 65536), new ServiceSpec.Port("admin", null, 81))))
                    .containsExactly("spec.ports[0].containerPort", "spec.ports[0].servicePort",
                            "spec.ports[1].containerPort");
        }

        @Test
        void namesContainerPortsAndServicePortsAreUnique() {
            assertThat(messages(withPorts(new ServiceSpec.Port("http", 8080, 80), new ServiceSpec.Port("http", 8080, 80))))
                    .containsExactly(
                            "spec.ports[1].name: must be unique: 'http' is also the name of ports[0]",
                            "spec.ports[1].containerPort: must be unique: 8080 is also the containerPort of ports[0]",
                            "spec.ports[1].servicePort: must be unique: 80 is also the servicePort of ports[0]");
        }

        @Test
        void aNullPortIsNamed() {
            List<ServiceSpec.Port> ports = new ArrayList<>();
            ports.add(null);
            assertThat(fields(ServiceSpec.ofImage("nginx").withPorts(ports))).containsExactly("spec.ports[0]");
        }

        private ServiceSpec withPorts(ServiceSpec.Port... ports) {
            return ServiceSpec.ofImage("nginx").withPorts(List.of(ports));
        }
    }

    @Nested
    class Resources {

        @Test
        void acceptsKubernetesQuantities() {
            assertThat(SpecValidator.validate(with("0.5", "2", "128Mi", "1Gi"))).isEmpty();
            assertThat(SpecValidator.validate(with("250m", "1", "512M", "1e9"))).isEmpty();
            assertThat(SpecValidator.validate(with("1", "1", "134217728", "128Mi"))).isEmpty();
            assertThat(SpecValidator.validate(with(null, "1", null, "1Gi"))).isEmpty();
        }

        @Test
        void requestMustNotExceedLimitAndTheMessageNamesTheRequest() {
            assertThat(messages(with("2", "1", "1Gi", "512Mi"))).containsExactly(
                    "spec.resources.cpuRequest: CPU request must not exceed the CPU limit (2 > 1)",
                    "spec.resources.memoryRequest: Memory request must not exceed the memory limit (1Gi > 512Mi)");
            assertThat(messages(with("1500m", "1.5", "1024Mi", "1Gi"))).isEmpty();
        }

        @Test
        void refusesWhatIsNotAQuantityAndSaysWhatIs() {
            List<FieldProblem> problems = SpecValidator.validate(with("lots", "1Gi", "-1Mi", "0"));
            assertThat(problems).extracting(FieldProblem::field).containsExactly("spec.resources.cpuRequest",
                    "spec.resources.cpuLimit", "spec.resources.memoryRequest", "spec.resources.memoryLimit");
            assertThat(problems.get(0).message()).contains("250m, 0.5, 1 or 2");
            assertThat(problems.get(2).message()).contains("128Mi, 1Gi, 512M, 1e9");
        }

        @Test
        void memoryInMilliBytesIsCalledOut() {
            assertThat(messages(with(null, null, null, "512m")))
                    .singleElement().asString().startsWith("spec.resources.memoryLimit:").endsWith("did you mean Mi?");
        }

        @Test
        void cpuBelowOneMillicoreIsRefused() {
            assertThat(fields(with("0.0001", null, null, null))).containsExactly("spec.resources.cpuRequest");
            assertThat(fields(with("0.001", null, null, null))).isEmpty();
        }

        private ServiceSpec with(String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit) {
            return ServiceSpec.ofImage("nginx")
                    .withResources(new ServiceSpec.Resources(cpuRequest, cpuLimit, memoryRequest, memoryLimit));
        }
    }

    @Nested
    class Config {

        @Test
        void keysAreEnvironmentVariableNames() {
            assertThat(SpecValidator.validate(with(Map.of("LOG_LEVEL", "info", "_x", "", "a1", "v")))).isEmpty();
            List<FieldProblem> problems = SpecValidator.validate(with(Map.of("log.level", "info", "1ST", "x")));
            assertThat(problems).extracting(FieldProblem::field)
                    .containsExactly("spec.config['1ST']", "spec.config['log.level']");
            assertThat(problems).allSatisfy(p -> assertThat(p.message())
                    .startsWith(SpecValidator.KEY_PROBLEM + "must be an environment variable name"));
        }

        @Test
        void atMost100Keys() {
            Map<String, String> config = new HashMap<>();
            IntStream.range(0, 101).forEach(i -> config.put("K" + i, "v"));
            assertThat(messages(with(config))).containsExactly("spec.config: must have at most 100 keys (it has 101)");
        }

        @Test
        void valuesAtMost64KibEachAnd512KibTogether() {
            assertThat(SpecValidator.validate(with(Map.of("A", "x".repeat(64 * 1024))))).isEmpty();
            assertThat(fields(with(Map.of("BIG", "x".repeat(64 * 1024 + 1))))).containsExactly("spec.config.BIG");
            Map<String, String> many = new HashMap<>();
            IntStream.range(0, 9).forEach(i -> many.put("K" + i, "x".repeat(64 * 1024)));
            assertThat(fields(with(many))).containsExactly("spec.config");
        }

        @Test
        void aNullValueIsNamed() {
            Map<String, String> config = new HashMap<>();
            config.put("EMPTY", null);
            assertThat(messages(with(config))).singleElement().asString().startsWith("spec.config.EMPTY: must be a string");
        }

        private ServiceSpec with(Map<String, String> config) {
            return ServiceSpec.ofImage("nginx").withConfig(config);
        }
    }

    @Test
    void secretsAreUniqueEnvironmentVariableNamesNotAlsoInConfig() {
        ServiceSpec spec = ServiceSpec.ofImage("nginx").withConfig(Map.of("LOG_LEVEL", "info"))
                .withSecrets(List.of("DB_PASSWORD", "db-password", "DB_PASSWORD", "LOG_LEVEL"));
        assertThat(messages(spec)).containsExactly(
                "spec.secrets[1]: key must be an environment variable name: letters, digits and '_', not starting "
                        + "with a digit, at most 253 characters (such as LOG_LEVEL)",
                "spec.secrets[2]: key must be unique: DB_PASSWORD is also secrets[0]",
                "spec.secrets[3]: key must not also be a config key: LOG_LEVEL is in spec.config; keep it in one place");
        List<String> many = IntStream.range(0, 101).mapToObj(i -> "S" + i).toList();
        assertThat(fields(ServiceSpec.ofImage("nginx").withSecrets(many))).containsExactly("spec.secrets");
    }

    @Nested
    class Ingress {

        @ParameterizedTest
        @ValueSource(strings = {"payments.example.com", "*.example.com", "localhost", "a-b.c1.io", "1.example.com"})
        void acceptsDnsSubdomains(String host) {
            assertThat(SpecValidator.validate(with(new ServiceSpec.Ingress(host, null, null)))).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"Payments.example.com", "pay_ments.io", "-a.io", "a-.io", "a..io", "a.io.", "*", "*.",
            "a.*.io", "http://a.io", "a.io/x"})
        void refusesOtherHosts(String host) {
            assertThat(fields(with(new ServiceSpec.Ingress(host, "/", true)))).containsExactly("spec.ingress.host");
        }

        @Test
        void labelsAtMost63AndHostAtMost253Characters() {
            assertThat(fields(with(new ServiceSpec.Ingress("a".repeat(63) + ".io", null, null)))).isEmpty();
            assertThat(fields(with(new ServiceSpec.Ingress("a".repeat(64) + ".io", null, null))))
                    .containsExactly("spec.ingress.host");
            String host253 = ("a".repeat(62) + ".").repeat(4) + "a";
            assertThat(host253).hasSize(253);
            assertThat(fields(with(new ServiceSpec.Ingress(host253, null, null)))).isEmpty();
            assertThat(fields(with(new ServiceSpec.Ingress(host253 + "a", null, null))))
                    .containsExactly("spec.ingress.host");
        }

        @Test
        void hostIsRequiredAndPathStartsWithSlashWithoutSpaces() {
            assertThat(fields(with(new ServiceSpec.Ingress(null, "api", false))))
                    .containsExactly("spec.ingress.host", "spec.ingress.path");
            assertThat(fields(with(new ServiceSpec.Ingress("a.io", "/a b", false)))).containsExactly("spec.ingress.path");
            assertThat(fields(with(new ServiceSpec.Ingress("a.io", "/" + "a".repeat(256), false))))
                    .containsExactly("spec.ingress.path");
        }

        @Test
        void needsAPortWithAServicePort() {
            ServiceSpec spec = ServiceSpec.ofImage("nginx").withPorts(List.of(new ServiceSpec.Port("http", 8080, null)))
                    .withIngress(new ServiceSpec.Ingress("a.io", "/", true));
            assertThat(messages(spec)).containsExactly("spec.ingress: needs a port with a servicePort to route to: "
                    + "add one under ports, or remove the ingress");
        }

        private ServiceSpec with(ServiceSpec.Ingress ingress) {
            return ServiceSpec.ofImage("nginx").withPorts(List.of(new ServiceSpec.Port("http", 8080, 80)))
                    .withIngress(ingress);
        }
    }

    @Test
    void autoscalingStaysWithin1And1000WithMaxAtLeastMin() {
        assertThat(SpecValidator.validate(autoscaling(1, 1000, 100))).isEmpty();
        assertThat(SpecValidator.validate(autoscaling(null, 3, null))).isEmpty();
        assertThat(fields(autoscaling(0, 1001, 0))).containsExactly("spec.autoscaling.minReplicas",
                "spec.autoscaling.maxReplicas", "spec.autoscaling.cpuUtilization");
        assertThat(messages(autoscaling(5, 3, 101))).containsExactly(
                "spec.autoscaling.maxReplicas: Maximum replicas must be at least the minimum replicas (3 < 5)",
                "spec.autoscaling.cpuUtilization: must be a percentage of the CPU request between 1 and 100 (absent means 80)");
        assertThat(fields(autoscaling(2, null, 50))).containsExactly("spec.autoscaling.maxReplicas");
    }

    @Test
    void probesUseHttpPathsAndADeclaredPort() {
        ServiceSpec base = ServiceSpec.ofImage("nginx").withPorts(List.of(new ServiceSpec.Port("http", 8080, 80)));
        assertThat(SpecValidator.validate(base.withProbes(new ServiceSpec.Probes("/ready", null, "8080")))).isEmpty();
        assertThat(SpecValidator.validate(base.withProbes(new ServiceSpec.Probes(null, "/live", null)))).isEmpty();
        assertThat(messages(base.withProbes(new ServiceSpec.Probes("ready", "/li ve", "admin")))).containsExactly(
                "spec.probes.readinessPath: must be an HTTP path starting with '/', without spaces, at most 256 "
                        + "characters (such as /ready)",
                "spec.probes.livenessPath: must be an HTTP path starting with '/', without spaces, at most 256 "
                        + "characters (such as /ready)",
                "spec.probes.port: must name a declared port ([http]) or be a port number between 1 and 65535; "
                        + "absent means the first port");
        assertThat(fields(base.withProbes(new ServiceSpec.Probes("/ready", null, "70000"))))
                .containsExactly("spec.probes.port");
        assertThat(messages(ServiceSpec.ofImage("nginx").withProbes(new ServiceSpec.Probes("/ready", null, null))))
                .containsExactly("spec.probes: need a declared port to probe: add one under ports");
        assertThat(fields(base.withProbes(new ServiceSpec.Probes(null, null, "http")))).containsExactly("spec.probes");
    }

    @Nested
    class ConfigFiles {

        private ServiceSpec with(ServiceSpec.ConfigFile... files) {
            return aSpec().withConfigFiles(List.of(files));
        }

        private ServiceSpec.ConfigFile file(String path) {
            return new ServiceSpec.ConfigFile(path, "a: 1\n");
        }

        @Test
        void absolutePathsOfPlainSegmentsAreAccepted() {
            assertThat(SpecValidator.validate(with(file("/etc/checkout/app.yaml"), file("/app/.env"),
                    new ServiceSpec.ConfigFile("/empty", "")))).isEmpty();
            assertThat(problemsOf("""
                    {"image": "nginx", "configFiles": [{"path": "/etc/app.yaml", "content": "x"}]}""")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"etc/app.yaml", "/etc/../app.yaml", "/etc/app/", "/", "/etc//app", "/etc/./app",
            "/etc/app yaml", "/etc/ä", " /etc/app"})
        void aPathMustBeAbsoluteWithoutDotDotOrTrailingSlash(String path) {
            assertThat(messages(with(file(path)))).singleElement().asString()
                    .startsWith("spec.configFiles[0].path: must be an absolute file path such as /etc/checkout/app.yaml");
        }

        @Test
        void aMissingPathOrContentIsNamed() {
            assertThat(messages(with(new ServiceSpec.ConfigFile(null, null)))).containsExactly(
                    "spec.configFiles[0].path: is required: an absolute file path such as /etc/checkout/app.yaml: "
                            + "segments of letters, digits, '.', '_' or '-' separated by single '/', no '.' or '..' "
                            + "segment, no trailing '/', at most 240 characters",
                    "spec.configFiles[0].content: is required: the text of the file (\"\" for an empty file)");
            assertThat(fields(aSpec().withConfigFiles(Collections.singletonList(null))))
                    .containsExactly("spec.configFiles[0]");
            assertThat(fields(with(file("/" + "a".repeat(240))))).containsExactly("spec.configFiles[0].path");
        }

        @Test
        void pathsAreUniqueDoNotNestAndMapToDistinctKeys() {
            assertThat(messages(with(file("/etc/app.yaml"), file("/etc/app.yaml"), file("/etc/app.yaml/x"),
                    file("/etc"), file("/etc-app.yaml")))).containsExactly(
                    "spec.configFiles[1].path: must be unique: /etc/app.yaml is also the path of configFiles[0]",
                    "spec.configFiles[2].path: must not be inside or above another file: /etc/app.yaml/x and "
                            + "/etc/app.yaml (configFiles[0]) cannot both be files",
                    "spec.configFiles[3].path: must not be inside or above another file: /etc and /etc/app.yaml "
                            + "(configFiles[0]) cannot both be files",
                    "spec.configFiles[4].path: must differ from /etc/app.yaml (configFiles[0]) by more than '/' and "
                            + "'-': both would be stored under the ConfigMap key file-etc-app.yaml");
        }

        @Test
        void contentIsAtMost256KibEachAndTheConfigMapAtMost1Mib() {
            String big = "x".repeat(256 * 1024);
            assertThat(SpecValidator.validate(with(new ServiceSpec.ConfigFile("/a", big)))).isEmpty();
            assertThat(messages(with(new ServiceSpec.ConfigFile("/a", big + "y")))).singleElement().asString()
                    .isEqualTo("spec.configFiles[0].content: must be at most 256 KiB (it is 257 KiB); put larger files "
                            + "in the image");
            ServiceSpec full = aSpec().withConfig(Map.of("A", "x".repeat(64 * 1024))).withConfigFiles(List.of(
                    new ServiceSpec.ConfigFile("/a", big), new ServiceSpec.ConfigFile("/b", big),
                    new ServiceSpec.ConfigFile("/c", big), new ServiceSpec.ConfigFile("/d", big)));
            assertThat(messages(full)).anySatisfy(message -> assertThat(message).startsWith("spec.configFiles: must fit "
                    + "in one ConfigMap with the config values: 1 MiB in all (they are 1089 KiB)"));
        }

        @Test
        void anOverrideReplacesTheListAndIsCheckedLikeTheBase() {
            ServiceSpec spec = with(file("/etc/app.yaml")).withOverrides(Map.of("prod",
                    Map.of("configFiles", List.of(Map.of("path", "relative", "content", "x")))));
            assertThat(fields(spec)).containsExactly("spec.overrides.prod.configFiles[0].path");
            ServiceSpec replaced = with(file("/etc/app.yaml")).withOverrides(Map.of("prod",
                    Map.of("configFiles", List.of(Map.of("path", "/etc/prod.yaml", "content", "x")))));
            assertThat(SpecMerge.forEnvironment(replaced, "prod").configFiles())
                    .containsExactly(new ServiceSpec.ConfigFile("/etc/prod.yaml", "x"));
        }
    }

    @Nested
    class Overrides {

        @Test
        void problemsOfTheMergedSpecAreNamedUnderTheEnvironment() {
            ServiceSpec spec = aSpec().withAutoscaling(null).withOverrides(Map.of("prod", Map.of("replicas", 5000,
                    "resources", Map.of("cpuLimit", "100m"))));
            assertThat(messages(spec)).containsExactly(
                    "spec.overrides.prod.replicas: must be between 0 and 1000 (it is 5000)",
                    "spec.overrides.prod.resources.cpuRequest: CPU request must not exceed the CPU limit (250m > 100m)");
        }

        @Test
        void aValueOfTheWrongShapeIsReportedAtItsField() {
            ServiceSpec spec = aSpec().withOverrides(Map.of("prod", Map.of("replicas", "many",
                    "ports", List.of(Map.of("name", "http", "containerPort", "x")), "ingress", Map.of("tls", "yes"))));
            assertThat(messages(spec)).containsExactly(
                    "spec.overrides.prod.replicas: must be a whole number, not \"many\"",
                    "spec.overrides.prod.ports[0].containerPort: must be a whole number, not \"x\"",
                    "spec.overrides.prod.ingress.tls: must be true or false, not \"yes\"");
        }

        @Test
        void keysMustBeSpecFieldsOtherThanOverrides() {
            ServiceSpec spec = aSpec().withOverrides(Map.of("prod", Map.of("replica", 3,
                    "overrides", Map.of(), "resources", Map.of("cpu", "1"))));
            assertThat(fields(spec)).containsExactlyInAnyOrder("spec.overrides.prod.overrides",
                    "spec.overrides.prod.replica", "spec.overrides.prod.resources.cpu");
        }

        @Test
        void environmentNamesAreDnsLabels() {
            ServiceSpec spec = aSpec().withOverrides(Map.of("Prod EU", Map.of(), "prod-eu", Map.of()));
            assertThat(messages(spec)).singleElement().asString()
                    .startsWith("spec.overrides['Prod EU']: key must be an environment name");
        }

        @Test
        void nullRemovesAFieldAndTheMergedSpecMustStillBeComplete() {
            Map<String, Object> removeImage = new HashMap<>();
            removeImage.put("image", null);
            removeImage.put("autoscaling", null);
            assertThat(fields(aSpec().withOverrides(Map.of("dev", removeImage)))).containsExactly("spec.overrides.dev.image");
        }

        @Test
        void aProblemOfTheBaseIsNotRepeatedForEveryEnvironmentThatLeavesItAlone() {
            ServiceSpec spec = aSpec().withContainer("Not An Image", 1, null, null)
                    .withOverrides(Map.of("dev", Map.of("config", Map.of("A", "b")), "prod", Map.of("image", "also bad")));
            assertThat(fields(spec)).containsExactly("spec.image", "spec.overrides.prod.image");
        }

        @Test
        void replicasInAnEnvironmentWhereAutoscalingGovernsAreRefusedNamingTheRange() {
            ServiceSpec spec = aSpec().withOverrides(Map.of("prod", Map.of("replicas", 4)));
            assertThat(messages(spec)).containsExactly("spec.overrides.prod.replicas: autoscaling sets the replicas in "
                    + "prod (min 2, max 10); remove replicas or turn autoscaling off there");
            Map<String, Object> autoscalingOff = new HashMap<>();
            autoscalingOff.put("replicas", 4);
            autoscalingOff.put("autoscaling", null);
            assertThat(SpecValidator.validate(aSpec().withOverrides(Map.of("prod", autoscalingOff)))).isEmpty();
            ServiceSpec scaledHereOnly = aSpec().withAutoscaling(null).withOverrides(Map.of("prod",
                    Map.of("replicas", 3, "autoscaling", Map.of("minReplicas", 3, "maxReplicas", 6))));
            assertThat(messages(scaledHereOnly)).containsExactly("spec.overrides.prod.replicas: autoscaling sets the "
                    + "replicas in prod (min 3, max 6); remove replicas or turn autoscaling off there");
        }

        @Test
        void aNullOverrideIsNamed() {
            Map<String, Map<String, Object>> overrides = new LinkedHashMap<>();
            overrides.put("prod", null);
            assertThat(fields(aSpec().withOverrides(overrides))).containsExactly("spec.overrides.prod");
        }
    }

    @Nested
    class ReadFromJson {

        @Test
        void unknownFieldsAreNamed() {
            assertThat(problemsOf("{\"image\": \"nginx\", \"replica\": 2, \"resources\": {\"cpu\": \"1\"}}"))
                    .extracting(FieldProblem::field)
                    .containsExactly("spec.replica", "spec.resources.cpu");
            assertThat(problemsOf("{\"image\": \"nginx\", \"replica\": 2}").get(0).message())
                    .startsWith("is not a spec field; accepted fields are [image, replicas, command");
            assertThat(problemsOf("{\"image\": \"nginx\", \"resources\": {\"cpu\": \"1\"}}").get(0).message())
                    .isEqualTo("is not a field here; accepted fields are [cpuLimit, cpuRequest, memoryLimit, memoryRequest]");
        }

        @Test
        void aValueOfTheWrongTypeIsReportedOnceAtItsField() {
            assertThat(problemsOf("{\"image\": \"nginx\", \"replicas\": \"many\"}"))
                    .extracting(FieldProblem::field, FieldProblem::message)
                    .containsExactly(tuple("spec.replicas", "must be a whole number, not \"many\""));
            assertThat(problemsOf("{\"image\": {\"name\": \"nginx\"}}"))
                    .extracting(FieldProblem::field, FieldProblem::message)
                    .containsExactly(tuple("spec.image", "must be a string, not an object"));
        }

        @Test
        void problemsInDifferentFieldsAreAllReported() {
            assertThat(problemsOf("""
                    {"image": "nginx", "replicas": 2.5, "ports": {"http": 80},
                     "ingress": {"host": "a.io", "tls": "yes"}, "resources": {"cpuLimit": "lots"}}"""))
                    .extracting(FieldProblem::field)
                    .containsExactly("spec.replicas", "spec.ports", "spec.ingress.tls", "spec.resources.cpuLimit");
        }

        @Test
        void overrideThatIsNotAnObjectIsNamed() {
            assertThat(problemsOf("{\"image\": \"nginx\", \"overrides\": {\"prod\": 5}}"))
                    .extracting(FieldProblem::field).containsExactly("spec.overrides.prod");
        }

        @Test
        void theSpecMustBeAnObject() {
            assertThat(problemsOf("[1]")).extracting(FieldProblem::field).containsExactly("spec");
            assertThat(problemsOf("null")).extracting(FieldProblem::field).containsExactly("spec");
        }
    }

    @Test
    void theSerializedSpecIsAtMost1Mib() {
        Map<String, Object> config = new HashMap<>();
        IntStream.range(0, 5).forEach(i -> config.put("K" + i, "x".repeat(60 * 1024)));
        Map<String, Map<String, Object>> overrides = new HashMap<>();
        IntStream.range(0, 4).forEach(i -> overrides.put("env-" + i, Map.of("config", config)));
        assertThat(messages(ServiceSpec.ofImage("nginx").withOverrides(overrides)))
                .singleElement().asString().startsWith("spec: must be at most 1 MiB when serialized (it is 120");
    }

    private static ServiceSpec autoscaling(Integer min, Integer max, Integer cpu) {
        return ServiceSpec.ofImage("nginx").withAutoscaling(new ServiceSpec.Autoscaling(min, max, cpu));
    }

    private static List<String> fields(ServiceSpec spec) {
        return SpecValidator.validate(spec).stream().map(FieldProblem::field).toList();
    }

    private static List<String> messages(ServiceSpec spec) {
        return SpecValidator.validate(spec).stream().map(p -> p.field() + ": " + p.message()).toList();
    }
}
