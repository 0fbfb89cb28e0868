package dev.slipway.catalog;

import static dev.slipway.catalog.CatalogApi.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;

import dev.slipway.audit.AuditRecord;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogApi.Answer;
import dev.slipway.clusters.ClusterService;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import dev.slipway.testsupport.TestEnvironments;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

@SlipwayTest
class CatalogApiTest {

    static final String SPEC = """
            {"image": "registry.example.com/payments/api:1.4.2", "replicas": 2,
             "ports": [{"name": "http", "containerPort": 8080, "servicePort": 80}],
             "config": {"LOG_LEVEL": "info"}}""";

    @Autowired MockMvc mvc;
    @Autowired ClusterService clusters;
    @Autowired IdentityService identity;
    @Autowired AuditTrail audit;
    @Autowired CatalogService catalog;

    CatalogApi api;

    @BeforeEach
    void setUp() {
        TestEnvironments.ensure(clusters, identity, "prod", "staging");
        api = new CatalogApi(mvc);
    }

    @Test
    void creatingAServiceAnswers201WithItsLocationAndRevision1() throws Exception {
        String name = uniqueName("pay");

        Answer created = api.create("alice", name, "payments", SPEC);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.location()).endsWith("/api/v1/services/" + name);
        assertThat(created.json().path("name").asString()).isEqualTo(name);
        assertThat(created.json().path("team").asString()).isEqualTo("payments");
        assertThat(created.json().path("latestRevision").asInt()).isEqualTo(1);
        assertThat(created.json().path("spec").path("ports").path(0).path("servicePort").asInt()).isEqualTo(80);
        assertThat(created.json().path("environments").isArray()).isTrue();
        Answer fetched = api.fetch("dave", "/api/v1/services/{name}", name);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().path("spec").path("config").path("LOG_LEVEL").asString()).isEqualTo("info");
        assertThat(api.fetch("alice", "/api/v1/services/{name}/revisions/1", name).json().path("number").asInt())
                .isEqualTo(1);
    }

    @Test
    void aSecondServiceWithTheSameNameIsAConflict() throws Exception {
        String name = uniqueName("dup");
        api.create("alice", name, "payments", SPEC);

        Answer again = api.create("bob", name, "payments", SPEC);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().path("detail").asString()).contains(name, "already exists");
    }

    @Test
    void onlyMembersOfTheTeamMayRegisterAServiceForIt() throws Exception {
        String name = uniqueName("not-mine");

        Answer refused = api.create("dave", name, "payments", SPEC);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("detail").asString()).contains("payments");
        assertThat(api.fetch("dave", "/api/v1/services/{name}", name).status()).isEqualTo(404);
    }

    @Test
    void onlyMembersOfTheOwningTeamMaySaveARevision() throws Exception {
        String name = uniqueName("guarded");
        api.create("alice", name, "payments", SPEC);

        Answer refused = api.saveRevision("dave", name, 1, SPEC.replace("\"replicas\": 2", "\"replicas\": 9"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
        assertThat(catalog.latestRevision(name).spec().replicas()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad image reference       | {"image": "Not An Image"}                                                   | spec.image
            replicas of the wrong type| {"image": "nginx", "replicas": "many"}                                     | spec.replicas
            unknown spec field        | {"image": "nginx", "replica": 2}                                           | spec.replica
            unknown nested field      | {"image": "nginx", "resources": {"cpu": "1"}}                              | spec.resources.cpu
            request above limit       | {"image": "nginx", "resources": {"cpuRequest": "2", "cpuLimit": "1"}}      | spec.resources.cpuRequest
            bad config key            | {"image": "nginx", "config": {"log.level": "x"}}                           | spec.config['log.level']
            port name                 | {"image": "nginx", "ports": [{"name": "HTTP", "containerPort": 80}]}       | spec.ports[0].name
            override of wrong shape   | {"image": "nginx", "overrides": {"prod": {"replicas": "many"}}}            | spec.overrides.prod.replicas
            missing spec              | null                                                                       | spec
            """)
    void anInvalidSpecIsRefusedWith422NamingTheField(String why, String spec, String field) throws Exception {
        Answer refused = api.create("alice", uniqueName("bad"), "payments", spec);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.errorFields()).containsExactly(field);
        assertThat(refused.json().path("errors").path(0).path("message").asString()).isNotBlank();
    }

    @Test
    void everyProblemOfARequestIsListed() throws Exception {
        Answer refused = api.create("alice", "Bad Name", "payments", """
                {"image": "nginx", "replicas": 5000, "secrets": ["LOG_LEVEL"], "config": {"LOG_LEVEL": "x"},
                 "ingress": {"host": "a.example.com"}}""");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields()).containsExactly("name", "repositoryUrl", "spec.replicas", "spec.secrets[0]",
                "spec.ingress");
    }

    @Test
    void aRevisionWithoutBaseRevisionIsRefusedNamingIt() throws Exception {
        String name = uniqueName("nobase");
        api.create("alice", name, "payments", SPEC);

        Answer refused = api.saveRevision("alice", name, null, SPEC);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields()).containsExactly("baseRevision");
    }

    @Test
    void aStaleSaveIsRefusedAndTheEarlierSaveIsKeptIntact() throws Exception {
        String name = uniqueName("race");
        api.create("alice", name, "payments", SPEC);
        Answer alices = api.saveRevision("alice", name, 1, SPEC.replace("\"replicas\": 2", "\"replicas\": 3"));
        assertThat(alices.status()).isEqualTo(201);
        assertThat(alices.json().path("number").asInt()).isEqualTo(2);

        Answer bobs = api.saveRevision("bob", name, 1, SPEC.replace("\"replicas\": 2", "\"replicas\": 7"));

        assertThat(bobs.status()).isEqualTo(409);
        assertThat(bobs.json().path("detail").asString())
                .contains("based on revision 1", "revision 2", "by alice", "Nothing was overwritten");
        RevisionView latest = catalog.latestRevision(name);
        assertThat(latest.number()).isEqualTo(2);
        assertThat(latest.spec().replicas()).isEqualTo(3);
        assertThat(latest.createdBy()).isEqualTo("alice");
        assertThat(catalog.revisions(name)).extracting(r -> r.spec().replicas()).containsExactly(3, 2);
    }

    @Test
    void aSaveIsRecordedInTheAuditTrailWithTheChangedFields() throws Exception {
        String name = uniqueName("audited");
        api.create("alice", name, "payments", SPEC);

        api.saveRevision("bob", name, 1, SPEC.replace("\"info\"", "\"debug\""));

        List<AuditRecord> events = audit.recentForService(name, 50);
        assertThat(events).extracting(AuditRecord::action).contains("service.created", "revision.created");
        AuditRecord save = events.stream().filter(e -> e.target().equals(name + "#2")).findFirst().orElseThrow();
        assertThat(save.action()).isEqualTo("revision.created");
        assertThat(save.actor()).isEqualTo("bob");
        assertThat(save.details()).contains("spec.config.LOG_LEVEL");
    }

    @Test
    void theDiffOfTwoRevisionsListsTheChangedPaths() throws Exception {
        String name = uniqueName("diff");
        api.create("alice", name, "payments", SPEC);
        api.saveRevision("alice", name, 1, """
                {"image": "registry.example.com/payments/api:1.5.0", "replicas": 2,
                 "ports": [{"name": "http", "containerPort": 9090, "servicePort": 80}],
                 "config": {"LOG_LEVEL": "info", "REGION": "eu"}}""");

        Answer diff = api.fetch("dave", "/api/v1/services/{name}/revisions/1/diff/2", name);

        assertThat(diff.status()).isEqualTo(200);
        assertThat(diff.json().path("from").asInt()).isEqualTo(1);
        assertThat(diff.json().path("to").asInt()).isEqualTo(2);
        List<String> paths = new ArrayList<>();
        diff.json().path("changes").forEach(c -> paths.add(c.path("path").asString() + " " + c.path("kind").asString()));
        assertThat(paths).containsExactly("spec.config.REGION ADDED", "spec.image CHANGED",
                "spec.ports[0].containerPort CHANGED");
        JsonNode image = diff.json().path("changes").path(1);
        assertThat(image.path("before").asString()).endsWith(":1.4.2");
        assertThat(image.path("after").asString()).endsWith(":1.5.0");
    }

    @Test
    void revisionsAreListedNewestFirstAndEachShowsItsSpecAndSecretVersions() throws Exception {
        String name = uniqueName("history");
        api.create("alice", name, "payments", SPEC);
        api.saveRevision("alice", name, 1, SPEC.replace("\"replicas\": 2", "\"replicas\": 3"));
        api.saveRevision("bob", name, 2, SPEC.replace("\"replicas\": 2", "\"replicas\": 4"));

        Answer firstPage = api.fetch("alice", "/api/v1/services/{name}/revisions?limit=2", name);
        Answer secondPage = api.fetch("alice", "/api/v1/services/{name}/revisions?limit=2&cursor="
                + firstPage.json().path("nextCursor").asString(), name);

        assertThat(firstPage.json().path("items").findValuesAsString("createdBy")).containsExactly("bob", "alice");
        assertThat(firstPage.json().path("items").path(0).path("number").asInt()).isEqualTo(3);
        assertThat(firstPage.json().path("items").path(0).path("changeSummary").asString()).isEqualTo("by bob");
        assertThat(secondPage.json().path("items").path(0).path("number").asInt()).isEqualTo(1);
        assertThat(secondPage.json().path("nextCursor").isNull()).isTrue();
        Answer third = api.fetch("dave", "/api/v1/services/{name}/revisions/3", name);
        assertThat(third.json().path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(third.json().path("secretVersions").isObject()).isTrue();
        assertThat(api.fetch("dave", "/api/v1/services/{name}/revisions/9", name).status()).isEqualTo(404);
    }

    @Test
    void descriptionAndRepositoryUrlChangeWithoutANewRevision() throws Exception {
        String name = uniqueName("info");
        api.create("alice", name, "payments", SPEC);

        Answer changed = api.send("alice", patch("/api/v1/services/{name}", name).contentType(MediaType.APPLICATION_JSON)
                .content("{\"description\": \"Takes payments\"}"));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("description").asString()).isEqualTo("Takes payments");
        assertThat(changed.json().path("repositoryUrl").asString()).isEqualTo("https://git.example.com/" + name);
        assertThat(changed.json().path("latestRevision").asInt()).isEqualTo(1);
    }

    @Test
    void keysetPagingWalksEveryServiceOfATeamOnceAndHonoursTheFilters() throws Exception {
        String prefix = uniqueName("page");
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String name = prefix + "-" + i;
            api.create("alice", name, "payments", SPEC);
            mine.add(name);
        }
        api.create("dave", prefix + "-search", "search", SPEC);
        String described = uniqueName("other");
        api.send("alice", org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/services")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"" + described + "\", \"team\": \"payments\", \"description\": \"mentions " + prefix
                        + " in its description\", \"spec\": {\"image\": \"nginx\"}}"));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String uri = "/api/v1/services?team=payments&limit=3&q=" + prefix + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = api.fetch("dave", uri).json();
            page.path("items").forEach(item -> seen.add(item.path("name").asString()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);

        List<String> expected = new ArrayList<>(mine);
        expected.add(described);
        expected.sort(null);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
        JsonNode search = api.fetch("alice", "/api/v1/services?team=search&q=" + prefix).json();
        assertThat(search.path("items").findValuesAsString("name")).containsExactly(prefix + "-search");
    }

    @Test
    void aLimitOutside1To500IsRefusedNamingIt() throws Exception {
        for (String limit : List.of("0", "501", "-1")) {
            Answer refused = api.fetch("alice", "/api/v1/services?limit=" + limit);
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.errorFields()).containsExactly("limit");
        }
        assertThat(api.fetch("alice", "/api/v1/services?limit=500").status()).isEqualTo(200);
        assertThat(api.fetch("alice", "/api/v1/services?cursor=%%%").errorFields()).containsExactly("cursor");
    }

    @Test
    void theOpenApiDescriptionListsTheCatalogEndpoints() throws Exception {
        MockHttpServletResponse response = mvc.perform(get("/v3/api-docs")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).contains("/api/v1/services/{name}/revisions/{from}/diff/{to}");
    }

    @Test
    void callsWithoutCredentialsAreUnauthorized() throws Exception {
        int status = mvc.perform(get("/api/v1/services")).andReturn().getResponse().getStatus();

        assertThat(status).isEqualTo(401);
    }

    @Test
    void anOverrideOfAnUnknownEnvironmentIsRefusedNamingItAndTheKnownOnes() throws Exception {
        String name = uniqueName("typo");
        assertThat(api.create("alice", name, "payments", SPEC).status()).isEqualTo(201);

        Answer refused = api.saveRevision("alice", name, 1, SPEC.replace("}}", "}, \"overrides\": {\"stagin\": "
                + "{\"replicas\": 3}}}"));
        Answer created = api.create("alice", uniqueName("typo"), "payments",
                "{\"image\": \"nginx\", \"overrides\": {\"stagin\": {}}}");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields()).containsExactly("spec.overrides.stagin");
        assertThat(refused.json().path("errors").path(0).path("message").asString())
                .contains("no environment 'stagin'", "known: ", "staging", "prod");
        assertThat(created.errorFields()).containsExactly("spec.overrides.stagin");
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
        Answer staging = api.saveRevision("alice", name, 1, SPEC.replace("}}", "}, \"overrides\": {\"staging\": "
                + "{\"replicas\": 3}}}"));
        assertThat(staging.status()).isEqualTo(201);
    }

    @Test
    void replicasOverriddenWhereAutoscalingGovernsAreRefusedAtTheField() throws Exception {
        Answer refused = api.create("alice", uniqueName("hpa"), "payments", """
                {"image": "nginx", "autoscaling": {"minReplicas": 2, "maxReplicas": 10},
                 "overrides": {"prod": {"replicas": 4}}}""");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields()).containsExactly("spec.overrides.prod.replicas");
        assertThat(refused.json().path("errors").path(0).path("message").asString())
                .isEqualTo("autoscaling sets the replicas in prod (min 2, max 10); remove replicas or turn autoscaling "
                        + "off there");
    }

    @Test
    void configFilesAndConfigValuesAreStoredWithUnixLineEndings() throws Exception {
        String name = uniqueName("files");
        Answer created = api.create("alice", name, "payments", """
                {"image": "nginx", "config": {"CERT": "a\\r\\nb\\rc"},
                 "configFiles": [{"path": "/etc/checkout/app.yaml", "content": "port: 8080\\r\\nlog: info\\r\\n"}],
                 "overrides": {"prod": {"configFiles": [{"path": "/etc/checkout/app.yaml", "content": "x\\r\\n"}]}}}""");

        assertThat(created.status()).isEqualTo(201);
        JsonNode spec = api.fetch("alice", "/api/v1/services/{name}", name).json().path("spec");
        assertThat(spec.path("config").path("CERT").asString()).isEqualTo("a\nb\nc");
        assertThat(spec.path("configFiles").path(0).path("path").asString()).isEqualTo("/etc/checkout/app.yaml");
        assertThat(spec.path("configFiles").path(0).path("content").asString()).isEqualTo("port: 8080\nlog: info\n");
        assertThat(spec.path("overrides").path("prod").path("configFiles").path(0).path("content").asString())
                .isEqualTo("x\n");
        Answer bad = api.saveRevision("alice", name, 1, """
                {"image": "nginx", "configFiles": [{"path": "etc/app", "content": "x"},
                                                   {"path": "/etc/../app", "content": null}]}""");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.errorFields()).containsExactly("spec.configFiles[0].path", "spec.configFiles[1].path",
                "spec.configFiles[1].content");
    }

    @Test
    void aSecretValueForAnUnknownEnvironmentIsRefusedNamingIt() throws Exception {
        String name = uniqueName("sec");
        api.create("alice", name, "payments", "{\"image\": \"nginx\", \"secrets\": [\"DB_PASSWORD\"]}");

        Answer refused = api.send("alice", org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/services/{name}/secrets/DB_PASSWORD", name).param("environment", "stagin")
                .contentType(MediaType.APPLICATION_JSON).content("{\"value\": \"not-shown\"}"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.errorFields()).containsExactly("environment");
        assertThat(refused.text()).contains("no environment 'stagin'", "staging").doesNotContain("not-shown");
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }
}
