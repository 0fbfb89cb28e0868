package dev.slipway.catalog;

import static dev.slipway.catalog.CatalogApi.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.clusters.ClusterService;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import dev.slipway.testsupport.TestEnvironments;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@SlipwayTest
class CatalogPagesTest {

    @Autowired MockMvc mvc;
    @Autowired ClusterService clusters;
    @Autowired IdentityService identity;
    @Autowired CatalogService catalog;
    @Autowired dev.slipway.audit.AuditTrail audit;
    @Autowired org.springframework.transaction.support.TransactionTemplate tx;

    CatalogApi api;
    String name;

    @BeforeEach
    void aServiceOfTeamPayments() throws Exception {
        TestEnvironments.ensure(clusters, identity, "prod", "staging");
        api = new CatalogApi(mvc);
        name = uniqueName("web");
        assertThat(api.create("alice", name, "payments", Specs.DESIGN_EXAMPLE).status()).isEqualTo(201);
    }

    @Test
    void theListShowsServicesWithSearchTeamFilterAndRegisterButton() throws Exception {
        Page page = page("alice", get("/services").param("q", name));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html()).contains(name, "name=\"q\"", "name=\"team\"", ">Payments<", "Register service");
        assertThat(page("carol", get("/services")).html()).doesNotContain("Register service");
    }

    @Test
    void whoChangedWhatShowsTheOwningTeamsEventsToItsMembersAndAdminsOnly() throws Exception {
        // An event of the same service name recorded for another team (an earlier service of that name).
        tx.executeWithoutResult(status -> audit.record(dev.slipway.audit.AuditEntry.of("dave", "service.created", "service", name)
                .withTeam("search").withService(name).withDetails(Map.of("marker", "of-another-team"))));

        Page member = page("alice", get("/services/" + name));
        assertThat(member.html()).contains("data-testid=\"audit\"", "service.created").doesNotContain("of-another-team");
        assertThat(page("carol", get("/services/" + name)).html()).contains("data-testid=\"audit\"");

        Page stranger = page("dave", get("/services/" + name));
        assertThat(stranger.status()).isEqualTo(200);
        assertThat(stranger.html()).doesNotContain("data-testid=\"audit\"").contains("data-testid=\"audit-hidden\"")
                .doesNotContain("of-another-team");
    }

    @Test
    void theListOffersANextPageLinkThatCarriesTheFilters() throws Exception {
        String prefix = uniqueName("many");
        for (int i = 0; i < ServicePagesController.PAGE_SIZE + 1; i++) {
            api.create("alice", prefix + "-" + i, "payments", "{\"image\": \"nginx\"}");
        }

        Page first = page("alice", get("/services").param("q", prefix).param("team", "payments"));

        assertThat(first.html()).contains("Next page", "q=" + prefix, "team=payments", "cursor=");
        String next = first.html().replaceAll("(?s).*href=\"([^\"]*cursor=[^\"]*)\" *\\n? *>Next page.*", "$1")
                .replace("&amp;", "&");
        Page second = page("alice", get(next));
        assertThat(second.html()).contains(prefix + "-9").doesNotContain("Next page");
    }

    @Test
    void registeringFromThePageCreatesRevision1AndRedirectsWithAMessage() throws Exception {
        String newName = uniqueName("fresh");

        MockHttpServletResponse response = mvc.perform(post("/services").with(user("alice")).with(csrf())
                .param("name", newName).param("team", "payments").param("description", "Fresh")
                .param("repositoryUrl", "").param("image", "nginx:1.27")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(response.getRedirectedUrl()).isEqualTo("/services/" + newName);
        assertThat(catalog.latestRevision(newName).number()).isEqualTo(1);
        assertThat(catalog.latestRevision(newName).spec().image()).isEqualTo("nginx:1.27");
    }

    @Test
    void registeringWithABadImageShowsTheFormAgainWithTheInputAndTheProblem() throws Exception {
        Page page = page("alice", post("/services").with(csrf()).param("name", uniqueName("typo")).param("team", "payments")
                .param("description", "kept").param("image", "Not An Image"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html()).contains("value=\"Not An Image\"", ">kept</textarea>", "is-invalid");
        assertThat(page.errorFor("image")).contains("must be an image reference");
    }

    /** PostgreSQL stores no NUL; the form field holding one is named and nothing is registered. */
    @Test
    void aFormFieldWithTheNulCharacterIsRefusedNamingTheField() throws Exception {
        String refused = uniqueName("nul");
        Page page = page("alice", post("/services").with(csrf()).param("name", refused).param("team", "payments")
                .param("description", "a\u0000b").param("image", "nginx:1.27"));

        assertThat(page.status()).isEqualTo(422);
        assertThat(page.html()).contains("description must not contain the NUL character (U+0000)");
        assertThat(catalog.service(refused)).isEmpty();
    }

    @Test
    void aBadValueIsShownBackInItsInputWithTheProblemNextToIt() throws Exception {
        Page page = page("alice", post("/services/{name}/edit/resources", name).with(csrf())
                .param("baseRevision", "1").param("cpuRequest", "250m").param("cpuLimit", "lots")
                .param("memoryRequest", "1Gi").param("memoryLimit", "512Mi"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html()).contains("value=\"lots\"", "value=\"1Gi\"");
        assertThat(page.errorFor("cpuLimit")).contains("must be a CPU quantity");
        assertThat(page.errorFor("memoryRequest")).contains("Memory request must not exceed the memory limit (1Gi &gt; 512Mi)");
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }

    @Test
    void aWrongNumberInARowIsShownNextToThatRow() throws Exception {
        Page page = page("alice", post("/services/{name}/edit/ports", name).with(csrf()).param("baseRevision", "1")
                .param("ports[0].name", "http").param("ports[0].containerPort", "8080").param("ports[0].servicePort", "80")
                .param("ports[1].name", "").param("ports[1].containerPort", "")
                .param("ports[2].name", "admin").param("ports[2].containerPort", "nine"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html()).contains("value=\"nine\"", "value=\"admin\"");
        assertThat(page.errorFor("ports[2].containerPort")).contains("must be a whole number");
    }

    @Test
    void savingASectionMakesANewRevisionWithTheFieldsItChanged() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/services/{name}/edit/config", name).with(user("bob"))
                .with(csrf()).param("baseRevision", "1")
                .param("entries[0].key", "LOG_LEVEL").param("entries[0].value", "debug")
                .param("entries[1].key", "OLD").param("entries[1].value", "x").param("entries[1].remove", "true")
                .param("entries[3].key", "REGION").param("entries[3].value", "eu-west")
                .param("entries[4].key", "").param("entries[4].value", ""))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(302);
        RevisionView saved = catalog.latestRevision(name);
        assertThat(saved.number()).isEqualTo(2);
        assertThat(saved.createdBy()).isEqualTo("bob");
        assertThat(saved.spec().config()).isEqualTo(Map.of("LOG_LEVEL", "debug", "REGION", "eu-west"));
        assertThat(saved.changeSummary()).isEqualTo("Edited configuration: config.LOG_LEVEL, config.REGION");
        assertThat(saved.spec().ports()).isEqualTo(Specs.aSpec().ports());
    }

    @Test
    void aStaleSaveShowsTheConflictKeepsTheInputAndOverwritesNothing() throws Exception {
        api.saveRevision("bob", name, 1, Specs.DESIGN_EXAMPLE.replace("\"replicas\": 2", "\"replicas\": 3"));

        Page page = page("alice", post("/services/{name}/edit/container", name).with(csrf()).param("baseRevision", "1")
                .param("image", "registry.example.com/payments/api:2.0.0").param("replicas", "5")
                .param("command", "").param("args", "--verbose"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html()).contains("based on revision 1", "revision 2", "by bob", "Nothing was overwritten",
                "value=\"registry.example.com/payments/api:2.0.0\"", "value=\"5\"", "--verbose",
                "/services/" + name + "/diff?from=1&amp;to=2");
        RevisionView latest = catalog.latestRevision(name);
        assertThat(latest.number()).isEqualTo(2);
        assertThat(latest.spec().replicas()).isEqualTo(3);
        assertThat(latest.spec().image()).endsWith(":1.4.2");
    }

    @Test
    void onlyTeamMembersSeeEditLinksAndMaySave() throws Exception {
        assertThat(page("alice", get("/services/{name}", name)).html()).contains("data-testid=\"edit-container\"",
                "data-testid=\"edit-info\"");
        assertThat(page("dave", get("/services/{name}", name)).html()).doesNotContain("data-testid=\"edit-");

        assertThat(page("dave", get("/services/{name}/edit/container", name)).status()).isEqualTo(403);
        Page refused = page("dave", post("/services/{name}/edit/container", name).with(csrf())
                .param("baseRevision", "1").param("image", "nginx"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }

    @Test
    void aPostWithoutCsrfTokenIsRefused() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/services/{name}/edit/container", name).with(user("alice"))
                .param("baseRevision", "1").param("image", "nginx")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }

    @Test
    void textPeopleEnterIsShownEscaped() throws Exception {
        String script = "<script>alert(1)</script>";
        String described = uniqueName("xss");
        api.send("alice", post("/api/v1/services").contentType("application/json").content("""
                {"name": "%s", "team": "payments", "description": "%s",
                 "spec": {"image": "nginx", "config": {"GREETING": "%s"}}}""".formatted(described, script, script)));

        for (String html : new String[] {
            page("dave", get("/services").param("q", described)).html(),
            page("dave", get("/services/{name}", described)).html()}) {
            assertThat(html).contains(described, "&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"container", "ports", "resources", "config", "files", "secrets", "ingress", "autoscaling",
        "probes", "overrides", "overrides?environment=prod", "info"})
    void everyEditPageShowsTheCurrentValues(String section) throws Exception {
        Page page = page("alice", get("/services/" + name + "/edit/" + section));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html()).contains("<form", "name=\"_csrf\"");
        if (!section.equals("info")) {
            assertThat(page.html()).contains("name=\"baseRevision\" value=\"1\"");
        }
    }

    @Test
    void theServicePageShowsSpecHistoryAndWhoChangedWhat() throws Exception {
        api.saveRevision("bob", name, 1, Specs.DESIGN_EXAMPLE.replace("\"info\"", "\"debug\""));

        String html = page("dave", get("/services/{name}", name)).html();

        // Anyone reads the spec and its history; who changed what is the team's (and platform admins').
        assertThat(html).contains("registry.example.com/payments/api:1.4.2", "LOG_LEVEL", "debug", "DB_PASSWORD",
                "payments.example.com", "/services/" + name + "/secrets", "by bob",
                "/services/" + name + "/diff?from=1&amp;to=2", "/services/" + name + "/revisions/1")
                .doesNotContain("revision.created");
        assertThat(page("alice", get("/services/{name}", name)).html()).contains("revision.created");
    }

    @Test
    void aRevisionAndTheDiffBetweenTwoHaveTheirOwnPages() throws Exception {
        api.saveRevision("bob", name, 1, Specs.DESIGN_EXAMPLE.replace("\"info\"", "\"debug\""));

        Page first = page("dave", get("/services/{name}/revisions/1", name));
        Page diff = page("dave", get("/services/{name}/diff", name).param("from", "1").param("to", "2"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.html()).contains("revision 1", ">info<");
        assertThat(diff.status()).isEqualTo(200);
        assertThat(diff.html()).contains("data-path=\"spec.config.LOG_LEVEL\"", ">spec.config.LOG_LEVEL: info<",
                ">spec.config.LOG_LEVEL: debug<", "diff-line-removed", "diff-line-added");
    }

    @Test
    void anEnvironmentOverrideIsSavedAsAPartialSpec() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/services/{name}/edit/overrides", name).with(user("alice"))
                .with(csrf()).param("baseRevision", "1").param("originalEnvironment", "").param("environment", "staging")
                .param("replicas", "3").param("cpuLimit", "2").param("config[0].key", "LOG_LEVEL")
                .param("config[0].value", "debug").param("advanced", "{\"autoscaling\": null}"))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(302);
        ServiceSpec spec = catalog.latestRevision(name).spec();
        assertThat(spec.overrides()).containsKeys("prod", "staging");
        Map<String, Object> staging = spec.overrides().get("staging");
        assertThat(staging).containsEntry("replicas", 3).containsEntry("resources", Map.of("cpuLimit", "2"))
                .containsEntry("config", Map.of("LOG_LEVEL", "debug")).containsKey("autoscaling");
        assertThat(SpecMerge.forEnvironment(spec, "staging").autoscaling()).isNull();
    }

    @Test
    void anOverrideWithABadValueShowsItAtItsInput() throws Exception {
        Page page = page("alice", post("/services/{name}/edit/overrides", name).with(csrf())
                .param("baseRevision", "1").param("originalEnvironment", "prod").param("environment", "prod")
                .param("replicas", "5000").param("memoryLimit", "1m").param("advanced", "{\"autoscaling\": null}"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html()).contains("value=\"5000\"", "value=\"1m\"");
        assertThat(page.errorFor("replicas")).contains("must be between 0 and 1000");
        assertThat(page.errorFor("memoryLimit")).contains("did you mean Mi?");
    }

    @Test
    void turningIngressOffRemovesIt() throws Exception {
        mvc.perform(post("/services/{name}/edit/ingress", name).with(user("alice")).with(csrf())
                .param("baseRevision", "1").param("disabled", "true").param("_disabled", "on")
                .param("host", "payments.example.com").param("path", "/").param("_tls", "on"));

        assertThat(catalog.latestRevision(name).spec().ingress()).isNull();
    }

    @Test
    void theDescriptionIsEditedWithoutANewRevision() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/services/{name}/edit/info", name).with(user("alice"))
                .with(csrf()).param("description", "Takes payments").param("repositoryUrl", "https://git.example.com/p"))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(catalog.requireService(name).description()).isEqualTo("Takes payments");
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
        Page bad = page("alice", post("/services/{name}/edit/info", name).with(csrf()).param("description", "x")
                .param("repositoryUrl", "ftp://nope"));
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.errorFor("repositoryUrl")).contains("http or https URL");
    }

    @Test
    void theOverrideFormOffersTheEnvironmentsThatExistAndRefusesAnotherNamingIt() throws Exception {
        Page form = page("alice", get("/services/{name}/edit/overrides", name));
        assertThat(form.html()).contains("<select", "<option value=\"staging\">staging</option>");

        Page page = page("alice", post("/services/{name}/edit/overrides", name).with(csrf())
                .param("baseRevision", "1").param("originalEnvironment", "").param("environment", "stagin")
                .param("cpuLimit", "2"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.errorFor("environment")).contains("no environment &#39;stagin&#39;", "staging", "prod");
        assertThat(page.html()).contains("stagin (no such environment)");
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }

    @Test
    void replicasInAnEnvironmentWhereAutoscalingGovernsAreRefusedAtTheInput() throws Exception {
        Page page = page("alice", post("/services/{name}/edit/overrides", name).with(csrf())
                .param("baseRevision", "1").param("originalEnvironment", "").param("environment", "staging")
                .param("replicas", "4"));

        assertThat(page.errorFor("replicas")).isEqualTo("autoscaling sets the replicas in staging (min 2, max 10); "
                + "remove replicas or turn autoscaling off there");
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }

    @Test
    void everyProblemOfAFormIsShownAtOnce() throws Exception {
        Page config = page("alice", post("/services/{name}/edit/config", name).with(csrf()).param("baseRevision", "1")
                .param("entries[0].key", "A").param("entries[0].value", "1")
                .param("entries[1].key", "A").param("entries[1].value", "2")
                .param("entries[2].key", "log.level").param("entries[2].value", "x"));
        Page override = page("alice", post("/services/{name}/edit/overrides", name).with(csrf())
                .param("baseRevision", "1").param("originalEnvironment", "prod").param("environment", "prod")
                .param("memoryLimit", "1m").param("advanced", "{not json"));

        assertThat(config.errorFor("entries[1].key")).contains("appears twice");
        assertThat(config.errorFor("entries[2].key")).contains("must be an environment variable name");
        assertThat(override.errorFor("advanced")).contains("must be a JSON object");
        assertThat(override.errorFor("memoryLimit")).contains("did you mean Mi?");
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }

    @Test
    void pastedWindowsLineEndingsAreSavedAsNewlinesAndShownOnSeveralLines() throws Exception {
        mvc.perform(post("/services/{name}/edit/config", name).with(user("alice")).with(csrf())
                .param("baseRevision", "1").param("entries[0].key", "CERT").param("entries[0].value", "line 1\r\nline 2"));

        assertThat(catalog.latestRevision(name).spec().config()).containsEntry("CERT", "line 1\nline 2");
        assertThat(page("alice", get("/services/{name}", name)).html()).contains("pre-wrap\">line 1\nline 2<");
        Page diff = page("alice", get("/services/{name}/diff", name).param("from", "1").param("to", "2"));
        // the comparison shows a multi-line value as its lines, each its own added (green) line
        assertThat(diff.html()).contains("diff-text\">spec.config.CERT: |<", "diff-text\">  line 1<",
                "diff-text\">  line 2<");
    }

    @Test
    void configFilesAreEditedAsPathAndContentRowsAndShownOnTheServicePage() throws Exception {
        Page bad = page("alice", post("/services/{name}/edit/files", name).with(csrf()).param("baseRevision", "1")
                .param("files[0].path", "etc/app.yaml").param("files[0].content", "a: 1")
                .param("files[1].path", "").param("files[1].content", "orphan")
                .param("files[2].path", "/etc/x/../y").param("files[2].content", "b"));
        assertThat(bad.status()).isEqualTo(200);
        assertThat(bad.errorFor("files[0].path")).contains("absolute file path", "does not start with");
        assertThat(bad.errorFor("files[1].path")).contains("is required");
        assertThat(bad.errorFor("files[2].path")).contains("would leave the directory");
        assertThat(bad.html()).contains("value=\"etc/app.yaml\"", "orphan");

        MockHttpServletResponse saved = mvc.perform(post("/services/{name}/edit/files", name).with(user("alice"))
                .with(csrf()).param("baseRevision", "1").param("files[0].path", "/etc/checkout/app.yaml")
                .param("files[0].content", "port: 8080\r\nlog: info\r\n").param("files[1].path", "")
                .param("files[1].content", "")).andReturn().getResponse();

        assertThat(saved.getStatus()).isEqualTo(302);
        assertThat(catalog.latestRevision(name).spec().configFiles())
                .containsExactly(new ServiceSpec.ConfigFile("/etc/checkout/app.yaml", "port: 8080\nlog: info\n"));
        assertThat(page("dave", get("/services/{name}", name)).html())
                .contains("Config files", "/etc/checkout/app.yaml", "port: 8080\nlog: info\n");
        assertThat(page("alice", get("/services/{name}/edit/files", name)).html())
                .contains("value=\"/etc/checkout/app.yaml\"");
        assertThat(page("alice", get("/services/{name}/diff", name).param("from", "1").param("to", "2")).html())
                .contains("diff-text\">spec.configFiles[0].content: |<", "diff-text\">  port: 8080<",
                        "diff-text\">  log: info<");
    }

    @Test
    void theDescriptionPageSaysItChangesNothingDeployed() throws Exception {
        assertThat(page("alice", get("/services/{name}/edit/info", name)).html())
                .contains("not part of what is deployed").doesNotContain("Not deployed");
    }

    private Page page(String user, MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(user(user))).andReturn().getResponse();
        return new Page(response.getStatus(), response.getContentAsString(StandardCharsets.UTF_8));
    }

    /** A rendered page. */
    record Page(int status, String html) {

        /** The text of the error shown under the input of {@code field}. */
        String errorFor(String field) {
            String marker = "data-field=\"" + field + "\">";
            int at = html.indexOf(marker);
            assertThat(at).as("an error shown for %s", field).isNotNegative();
            return html.substring(at + marker.length(), html.indexOf("</div>", at));
        }
    }
}
