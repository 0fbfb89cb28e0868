package dev.slipway.approvals;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.common.Actor;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.identity.IdentityService;
import dev.slipway.identity.TeamView;
import dev.slipway.secrets.CredentialVault;
import dev.slipway.secrets.SealedCredential;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each team's optional outgoing webhook. Platform admins set it; the URL is sealed like a kubeconfig,
 * because a chat webhook URL is itself the credential to post, and is never shown again: pages, API
 * answers and the audit trail name its host only.
 */
@Service
class TeamWebhooks {

    /** A team's webhook as people see it. */
    record Webhook(String team, String host, String setBy, Instant setAt) {}

    private final JdbcTemplate jdbc;
    private final CredentialVault vault;
    private final IdentityService identity;
    private final AuditTrail audit;

    TeamWebhooks(JdbcTemplate jdbc, CredentialVault vault, IdentityService identity, AuditTrail audit) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.identity = identity;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    Optional<Webhook> describe(String teamSlug) {
        TeamView team = identity.requireTeam(teamSlug);
        return jdbc.query("select url_host, updated_by, updated_at from team_webhooks where team_id = ?",
                (rs, i) -> new Webhook(team.slug(), rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
                team.id()).stream().findFirst();
    }

    @Transactional
    Webhook set(Actor actor, String teamSlug, String url) {
        requirePlatformAdmin(actor);
        TeamView team = identity.requireTeam(teamSlug);
        String host = WebhookUrl.host(url).orElseThrow(() -> new InvalidInputException("url", WebhookUrl.MESSAGE));
        SealedCredential sealed = vault.seal(context(team), url.strip());
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                insert into team_webhooks (team_id, url_ciphertext, url_key_id, url_host, created_by, created_at,
                                           updated_by, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (team_id) do update set url_ciphertext = excluded.url_ciphertext,
                    url_key_id = excluded.url_key_id, url_host = excluded.url_host, updated_by = excluded.updated_by,
                    updated_at = excluded.updated_at
                """, team.id(), sealed.bytes(), sealed.keyId(), host, actor.username(), now, actor.username(), now);
        audit.record(AuditEntry.of(actor.username(), "team.webhook.set", "team", team.slug())
                .withTeam(team.slug())
                .withDetails(Map.of("host", host)));
        return describe(teamSlug).orElseThrow();
    }

    @Transactional
    void remove(Actor actor, String teamSlug) {
        requirePlatformAdmin(actor);
        TeamView team = identity.requireTeam(teamSlug);
        Webhook current = describe(teamSlug)
                .orElseThrow(() -> new NotFoundException("Team '" + teamSlug + "' has no webhook."));
        jdbc.update("delete from team_webhooks where team_id = ?", team.id());
        audit.record(AuditEntry.of(actor.username(), "team.webhook.removed", "team", team.slug())
                .withTeam(team.slug())
                .withDetails(Map.of("host", current.host())));
    }

    /** The URL to post to, for the sender only; empty when the team has none any more. */
    @Transactional(readOnly = true)
    Optional<String> url(long teamId) {
        return identity.teamById(teamId).flatMap(team -> jdbc.query(
                "select url_key_id, url_ciphertext from team_webhooks where team_id = ?",
                (rs, i) -> vault.open(context(team), new SealedCredential(rs.getString(1), rs.getBytes(2))),
                teamId).stream().findFirst());
    }

    private static String context(TeamView team) {
        return "team:" + team.id() + ":webhook";
    }

    /** The rule is {@link WebhookAccess}'s, the one place that decides it (docs/architecture.md, "Authorization"). */
    private static void requirePlatformAdmin(Actor actor) {
        WebhookAccess.requireMayChange(actor);
    }
}
