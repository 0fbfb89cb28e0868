package dev.slipway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import dev.slipway.testsupport.TestEnvironments;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rotation as an operator does it: restart with a new current key and the old one as a previous key,
 * then re-encrypt. The restart is played by a second SecretsService over the same database with other
 * master keys; the shared context keeps its key, so each test rotates back before it ends.
 */
@SlipwayTest
class MasterKeyRotationTest {

    @Autowired SecretsService secrets;
    @Autowired SecretValueRepository values;
    @Autowired CatalogService catalog;
    @Autowired IdentityService identity;
    @Autowired AuditTrail audit;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired MasterKeys contextKeys;
    @Autowired JsonMapper json;
    @Autowired List<CredentialStore> credentialStores;
    @Autowired ClusterService clusters;

    @Test
    void valuesSealedUnderThePreviousKeyOpenAfterRotationUnderTheNewKeyId() {
        TestEnvironments.ensure(clusters, identity, "prod");
        String name = ServicesWithSecrets.register(catalog, identity, "DB_PASSWORD");
        Actor alice = identity.actor("alice");
        secrets.set(alice, name, "DB_PASSWORD", null, "shared-before-rotation");
        int latest = secrets.set(alice, name, "DB_PASSWORD", "prod", "prod-before-rotation").revision();
        MasterKey previous = contextKeys.current();
        MasterKey next = SecretCipherTest.randomKey();
        SecretsService restarted = serviceWith(new MasterKeys(next, List.of(previous)));
        try {
            ReencryptionResult result = tx.execute(status -> restarted.reencryptAll(identity.actor("carol")));

            assertThat(result.keyId()).isEqualTo(next.id());
            assertThat(result.reencrypted()).isGreaterThanOrEqualTo(2);
            assertThat(result.alreadyCurrent()).isZero();
            assertThat(keyIdsOf(name)).containsOnly(next.id());
            assertThat(restarted.resolve(name, latest, "prod")).containsEntry("DB_PASSWORD", "prod-before-rotation");
            assertThat(restarted.resolve(name, latest, "dev")).containsEntry("DB_PASSWORD", "shared-before-rotation");
            tx.executeWithoutResult(status -> restarted.set(alice, name, "DB_PASSWORD", null, "sealed-after"));
            assertThat(keyIdsOf(name)).as("new values use the new key").containsOnly(next.id());
            assertThatThrownBy(() -> secrets.resolve(name, latest, "prod"))
                    .as("a replica still on the old key says which key it lacks")
                    .hasMessageContaining(next.id());
            String details = jdbc.queryForObject("select details::text from audit_events"
                    + " where action = 'secret.reencrypted' order by id desc limit 1", String.class);
            assertThat(json.readTree(details).propertyNames()).containsExactlyInAnyOrder("reencrypted", "alreadyCurrent");
        } finally {
            tx.execute(status -> serviceWith(new MasterKeys(previous, List.of(next)))
                    .reencryptAll(identity.actor("carol")));
        }
        assertThat(keyIdsOf(name)).containsOnly(previous.id());
        assertThat(secrets.resolve(name, catalog.latestRevision(name).number(), "prod"))
                .containsEntry("DB_PASSWORD", "prod-before-rotation");
    }

    @Test
    void rotationIsRefusedAndChangesNothingWhileAValueIsSealedByAnUnconfiguredKey() {
        String name = ServicesWithSecrets.register(catalog, identity, "DB_PASSWORD");
        secrets.set(identity.actor("alice"), name, "DB_PASSWORD", null, "value");
        SecretsService stranger = serviceWith(new MasterKeys(SecretCipherTest.randomKey(), List.of()));

        assertThatThrownBy(() -> tx.execute(status -> stranger.reencryptAll(identity.actor("carol"))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining(contextKeys.current().id())
                .hasMessageContaining("SLIPWAY_PREVIOUS_MASTER_KEYS");
        assertThat(keyIdsOf(name)).containsOnly(contextKeys.current().id());
    }

    @Test
    void clusterKubeconfigsAreResealedUnderTheNewKeyAndStillOpen() {
        String cluster = "rotate-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: not-a-real-token}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """;
        clusters.register(identity.actor("carol"), cluster, kubeconfig);
        MasterKey previous = contextKeys.current();
        MasterKey next = SecretCipherTest.randomKey();
        try {
            ReencryptionResult result = tx.execute(status -> serviceWith(new MasterKeys(next, List.of(previous)))
                    .reencryptAll(identity.actor("carol")));

            assertThat(result.reencrypted()).isGreaterThanOrEqualTo(1);
            var row = jdbc.queryForMap("select kubeconfig_key_id, kubeconfig_ciphertext from clusters where name = ?",
                    cluster);
            assertThat(row.get("kubeconfig_key_id")).isEqualTo(next.id());
            var sealed = new SealedCredential(next.id(), (byte[]) row.get("kubeconfig_ciphertext"));
            assertThat(new CredentialVault(new SecretCipher(new MasterKeys(next, List.of())))
                    .open("cluster:" + cluster + ":kubeconfig", sealed))
                    .as("opens with the new key alone, so the previous key can be dropped").isEqualTo(kubeconfig);
        } finally {
            tx.execute(status -> serviceWith(new MasterKeys(previous, List.of(next))).reencryptAll(identity.actor("carol")));
        }
        assertThat(jdbc.queryForObject("select kubeconfig_key_id from clusters where name = ?", String.class, cluster))
                .isEqualTo(previous.id());
    }

    private SecretsService serviceWith(MasterKeys keys) {
        return new SecretsService(values, catalog, audit, new SecretCipher(keys), jdbc, credentialStores);
    }

    private List<String> keyIdsOf(String service) {
        return jdbc.queryForList("select v.key_id from secret_values v join services s on s.id = v.service_id"
                + " where s.name = ? and v.key_id is not null", String.class, service);
    }
}
