package dev.slipway.audit;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Walks the hash chain of whatever database the given {@link JdbcTemplate} reaches, in pages of ids so
 * that memory stays flat however long the chain is and no transaction is needed. Names the first event
 * whose link to its predecessor or whose own hash does not match its content.
 */
final class ChainVerifier {

    static final int PAGE = 5_000;

    private final JdbcTemplate jdbc;

    ChainVerifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    ChainVerification verify() {
        String expectedPrev = ChainLink.GENESIS.hash();
        long checked = 0;
        long afterId = 0;
        while (true) {
            List<StoredEvent> page = jdbc.query("select id, occurred_at, actor, action, target_type, target, team,"
                    + " service, environment, details::text, prev_hash, hash from audit_events where id > ?"
                    + " order by id limit " + PAGE, (rs, i) -> new StoredEvent(rs.getLong(1),
                    rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                    rs.getString(11), rs.getString(12)), afterId);
            if (page.isEmpty()) {
                return new ChainVerification(true, checked, null);
            }
            for (StoredEvent event : page) {
                if (!event.prevHash().equals(expectedPrev) || !event.recomputedHash().equals(event.hash())) {
                    return new ChainVerification(false, checked, event.id());
                }
                expectedPrev = event.hash();
                checked++;
                afterId = event.id();
            }
        }
    }

    private record StoredEvent(long id, OffsetDateTime occurredAt, String actor, String action, String targetType,
            String target, String team, String service, String environment, String details, String prevHash,
            String hash) {

        String recomputedHash() {
            return ChainHash.of(prevHash, occurredAt.toInstant(), actor, action, targetType, target, team, service,
                    environment, ChainHash.canonicalDetails(details));
        }
    }
}
