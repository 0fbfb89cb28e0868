package dev.slipway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import dev.slipway.testsupport.TestEnvironments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@SlipwayTest
class SecretsApiTest {

    @Autowired MockMvc mvc;
    @Autowired ClusterService clusters;
    @Autowired CatalogService catalog;
    @Autowired IdentityService identity;
    @Autowired MasterKeys keys;

    private String name;

    @BeforeEach
    void registerService() {
        TestEnvironments.ensure(clusters, identity, "prod", "staging");
        name = ServicesWithSecrets.register(catalog, identity, "DB_PASSWORD", "API_TOKEN");
    }

    @Test
    void engineerOfAnotherTeamIsRefusedAndNothingChanges() throws Exception {
        mvc.perform(setValue("DB_PASSWORD", "value").with(httpBasic("dave", "dave")))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("payments")));
        mvc.perform(delete("/api/v1/services/{name}/secrets/DB_PASSWORD", name).with(httpBasic("dave", "dave")))
                .andExpect(status().isForbidden());
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }

    @Test
    void platformAdminOutsideTheTeamIsRefusedToo() throws Exception {
        mvc.perform(setValue("DB_PASSWORD", "value").with(httpBasic("carol", "carol")))
                .andExpect(status().isForbidden());
    }

    @Test
    void leadOfTheOwningTeamMaySetValues() throws Exception {
        mvc.perform(setValue("DB_PASSWORD", "value").with(httpBasic("bob", "bob")))
                .andExpect(status().isNoContent());
    }

    @Test
    void withoutCredentialsTheApiAnswers401() throws Exception {
        mvc.perform(setValue("DB_PASSWORD", "value")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/v1/services/{name}/secrets", name)).andExpect(status().isUnauthorized());
    }

    @Test
    void undeclaredKeyIs422NamingKeyAndListingTheDeclaredOnes() throws Exception {
        mvc.perform(setValue("NOT_DECLARED", "value").with(httpBasic("alice", "alice")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("key"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("must be one of the secrets declared in the spec: DB_PASSWORD, API_TOKEN"));
    }

    @Test
    void invalidEnvironmentIs422NamingEnvironment() throws Exception {
        mvc.perform(setValue("DB_PASSWORD", "value").param("environment", "Prod_EU").with(httpBasic("alice", "alice")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("environment"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("DNS-1123 label")));
    }

    @Test
    void emptyMissingOrOversizedValueIs422NamingValueWithoutEchoingIt() throws Exception {
        String oversized = "too-long-" + "x".repeat(65536);
        for (String body : new String[] {"{\"value\":\"\"}", "{}", "{\"value\":\"" + oversized + "\"}"}) {
            mvc.perform(put("/api/v1/services/{name}/secrets/DB_PASSWORD", name).with(httpBasic("alice", "alice"))
                            .contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.errors[0].field").value("value"))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("65536 bytes")))
                    .andExpect(content().string(not(containsString("too-long-"))));
        }
    }

    @Test
    void valueOfExactly65536BytesIsAccepted() throws Exception {
        mvc.perform(setValue("DB_PASSWORD", "é".repeat(32768)).with(httpBasic("alice", "alice")))
                .andExpect(status().isNoContent());
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        mvc.perform(put("/api/v1/services/{name}/secrets/NOPE", name).param("environment", "-bad-")
                        .with(httpBasic("alice", "alice")).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("key", "environment", "value")));
    }

    @Test
    void unknownServiceIs404() throws Exception {
        mvc.perform(put("/api/v1/services/no-such-service-here/secrets/DB_PASSWORD").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"value\":\"x\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/services/no-such-service-here/secrets").with(httpBasic("alice", "alice")))
                .andExpect(status().isNotFound());
    }

    @Test
    void reencryptionIsForPlatformAdminsOnly() throws Exception {
        mvc.perform(post("/api/v1/secrets/reencrypt").with(httpBasic("alice", "alice")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/secrets/reencrypt").with(httpBasic("carol", "carol")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.keyId").value(keys.current().id()))
                .andExpect(jsonPath("$.reencrypted").value(0));
    }

    private MockHttpServletRequestBuilder setValue(String key, String value) {
        return put("/api/v1/services/{name}/secrets/{key}", name, key).contentType(MediaType.APPLICATION_JSON)
                .content("{\"value\":\"" + value + "\"}");
    }
}
