package dev.slipway.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.ServiceTemplates;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** The register form starts from a template (docs/golden-paths.md): listed with its description, applied on save. */
@SlipwayTest
class RegisterFromTemplatePageTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired MockMvc mvc;
    @Autowired TemplateService templates;
    @Autowired ServiceTemplates serviceTemplates;
    @Autowired CatalogService catalog;
    @Autowired IdentityService identity;

    @Test
    void theFormListsTemplatesAndWhatItLeavesEmptyComesFromTheChosenOne() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String template = "worker-" + suffix;
        templates.create(identity.actor("carol"), template, "Queue workers " + suffix, JSON.readTree("""
                {"resources": {"cpuRequest": "100m", "cpuLimit": "500m", "memoryRequest": "128Mi", "memoryLimit": "256Mi"},
                 "securityContext": {"runAsNonRoot": true, "dropCapabilities": ["ALL"]},
                 "podDisruptionBudget": {"maxUnavailable": 1}}"""), JSON.readTree("[\"securityContext.runAsNonRoot\"]"));

        String form = mvc.perform(get("/services/new").param("template", template).with(user("alice")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(form).contains("data-testid=\"template-choice\"", "Queue workers " + suffix,
                "<option value=\"" + template + "\" selected=\"selected\"");

        String name = "wk-" + suffix;
        MockHttpServletResponse response = mvc.perform(post("/services").with(csrf()).with(user("alice"))
                .param("template", template).param("name", name).param("team", "payments")
                .param("image", "registry.example.com/payments/worker:1").param("replicas", "2")
                .param("ingress.disabled", "true").param("_ingress.disabled", "on").param("ingress.host", "")
                .param("autoscaling.disabled", "true").param("_autoscaling.disabled", "on")
                .param("autoscaling.minReplicas", "1").param("autoscaling.cpuUtilization", "80")
                .param("ports.ports[0].name", "").param("config.entries[0].key", "").param("config.entries[0].value", ""))
                .andReturn().getResponse();

        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(302);
        ServiceSpec spec = catalog.latestRevision(name).spec();
        assertThat(spec.replicas()).isEqualTo(2);
        assertThat(spec.resources().memoryLimit()).isEqualTo("256Mi");
        assertThat(spec.securityContext().runAsNonRoot()).isTrue();
        assertThat(spec.podDisruptionBudget().maxUnavailable()).isEqualTo(1);
        assertThat(serviceTemplates.of(catalog.requireService(name).id()))
                .isEqualTo(new ServiceTemplates.TemplateRef(template, 1, 1));

        String page = mvc.perform(get("/services/" + name).with(user("alice"))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("data-testid=\"service-template\"").doesNotContain("is available");
    }
}
