package dev.slipway.catalog;

import static dev.slipway.catalog.CatalogApi.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.catalog.CatalogPagesTest.Page;
import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The monitoring section in the browser's forms: registration, its edit form and the spec view. */
@SlipwayTest
class MonitoringPagesTest {

    @Autowired MockMvc mvc;
    @Autowired CatalogService catalog;

    @Test
    void registeringWithMonitoringStoresItInRevision1AndTheSpecViewShowsIt() throws Exception {
        String name = uniqueName("scraped");

        Page page = page(register(name).param("monitoring.disabled", "false").param("_monitoring.disabled", "on")
                .param("monitoring.metricsPort", "http").param("monitoring.metricsPath", "/actuator/prometheus"));

        assertThat(page.status()).isEqualTo(302);
        assertThat(catalog.latestRevision(name).spec().monitoring())
                .isEqualTo(new ServiceSpec.Monitoring("http", "/actuator/prometheus"));
        assertThat(page(get("/services/" + name)).html()).contains("data-testid=\"edit-monitoring\"")
                .contains("/actuator/prometheus");
    }

    @Test
    void aBadMonitoringInputOnTheRegisterPageIsShownAtItsFieldAndKept() throws Exception {
        String name = uniqueName("unscraped");

        Page page = page(register(name).param("monitoring.disabled", "false").param("_monitoring.disabled", "on")
                .param("monitoring.metricsPort", "admin").param("monitoring.metricsPath", "/metrics?all"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.errorFor("monitoring.metricsPort")).contains("[http]");
        assertThat(page.errorFor("monitoring.metricsPath")).contains("must be the path alone");
        assertThat(page.html()).contains("value=\"admin\"").contains("value=\"/metrics?all\"");
        assertThat(catalog.service(name)).isEmpty();
    }

    @Test
    void leavingTheSectionOutOrTickingNoScrapingRegistersWithoutMonitoring() throws Exception {
        String left = uniqueName("plain");
        assertThat(page(register(left)).status()).isEqualTo(302);
        assertThat(catalog.latestRevision(left).spec().monitoring()).isNull();

        String off = uniqueName("off");
        assertThat(page(register(off).param("monitoring.disabled", "true").param("_monitoring.disabled", "on")
                .param("monitoring.metricsPort", "http")).status()).isEqualTo(302);
        assertThat(catalog.latestRevision(off).spec().monitoring()).isNull();
    }

    @Test
    void theEditFormSavesARevisionAndABadInputComesBackWithItsMessage() throws Exception {
        String name = uniqueName("edited");
        assertThat(page(register(name)).status()).isEqualTo(302);
        assertThat(page(get("/services/" + name + "/edit/monitoring")).html()).contains("name=\"metricsPort\"");

        Page refused = page(post("/services/" + name + "/edit/monitoring").with(csrf()).param("baseRevision", "1")
                .param("disabled", "false").param("_disabled", "on").param("metricsPort", "99999").param("metricsPath", ""));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.errorFor("metricsPort")).contains("between 1 and 65535");
        assertThat(refused.html()).contains("value=\"99999\"");
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);

        Page saved = page(post("/services/" + name + "/edit/monitoring").with(csrf()).param("baseRevision", "1")
                .param("disabled", "false").param("_disabled", "on").param("metricsPort", "9100").param("metricsPath", ""));
        assertThat(saved.status()).isEqualTo(302);
        RevisionView latest = catalog.latestRevision(name);
        assertThat(latest.spec().monitoring()).isEqualTo(new ServiceSpec.Monitoring("9100", null));
        assertThat(latest.changeSummary()).startsWith("Edited monitoring");
    }

    private static MockHttpServletRequestBuilder register(String name) {
        return post("/services").with(csrf()).param("name", name).param("team", "payments").param("image", "nginx:1.27")
                .param("replicas", "1").param("ports.ports[0].name", "http").param("ports.ports[0].containerPort", "8080")
                .param("ingress.disabled", "true").param("_ingress.disabled", "on")
                .param("autoscaling.disabled", "true").param("_autoscaling.disabled", "on");
    }

    private Page page(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(user("alice"))).andReturn().getResponse();
        return new Page(response.getStatus(), response.getContentAsString(StandardCharsets.UTF_8));
    }
}
