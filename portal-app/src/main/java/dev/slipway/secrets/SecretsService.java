package dev.slipway.secrets;

import static dev.slipway.secrets.SecretInputRules.ALL_ENVIRONMENTS;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.RevisionView;
import dev.slipway.catalog.ServiceView;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The secrets feature's public face. Values go in (set, delete) and come out only to the deployer
 * (resolve), exactly as a revision pins them; everyone else sees which keys have values, who set them
 * and when. A value never reaches the audit trail, a log line or an exception message.
 */
@Service
public class SecretsService {

    /** Names the advisory locks that serialise value writes of one service (two-int keyspace). */
    private static final int WRITE_LOCK_CLASS = 0x5ec2e7;
    private static final int REENCRYPT_BATCH = 500;

    private final SecretValueRepository values;
    private final CatalogService catalog;
    private final AuditTrail audit;
    private final SecretCipher cipher;
    private final JdbcTemplate jdbc;
    private final List<CredentialStore> credentialStores;

    SecretsService(SecretValueRepository values, CatalogService catalog, AuditTrail audit, SecretCipher cipher,
            JdbcTemplate jdbc, List<CredentialStore> credentialStores) {
        this.values = values;
        this.catalog = catalog;
        this.audit = audit;
        this.cipher = cipher;
        this.jdbc = jdbc;
        this.credentialStores = List.copyOf(credentialStores);
    }

    /**
     * Stores a new version of a value for one environment ({@code null}: every environment without its
     * own) and saves a revision that pins it; value, revision and audit event commit together.
     */
    @Transactional
    public SecretChange set(Actor actor, String serviceName, String key, String environment, String value) {
        ServiceView service = catalog.requireService(serviceName);
        requireMember(actor, service, "set secret values of");
        List<FieldProblem> problems = new ArrayList<>();
        SecretInputRules.key(key, declaredKeys(serviceName)).ifPresent(problems::add);
        Optional<FieldProblem> badName = SecretInputRules.environment(environment);
        badName.ifPresent(problems::add);
        if (badName.isEmpty() && environment != null && !environment.isBlank()) {
            catalog.unknownEnvironment("environment", environment.strip()).ifPresent(problems::add);
        }
        SecretInputRules.value(value).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String scope = SecretInputRules.environmentOrAll(environment);
        lockWrites(service);
        int version = values.latestVersion(service.id(), key, scope) + 1;
        byte[] plaintext = value.getBytes(StandardCharsets.UTF_8);
        SealedValue sealed;
        try {
            sealed = cipher.seal(plaintext, new SecretAddress(service.id(), scope, key));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        values.save(SecretValue.set(service.id(), key, scope, version, sealed, actor.username(), now()));
        RevisionView revision = catalog.pinSecretVersion(actor, service.name(), key, scope, version);
        record(actor, "secret.set", service, key, scope, version, revision.number());
        return new SecretChange(key, apiEnvironment(scope), version, revision.number());
    }

    /**
     * Deletes the value of one environment ({@code null}: the all-environments value) by appending a
     * tombstone version, and saves a revision that no longer pins it. Older revisions keep their pins.
     */
    @Transactional
    public SecretChange delete(Actor actor, String serviceName, String key, String environment) {
        ServiceView service = catalog.requireService(serviceName);
        requireMember(actor, service, "delete secret values of");
        SecretInputRules.environment(environment).ifPresent(problem -> {
            throw new InvalidInputException(List.of(problem));
        });
        String scope = SecretInputRules.environmentOrAll(environment);
        lockWrites(service);
        int latest = values.latestVersion(service.id(), key, scope);
        boolean present = latest > 0 && values.findByServiceIdAndSecretKeyAndEnvironmentAndVersion(
                service.id(), key, scope, latest).map(v -> !v.deleted()).orElse(false);
        if (!present) {
            throw new NotFoundException("Service '" + service.name() + "' has no value for secret '" + key + "' in "
                    + label(scope) + ".");
        }
        int version = latest + 1;
        values.save(SecretValue.tombstone(service.id(), key, scope, version, actor.username(), now()));
        RevisionView revision = catalog.pinSecretVersion(actor, service.name(), key, scope, null);
        record(actor, "secret.deleted", service, key, scope, version, revision.number());
        return new SecretChange(key, apiEnvironment(scope), version, revision.number());
    }

    /** The newest stored value of every key and environment, deleted ones left out; never a value. */
    @Transactional(readOnly = true)
    public List<SecretInfo> list(String serviceName) {
        ServiceView service = catalog.requireService(serviceName);
        List<String> declared = declaredKeys(serviceName);
        return values.latestOfService(service.id()).stream()
                .filter(v -> !v.deleted())
                .map(v -> new SecretInfo(v.secretKey(), apiEnvironment(v.environment()), v.version(), v.createdBy(),
                        v.createdAt(), declared.contains(v.secretKey())))
                .toList();
    }

    /**
     * The plaintext values a revision gives an environment, for the deployer: exactly the versions the
     * revision pins, the environment's own pin over the all-environments one, for the keys the revision's
     * spec declares. Keys without a value are left out; {@link #missingValues} names them.
     */
    @Transactional(readOnly = true)
    public Map<String, String> resolve(String serviceName, int revisionNumber, String environment) {
        String scope = requireEnvironment(environment);
        ServiceView service = catalog.requireService(serviceName);
        RevisionView revision = catalog.revision(serviceName, revisionNumber);
        Map<String, String> resolved = new TreeMap<>();
        for (String key : revision.spec().secrets()) {
            pinFor(revision, key, scope).ifPresent(pin -> {
                SecretValue stored = values.findByServiceIdAndSecretKeyAndEnvironmentAndVersion(service.id(), key,
                                pin.environment(), pin.version())
                        .orElseThrow(() -> new IllegalStateException("Revision " + revisionNumber + " of '"
                                + serviceName + "' pins version " + pin.version() + " of secret " + key + " ("
                                + label(pin.environment()) + "), which is not stored."));
                if (!stored.deleted()) {
                    byte[] plaintext = cipher.open(stored.sealed(), stored.address());
                    resolved.put(key, new String(plaintext, StandardCharsets.UTF_8));
                    Arrays.fill(plaintext, (byte) 0);
                }
            });
        }
        return resolved;
    }

    /** Declared secret keys of a revision that would have no value in {@code environment}, in spec order. */
    @Transactional(readOnly = true)
    public List<String> missingValues(String serviceName, int revisionNumber, String environment) {
        String scope = requireEnvironment(environment);
        RevisionView revision = catalog.revision(serviceName, revisionNumber);
        return revision.spec().secrets().stream()
                .filter(key -> pinFor(revision, key, scope).isEmpty())
                .toList();
    }

    /**
     * Re-seals every stored value and every credential other features keep (cluster kubeconfigs) under the
     * current master key, so previous keys can be retired. Refused, with nothing changed, while anything is
     * sealed by a key that is not configured.
     */
    @Transactional
    public ReencryptionResult reencryptAll(Actor actor) {
        if (!actor.platformAdmin()) {
            throw new AccessRefusedException("Only platform admins may re-encrypt secret values.");
        }
        String current = cipher.currentKeyId();
        Map<String, Long> perKey = new TreeMap<>();
        values.countByKeyId().forEach(row -> perKey.put((String) row[0], ((Number) row[1]).longValue()));
        credentialStores.forEach(store -> store.countByKeyId().forEach((id, count) -> perKey.merge(id, count, Long::sum)));
        List<String> unknown = perKey.keySet().stream().filter(id -> !cipher.accepts(id)).toList();
        if (!unknown.isEmpty()) {
            throw new ConflictException("Some secret values or credentials are sealed by master keys that are not configured ("
                    + String.join(", ", unknown) + "). Add those keys to SLIPWAY_PREVIOUS_MASTER_KEYS and run the "
                    + "re-encryption again; nothing was changed.");
        }
        int alreadyCurrent = perKey.getOrDefault(current, 0L).intValue();
        int reencrypted = 0;
        long afterId = 0;
        while (true) {
            List<SecretValue> batch = values.findByKeyIdNotAndIdGreaterThanOrderById(current, afterId,
                    Limit.of(REENCRYPT_BATCH));
            if (batch.isEmpty()) {
                break;
            }
            for (SecretValue value : batch) {
                byte[] plaintext = cipher.open(value.sealed(), value.address());
                try {
                    value.reseal(cipher.seal(plaintext, value.address()));
                } finally {
                    Arrays.fill(plaintext, (byte) 0);
                }
                reencrypted++;
                afterId = value.id();
            }
            values.flush();
        }
        CredentialVault vault = new CredentialVault(cipher);
        for (CredentialStore store : credentialStores) {
            reencrypted += store.resealAll(vault);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reencrypted", reencrypted);
        details.put("alreadyCurrent", alreadyCurrent);
        audit.record(AuditEntry.of(actor.username(), "secret.reencrypted", "master-key", current)
                .withDetails(details));
        return new ReencryptionResult(current, reencrypted, alreadyCurrent);
    }

    /** The secret keys the latest spec of a service declares, in spec order. */
    @Transactional(readOnly = true)
    List<String> declaredKeys(String serviceName) {
        return catalog.latestRevision(serviceName).spec().secrets();
    }

    private void record(Actor actor, String action, ServiceView service, String key, String scope, int version,
            int revision) {
        // Key, environment and version only: not the value, nor anything derived from it (hash, length).
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("key", key);
        details.put("environment", scope);
        details.put("version", version);
        details.put("revision", revision);
        AuditEntry entry = AuditEntry.of(actor.username(), action, "secret", service.name() + "/" + key)
                .withTeam(service.team())
                .withService(service.name())
                .withDetails(details);
        audit.record(ALL_ENVIRONMENTS.equals(scope) ? entry : entry.withEnvironment(scope));
    }

    private void lockWrites(ServiceView service) {
        int slot = (int) (service.id() ^ (service.id() >>> 32));
        jdbc.query("select pg_advisory_xact_lock(?, ?)", rs -> null, WRITE_LOCK_CLASS, slot);
    }

    private static Optional<Pin> pinFor(RevisionView revision, String key, String environment) {
        Map<String, Integer> pins = revision.secretVersions().getOrDefault(key, Map.of());
        if (pins.containsKey(environment)) {
            return Optional.of(new Pin(environment, pins.get(environment)));
        }
        return Optional.ofNullable(pins.get(ALL_ENVIRONMENTS)).map(version -> new Pin(ALL_ENVIRONMENTS, version));
    }

    private static String requireEnvironment(String environment) {
        if (environment == null || environment.isBlank()) {
            throw new InvalidInputException("environment", "is required: the environment to resolve values for");
        }
        SecretInputRules.environment(environment).ifPresent(problem -> {
            throw new InvalidInputException(List.of(problem));
        });
        return environment.strip();
    }

    private static void requireMember(Actor actor, ServiceView service, String what) {
        if (!actor.isMemberOf(service.team())) {
            throw new AccessRefusedException("Only members of team '" + service.team() + "' may " + what
                    + " service '" + service.name() + "'.");
        }
    }

    private static String apiEnvironment(String scope) {
        return ALL_ENVIRONMENTS.equals(scope) ? null : scope;
    }

    private static String label(String scope) {
        return ALL_ENVIRONMENTS.equals(scope) ? "all environments" : "environment " + scope;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The version a revision pins for one key, and which environment entry it came from. */
    private record Pin(String environment, int version) {}
}
