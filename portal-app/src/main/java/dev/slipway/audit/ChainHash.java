package dev.slipway.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an event's hash is computed, shared by the writer and the verifier so they can never disagree:
 * SHA-256 over the previous hash, the time and every field, with details in a key-sorted rendering
 * (jsonb re-orders keys on the way in).
 */
final class ChainHash {

    static final JsonMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ChainHash() {}

    static String canonicalDetails(Map<String, ?> details) {
        return canonicalJson(CANONICAL_JSON.valueToTree(new TreeMap<>(details)));
    }

    static String canonicalDetails(String storedJson) {
        return canonicalJson(CANONICAL_JSON.readTree(storedJson));
    }

    static String of(String prevHash, Instant occurredAt, String actor, String action, String targetType, String target,
            String team, String service, String environment, String canonicalDetails) {
        return hashOf(prevHash, occurredAt, actor, action, targetType, target, team, service, environment,
                canonicalDetails);
    }

    private static String canonicalJson(JsonNode node) {
        return CANONICAL_JSON.writeValueAsString(sortKeys(node));
    }

    private static JsonNode sortKeys(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode sorted = CANONICAL_JSON.createObjectNode();
            new TreeMap<>(object.properties().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
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

    private static String hashOf(String prevHash, Instant occurredAt, String... fields) {
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
