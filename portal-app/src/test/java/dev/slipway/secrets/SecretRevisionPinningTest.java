package dev.slipway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.RevisionView;
import dev.slipway.clusters.ClusterService;
import dev.slipway.common.Actor;
import dev.slipway.common.NotFoundException;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import dev.slipway.testsupport.TestEnvironments;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SlipwayTest
class SecretRevisionPinningTest {

    @Autowired MockMvc mvc;
    @Autowired ClusterService clusters;
    @Autowired SecretsService secrets;
    @Autowired CatalogService catalog;
    @Autowired IdentityService identity;
    @Autowired JdbcTemplate jdbc;
    @Autowired JsonMapper json;

    private Actor alice;
    private String name;

    @BeforeEach
    void registerService() {
        TestEnvironments.ensure(clusters, identity, "prod", "staging");
        alice = identity.actor("alice");
        name = ServicesWithSecrets.register(catalog, identity, "DB_PASSWORD", "API_TOKEN", "SIGNING_KEY");
    }

    @Test
    void settingAValueThroughTheApiSavesARevisionThatPinsIt() throws Exception {
        RevisionView before = catalog.latestRevision(name);

        mvc.perform(put("/api/v1/services/{name}/secrets/DB_PASSWORD", name).with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"value\":\"hunter2\"}"))
                .andExpect(status().isNoContent());

        RevisionView after = catalog.latestRevision(name);
        assertThat(after.number()).isEqualTo(before.number() + 1);
        assertThat(after.secretVersions()).isEqualTo(Map.of("DB_PASSWORD", Map.of("*", 1)));
        assertThat(after.spec()).isEqualTo(before.spec());
        assertThat(after.createdBy()).isEqualTo("alice");
        assertThat(secrets.resolve(name, after.number(), "prod")).isEqualTo(Map.of("DB_PASSWORD", "hunter2"));
    }

    @Test
    void environmentValueWinsOverTheAllEnvironmentsValue() {
        secrets.set(alice, name, "DB_PASSWORD", null, "shared");
        SecretChange prod = secrets.set(alice, name, "DB_PASSWORD", "prod", "prod-only");

        assertThat(prod.environment()).isEqualTo("prod");
        assertThat(catalog.revision(name, prod.revision()).secretVersions())
                .isEqualTo(Map.of("DB_PASSWORD", Map.of("*", 1, "prod", 1)));
        assertThat(secrets.resolve(name, prod.revision(), "prod")).containsExactlyEntriesOf(Map.of("DB_PASSWORD", "prod-only"));
        assertThat(secrets.resolve(name, prod.revision(), "dev")).containsExactlyEntriesOf(Map.of("DB_PASSWORD", "shared"));
    }

    @Test
    void olderRevisionKeepsResolvingTheVersionItPinned() {
        SecretChange first = secrets.set(alice, name, "DB_PASSWORD", null, "first");
        SecretChange second = secrets.set(alice, name, "DB_PASSWORD", null, "second");

        assertThat(second.version()).isEqualTo(first.version() + 1);
        assertThat(secrets.resolve(name, first.revision(), "prod")).containsEntry("DB_PASSWORD", "first");
        assertThat(secrets.resolve(name, second.revision(), "prod")).containsEntry("DB_PASSWORD", "second");
        assertThat(secrets.resolve(name, 1, "prod")).isEmpty();
    }

    @Test
    void missingValuesNamesDeclaredKeysWithoutAValueForThatEnvironment() {
        secrets.set(alice, name, "DB_PASSWORD", null, "shared");
        SecretChange latest = secrets.set(alice, name, "API_TOKEN", "prod", "prod-token");

        assertThat(secrets.missingValues(name, latest.revision(), "prod")).containsExactly("SIGNING_KEY");
        assertThat(secrets.missingValues(name, latest.revision(), "dev")).containsExactly("API_TOKEN", "SIGNING_KEY");
        assertThat(secrets.missingValues(name, 1, "dev")).containsExactly("DB_PASSWORD", "API_TOKEN", "SIGNING_KEY");
    }

    @Test
    void deletingWritesATombstoneVersionAndTheNewRevisionNoLongerPinsIt() throws Exception {
        secrets.set(alice, name, "DB_PASSWORD", null, "shared");
        SecretChange prod = secrets.set(alice, name, "DB_PASSWORD", "prod", "prod-only");

        mvc.perform(delete("/api/v1/services/{name}/secrets/DB_PASSWORD", name).param("environment", "prod")
                        .with(httpBasic("alice", "alice")))
                .andExpect(status().isNoContent());

        RevisionView after = catalog.latestRevision(name);
        assertThat(after.number()).isEqualTo(prod.revision() + 1);
        assertThat(after.secretVersions()).isEqualTo(Map.of("DB_PASSWORD", Map.of("*", 1)));
        assertThat(secrets.resolve(name, after.number(), "prod")).containsEntry("DB_PASSWORD", "shared");
        assertThat(secrets.resolve(name, prod.revision(), "prod")).containsEntry("DB_PASSWORD", "prod-only");
        assertThat(jdbc.queryForList("select version || ':' || (ciphertext is null) || ':' || (key_id is null)"
                        + " from secret_values v join services s on s.id = v.service_id"
                        + " where s.name = ? and environment = 'prod' order by version", String.class, name))
                .containsExactly("1:false:false", "2:true:true");
        assertThat(secrets.list(name)).extracting(SecretInfo::environment).containsExactly((String) null);
    }

    @Test
    void deletingAValueThatIsNotThereIsNotFound() throws Exception {
        mvc.perform(delete("/api/v1/services/{name}/secrets/DB_PASSWORD", name).with(httpBasic("alice", "alice")))
                .andExpect(status().isNotFound());
        assertThatThrownBy(() -> secrets.delete(alice, name, "DB_PASSWORD", "prod"))
                .isInstanceOf(NotFoundException.class);
        assertThat(catalog.latestRevision(name).number()).isEqualTo(1);
    }

    @Test
    void listShowsTheLatestVersionPerKeyAndEnvironmentButNeverAValue() throws Exception {
        secrets.set(alice, name, "DB_PASSWORD", null, "one");
        secrets.set(alice, name, "DB_PASSWORD", null, "two");
        secrets.set(alice, name, "API_TOKEN", "prod", "three");

        String body = mvc.perform(get("/api/v1/services/{name}/secrets", name).with(httpBasic("dave", "dave")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].key").value("API_TOKEN"))
                .andExpect(jsonPath("$[0].environment").value("prod"))
                .andExpect(jsonPath("$[0].version").value(1))
                .andExpect(jsonPath("$[1].key").value("DB_PASSWORD"))
                .andExpect(jsonPath("$[1].environment").doesNotExist())
                .andExpect(jsonPath("$[1].version").value(2))
                .andExpect(jsonPath("$[1].updatedBy").value("alice"))
                .andExpect(jsonPath("$[1].declared").value(true))
                .andReturn().getResponse().getContentAsString();

        JsonNode item = json.readTree(body).get(1);
        assertThat(item.propertyNames()).containsExactlyInAnyOrder(
                "key", "environment", "version", "updatedBy", "updatedAt", "declared");
        assertThat(item.get("updatedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
        assertThat(body).doesNotContain("\"one\"", "\"two\"", "\"three\"");
    }

    @Test
    void keyRemovedFromTheSpecIsListedAsUndeclaredAndLeftOutOfResolve() {
        secrets.set(alice, name, "SIGNING_KEY", null, "old-signing-key");
        RevisionView latest = catalog.latestRevision(name);
        RevisionView withoutKey = catalog.saveRevision(alice, name, latest.number(),
                latest.spec().withSecrets(List.of("DB_PASSWORD", "API_TOKEN")), "Drop SIGNING_KEY");

        assertThat(secrets.list(name)).singleElement().satisfies(info -> {
            assertThat(info.key()).isEqualTo("SIGNING_KEY");
            assertThat(info.declared()).isFalse();
        });
        assertThat(secrets.resolve(name, withoutKey.number(), "prod")).isEmpty();
        assertThat(secrets.resolve(name, latest.number(), "prod")).containsEntry("SIGNING_KEY", "old-signing-key");
    }

    @Test
    void setAndDeleteAreAuditedWithKeyEnvironmentAndVersionOnly() throws Exception {
        secrets.set(alice, name, "DB_PASSWORD", "prod", "audited-value");
        secrets.delete(alice, name, "DB_PASSWORD", "prod");

        List<Map<String, Object>> events = jdbc.queryForList("select action, actor, target, team, environment,"
                + " details::text as details from audit_events where service = ? and action like 'secret.%'"
                + " order by id", name);
        assertThat(events).extracting(e -> e.get("action")).containsExactly("secret.set", "secret.deleted");
        assertThat(events.get(0)).containsEntry("actor", "alice").containsEntry("target", name + "/DB_PASSWORD")
                .containsEntry("team", "payments").containsEntry("environment", "prod");
        JsonNode details = json.readTree((String) events.get(0).get("details"));
        assertThat(details.propertyNames()).containsExactlyInAnyOrder("key", "environment", "version", "revision");
        assertThat(details.get("version").asInt()).isEqualTo(1);
        assertThat(json.readTree((String) events.get(1).get("details")).get("version").asInt()).isEqualTo(2);
    }
}
