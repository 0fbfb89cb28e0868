package dev.slipway.catalog;

import static dev.slipway.catalog.CatalogApi.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogPagesTest.Page;
import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Registering a service with its whole first revision from one page, in one save. */
@SlipwayTest
class RegisterServicePageTest {

    @Autowired MockMvc mvc;
    @Autowired CatalogService catalog;
    @Autowired AuditTrail audit;

    @Test
    void theRegisterPageOffersEverySectionOfTheSpec() throws Exception {
        Page page = page("alice", get("/services/new"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html()).contains("name=\"image\"", "name=\"replicas\" value=\"1\"", "name=\"ports.ports[0].name\"",
                "name=\"resources.cpuLimit\"", "name=\"config.entries[0].key\"", "name=\"secrets.keys[0].key\"",
                "name=\"probes.readinessPath\"", "name=\"ingress.host\"", "name=\"autoscaling.maxReplicas\"");
    }

    @Test
    void oneSaveRegistersTheServiceWithEverySectionInRevision1() throws Exception {
        String name = uniqueName("whole");

        MockHttpServletResponse response = mvc.perform(complete(name).with(user("alice")).with(csrf()))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(response.getRedirectedUrl()).isEqualTo("/services/" + name);
        assertThat(catalog.revisions(name)).hasSize(1);
        RevisionView first = catalog.latestRevision(name);
        assertThat(first.number()).isEqualTo(1);
        ServiceSpec spec = first.spec();
        assertThat(spec.image()).isEqualTo("registry.example.com/payments/checkout:1.0.0");
        assertThat(spec.replicas()).isEqualTo(2);
        assertThat(spec.args()).containsExactly("--port=8080");
        assertThat(spec.ports()).containsExactly(new ServiceSpec.Port("http", 8080, 80));
        assertThat(spec.resources()).isEqualTo(new ServiceSpec.Resources("250m", "1", "256Mi", "512Mi"));
        assertThat(spec.config()).isEqualTo(Map.of("LOG_LEVEL", "info", "REGION", "eu-west"));
        assertThat(spec.secrets()).containsExactly("DB_PASSWORD");
        assertThat(spec.probes()).isEqualTo(new ServiceSpec.Probes("/ready", "/live", "http"));
        assertThat(spec.ingress()).isEqualTo(new ServiceSpec.Ingress("checkout.example.com", "/", true));
        assertThat(spec.autoscaling()).isEqualTo(new ServiceSpec.Autoscaling(2, 5, 70));
        assertThat(catalog.requireService(name).description()).isEqualTo("Takes the money");
        assertThat(audit.recentForService(name, 10)).extracting(e -> e.action())
                .containsExactlyInAnyOrder("service.created", "revision.created");
    }

    @Test
    void withoutOptionalSectionsTheServiceHasNoIngressAndNoAutoscaling() throws Exception {
        String name = uniqueName("lean");

        Page page = page("alice", post("/services").with(csrf()).param("name", name).param("team", "payments")
                .param("image", "nginx:1.27").param("replicas", "1")
                .param("ingress.disabled", "true").param("_ingress.disabled", "on").param("ingress.host", "")
                .param("autoscaling.disabled", "true").param("_autoscaling.disabled", "on")
                .param("autoscaling.minReplicas", "1").param("autoscaling.cpuUtilization", "80")
                .param("ports.ports[0].name", "").param("config.entries[0].key", "").param("config.entries[0].value", ""));

        assertThat(page.status()).isEqualTo(302);
        ServiceSpec spec = catalog.latestRevision(name).spec();
        assertThat(spec.ingress()).isNull();
        assertThat(spec.autoscaling()).isNull();
        assertThat(spec.ports()).isEmpty();
        assertThat(spec.config()).isEmpty();
    }

    @Test
    void everyProblemIsShownAtItsFieldAtOnceAndAllInputIsKept() throws Exception {
        String name = uniqueName("bad");

        Page page = page("alice", complete(name, "image", "Not An Image",
                "ports.ports[1].name", "admin", "ports.ports[1].containerPort", "nine",
                "resources.memoryLimit", "512MB", "config.entries[2].key", "BAD KEY", "config.entries[2].value", "x",
                "secrets.keys[1].key", "not-a-name", "ingress.host", "Not A Host", "autoscaling.maxReplicas", "many",
                "repositoryUrl", "ftp://nowhere").with(csrf()));

        assertThat(page.status()).isEqualTo(200);
        assertThat(catalog.service(name)).isEmpty();
        assertThat(page.html()).contains("Nothing was registered yet", "value=\"Not An Image\"", "value=\"nine\"",
                "value=\"512MB\"", "value=\"BAD KEY\"", "value=\"not-a-name\"", "value=\"Not A Host\"",
                "value=\"many\"", ">Takes the money</textarea>", ">eu-west</textarea>", "value=\"/ready\"");
        assertThat(page.errorFor("image")).contains("must be an image reference");
        assertThat(page.errorFor("repositoryUrl")).contains("http or https URL");
        assertThat(page.errorFor("ports.ports[1].containerPort")).contains("must be a whole number");
        assertThat(page.errorFor("resources.memoryLimit")).contains("Mi");
        assertThat(page.errorFor("config.entries[2].key")).isNotBlank();
        assertThat(page.errorFor("secrets.keys[1].key")).isNotBlank();
        assertThat(page.errorFor("ingress.host")).isNotBlank();
        assertThat(page.errorFor("autoscaling.maxReplicas")).contains("must be a whole number");
    }

    @Test
    void aTakenNameIsShownAtTheNameWithTheInputKept() throws Exception {
        String name = uniqueName("twice");
        mvc.perform(complete(name).with(user("alice")).with(csrf()));

        Page page = page("alice", complete(name, "replicas", "3").with(csrf()));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.errorFor("name")).contains("is taken");
        assertThat(page.html()).contains("value=\"3\"", "value=\"checkout.example.com\"");
        assertThat(catalog.revisions(name)).hasSize(1);
    }

    /** Every section filled in, as a person registering checkout would; {@code changes} replace or add inputs. */
    private static MockHttpServletRequestBuilder complete(String name, String... changes) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("name", name);
        params.put("team", "payments");
        params.put("description", "Takes the money");
        params.put("repositoryUrl", "https://git.example.com/payments/checkout");
        params.put("image", "registry.example.com/payments/checkout:1.0.0");
        params.put("replicas", "2");
        params.put("command", "");
        params.put("args", "--port=8080");
        params.put("ports.ports[0].name", "http");
        params.put("ports.ports[0].containerPort", "8080");
        params.put("ports.ports[0].servicePort", "80");
        params.put("resources.cpuRequest", "250m");
        params.put("resources.cpuLimit", "1");
        params.put("resources.memoryRequest", "256Mi");
        params.put("resources.memoryLimit", "512Mi");
        params.put("config.entries[0].key", "LOG_LEVEL");
        params.put("config.entries[0].value", "info");
        params.put("config.entries[1].key", "REGION");
        params.put("config.entries[1].value", "eu-west");
        params.put("secrets.keys[0].key", "DB_PASSWORD");
        params.put("probes.readinessPath", "/ready");
        params.put("probes.livenessPath", "/live");
        params.put("probes.port", "http");
        params.put("_ingress.disabled", "on");
        params.put("ingress.host", "checkout.example.com");
        params.put("ingress.path", "/");
        params.put("ingress.tls", "true");
        params.put("_ingress.tls", "on");
        params.put("_autoscaling.disabled", "on");
        params.put("autoscaling.minReplicas", "2");
        params.put("autoscaling.maxReplicas", "5");
        params.put("autoscaling.cpuUtilization", "70");
        for (int i = 0; i < changes.length; i += 2) {
            params.put(changes[i], changes[i + 1]);
        }
        MockHttpServletRequestBuilder request = post("/services");
        params.forEach(request::param);
        return request;
    }

    private Page page(String user, MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(user(user))).andReturn().getResponse();
        return new Page(response.getStatus(), response.getContentAsString(StandardCharsets.UTF_8));
    }
}
