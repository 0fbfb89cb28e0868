package dev.slipway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import dev.slipway.testsupport.TestEnvironments;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@SlipwayTest
class SecretsPageTest {

    private static final Pattern PASSWORD_INPUT = Pattern.compile("<input[^>]*type=\"password\"[^>]*>");

    @Autowired MockMvc mvc;
    @Autowired ClusterService clusters;
    @Autowired CatalogService catalog;
    @Autowired IdentityService identity;
    @Autowired SecretsService secrets;

    private String name;

    @BeforeEach
    void registerService() {
        TestEnvironments.ensure(clusters, identity, "prod", "staging");
        name = ServicesWithSecrets.register(catalog, identity, "DB_PASSWORD", "API_TOKEN");
    }

    @Test
    void pageShowsWhoSetEachValueAndWhenButNeverTheValue() throws Exception {
        secrets.set(identity.actor("bob"), name, "DB_PASSWORD", "prod", "page-hidden-value");
        secrets.set(identity.actor("alice"), name, "API_TOKEN", null, "shared-hidden-value");

        String html = page("alice");

        assertThat(html).contains("DB_PASSWORD", "API_TOKEN", "All environments", "prod", "v1", "bob", "alice", "UTC");
        assertThat(html).as("API_TOKEN has no prod value of its own").contains("uses the all-environments value");
        assertThat(html).doesNotContain("page-hidden-value", "shared-hidden-value");
    }

    @Test
    void undeclaredKeyPostedToThePageIsRefusedNamingTheKey() throws Exception {
        String html = mvc.perform(post("/services/{name}/secrets/NOT_DECLARED", name).with(user("alice")).with(csrf())
                        .param("value", "refused-value"))
                .andExpect(status().isUnprocessableContent())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(html).contains("data-field=\"key\"", "must be one of the secrets declared in the spec: DB_PASSWORD, API_TOKEN")
                .doesNotContain("refused-value");
    }

    @Test
    void everyValueFieldIsAnEmptyPasswordInputWithoutAutocomplete() throws Exception {
        List<String> inputs = passwordInputs(page("alice"));

        assertThat(inputs).hasSize(2).allSatisfy(input -> assertThat(input)
                .contains("autocomplete=\"off\"")
                .doesNotContain("value="));
    }

    @Test
    void savingThroughThePageRedirectsWithANoticeAndPinsANewRevision() throws Exception {
        mvc.perform(post("/services/{name}/secrets/DB_PASSWORD", name).with(user("alice")).with(csrf())
                        .param("environment", "").param("value", "from-the-page"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/services/" + name + "/secrets"))
                .andExpect(flash().attribute("flash",
                        "Saved DB_PASSWORD for all environments as version 1; revision 2 pins it."));

        assertThat(catalog.latestRevision(name).secretVersions()).containsKey("DB_PASSWORD");
        assertThat(secrets.resolve(name, 2, "dev")).containsEntry("DB_PASSWORD", "from-the-page");
    }

    @Test
    void refusedSubmissionNamesTheFieldKeepsTheEnvironmentAndEmptiesTheValue() throws Exception {
        String html = mvc.perform(post("/services/{name}/secrets/API_TOKEN", name).with(user("alice")).with(csrf())
                        .param("environment", "Prod_EU").param("value", "typed-but-refused"))
                .andExpect(status().isUnprocessableContent())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(html).contains("data-field=\"environment\"", "DNS-1123 label", "value=\"Prod_EU\"");
        assertThat(html).doesNotContain("typed-but-refused");
        assertThat(passwordInputs(html)).allSatisfy(input -> assertThat(input).doesNotContain("value="));
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }

    @Test
    void theFormOffersTheEnvironmentsThatExistAndRefusesAnUnknownOneNamingIt() throws Exception {
        String page = mvc.perform(get("/services/{name}/secrets", name).with(user("alice")))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("<option value=\"\">All environments</option>", "<option value=\"staging\">staging</option>");

        String html = mvc.perform(post("/services/{name}/secrets/API_TOKEN", name).with(user("alice")).with(csrf())
                        .param("environment", "stagin").param("value", "typed-but-refused"))
                .andExpect(status().isUnprocessableContent())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(html).contains("data-field=\"environment\"", "no environment &#39;stagin&#39;", "staging")
                .doesNotContain("typed-but-refused");
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }

    @Test
    void deletingAValueAsksFirstAndDeletesOnlyOnceConfirmed() throws Exception {
        secrets.set(identity.actor("alice"), name, "DB_PASSWORD", "prod", "to-delete");
        assertThat(page("alice")).contains("/services/" + name + "/secrets/DB_PASSWORD/delete?environment=prod");

        String confirm = mvc.perform(get("/services/{name}/secrets/DB_PASSWORD/delete", name).with(user("alice"))
                        .param("environment", "prod"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(confirm).contains("Delete the value of", "environment prod", "name=\"confirmed\" value=\"yes\"")
                .doesNotContain("to-delete");
        String unconfirmed = mvc.perform(post("/services/{name}/secrets/DB_PASSWORD/delete", name).with(user("alice"))
                        .with(csrf()).param("environment", "prod"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(unconfirmed).contains("Delete the value of");
        assertThat(secrets.list(name)).as("a post without the confirmation deletes nothing").hasSize(1);

        mvc.perform(post("/services/{name}/secrets/DB_PASSWORD/delete", name).with(user("alice")).with(csrf())
                        .param("environment", "prod").param("confirmed", "yes"))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/services/" + name + "/secrets"));

        assertThat(secrets.list(name)).isEmpty();
    }

    @Test
    void memberOfAnotherTeamSeesNoFormsAndIsRefusedOnPost() throws Exception {
        secrets.set(identity.actor("alice"), name, "DB_PASSWORD", null, "value");

        String html = page("dave");
        assertThat(html).contains("Only members of team").doesNotContain("type=\"password\"", "/delete");

        mvc.perform(post("/services/{name}/secrets/DB_PASSWORD", name).with(user("dave")).with(csrf())
                        .param("value", "x"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/services/{name}/secrets/DB_PASSWORD/delete", name).with(user("dave")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/services/{name}/secrets/DB_PASSWORD/delete", name).with(user("dave")).with(csrf())
                        .param("confirmed", "yes"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/services/{name}/secrets/DB_PASSWORD/delete", name).with(user("dave")))
                .andExpect(status().isForbidden());
        assertThat(secrets.list(name)).hasSize(1);
    }

    @Test
    void postWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/services/{name}/secrets/DB_PASSWORD", name).with(user("alice")).param("value", "x"))
                .andExpect(status().isForbidden());
        assertThat(secrets.list(name)).isEmpty();
    }

    @Test
    void pageOfUnknownServiceIs404() throws Exception {
        mvc.perform(get("/services/no-such-service-here/secrets").with(user("alice")))
                .andExpect(status().isNotFound());
    }

    private String page(String username) throws Exception {
        return mvc.perform(get("/services/{name}/secrets", name).with(user(username)))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static List<String> passwordInputs(String html) {
        Matcher matcher = PASSWORD_INPUT.matcher(html);
        return matcher.results().map(r -> r.group()).toList();
    }
}
