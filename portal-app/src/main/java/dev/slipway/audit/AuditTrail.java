package dev.slipway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit trail: every state-changing action records an event here in its own transaction, so
 * the change and its record commit or roll back together. Events form a hash chain; writers are
 * serialised by a transaction-scoped advisory lock so the chain never forks.
 */
@Service
public class AuditTrail {

    static final String GENESIS_HASH = "0".repeat(64);
    /** Arbitrary constant naming the advisory lock that serialises audit writers. */
    private static final long CHAIN_LOCK = 0x51_1b_4a_0dL;

    private static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final AuditEventRepository events;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    AuditTrail(AuditEventRepository events, JdbcTemplate jdbc) {
        this.events = events;
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /** Records one event. Must run inside the caller's transaction: no change goes unrecorded. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditEntry entry) {
        jdbc.execute("select pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
        String prevHash = events.findTopByOrderByIdDesc().map(AuditEvent::hash).orElse(GENESIS_HASH);
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        String details = canonicalJson(CANONICAL_JSON.valueToTree(new TreeMap<>(entry.details())));
        String hash = hashOf(prevHash, now, entry.actor(), entry.action(), entry.targetType(), entry.target(),
                entry.team(), entry.service(), entry.environment(), details);
        events.save(new AuditEvent(entry, details, now, prevHash, hash));
    }

    /** The latest events about one service, newest first, for its history page. */
    @Transactional(readOnly = true)
    public List<AuditRecord> recentForService(String service, int limit) {
        return events.findByServiceOrderByIdDesc(service, Limit.of(limit)).stream()
                .map(AuditTrail::toRecord)
                .toList();
    }

    /** Walks the whole chain and names the first event whose stored hash does not match its content. */
    @Transactional(readOnly = true)
    public ChainVerification verify() {
        String expectedPrev = GENESIS_HASH;
        long checked = 0;
        long afterId = 0;
        while (true) {
            List<AuditEvent> segment = events.findChainSegment(afterId, Limit.of(1000));
            if (segment.isEmpty()) {
                return new ChainVerification(true, checked, null);
            }
            for (AuditEvent event : segment) {
                String recomputed = hashOf(event.prevHash(), event.occurredAt(), event.actor(), event.action(),
                        event.targetType(), event.target(), event.team(), event.service(), event.environment(),
                        canonicalJson(CANONICAL_JSON.readTree(event.details())));
                if (!event.prevHash().equals(expectedPrev) || !recomputed.equals(event.hash())) {
                    return new ChainVerification(false, checked, event.id());
                }
                expectedPrev = event.hash();
                checked++;
                afterId = event.id();
            }
        }
    }

    static AuditRecord toRecord(AuditEvent e) {
        return new AuditRecord(e.id(), e.occurredAt(), e.actor(), e.action(), e.targetType(), e.target(), e.team(),
                e.service(), e.environment(), e.details());
    }

    /** jsonb re-orders keys on the way in, so hashes are taken over a key-sorted rendering. */
    private static String canonicalJson(JsonNode node) {
        return CANONICAL_JSON.writeValueAsString(sortKeys(node));
    }

    private static JsonNode sortKeys(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode sorted = CANONICAL_JSON.createObjectNode();
            new TreeMap<>(object.properties().stream()
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                    .forEach((key, value) -> sorted.set(key, sortKeys(value)));
            return sorted;
        }
        if (node.isArray()) {
            var array = CANONICAL_JSON.createArrayNode();
            node.forEach(child -> array.add(sortKeys(child)));
            return array;
        }
        return node;
    }

    static String hashOf(String prevHash, Instant occurredAt, String... fields) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(prevHash.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(occurredAt.truncatedTo(ChronoUnit.MICROS).toString().getBytes(StandardCharsets.UTF_8));
            for (String field : fields) {
                digest.update((byte) 0);
                digest.update((field == null ? "\u0001" : field).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
