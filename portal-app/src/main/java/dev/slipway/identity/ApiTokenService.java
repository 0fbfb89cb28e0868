package dev.slipway.identity;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import jakarta.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Personal API tokens: issued once, stored hashed, expiring and revocable. */
@Service
public class ApiTokenService {

    static final String PREFIX = "slw_";
    static final int MAX_DAYS = 365;

    private final ApiTokenRepository tokens;
    private final UserAccountRepository users;
    private final AuditTrail audit;
    private final SecureRandom random = new SecureRandom();

    ApiTokenService(ApiTokenRepository tokens, UserAccountRepository users, AuditTrail audit) {
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
    }

    @Transactional
    public IssuedToken issue(String username, String name, Integer expiresInDays) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new InvalidInputException("name", "must be 1 to 100 characters");
        }
        int days = expiresInDays == null ? 30 : expiresInDays;
        if (days < 1 || days > MAX_DAYS) {
            throw new InvalidInputException("expiresInDays", "must be a whole number of days from 1 to " + MAX_DAYS);
        }
        UserAccount user = users.findByUsername(username).orElseThrow(() -> new NotFoundException("No such user."));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ApiToken saved = tokens.save(new ApiToken(user.id(), name.strip(), sha256(token), now, now.plus(Duration.ofDays(days))));
        audit.record(AuditEntry.of(username, "token.created", "token", String.valueOf(saved.id()))
                .withDetails(Map.of("name", saved.name(), "expiresAt", saved.expiresAt().toString())));
        return new IssuedToken(saved.id(), saved.name(), token, saved.expiresAt());
    }

    @Transactional(readOnly = true)
    public List<TokenView> list(String username) {
        UserAccount user = users.findByUsername(username).orElseThrow(() -> new NotFoundException("No such user."));
        Instant now = Instant.now();
        return tokens.findByUserIdOrderByCreatedAtDesc(user.id()).stream().map(t -> view(t, now)).toList();
    }

    /** Up to {@code limit} of the user's tokens with an id below {@code beforeId} (null: the newest), newest first. */
    @Transactional(readOnly = true)
    public List<TokenView> list(String username, Long beforeId, int limit) {
        UserAccount user = users.findByUsername(username).orElseThrow(() -> new NotFoundException("No such user."));
        Instant now = Instant.now();
        return tokens.findByUserIdAndIdLessThanOrderByIdDesc(user.id(), beforeId == null ? Long.MAX_VALUE : beforeId,
                        Limit.of(limit)).stream()
                .map(t -> view(t, now))
                .toList();
    }

    private static TokenView view(ApiToken t, Instant now) {
        return new TokenView(t.id(), t.name(), t.createdAt(), t.expiresAt(), t.revokedAt(), t.lastUsedAt(), t.usableAt(now));
    }

    @Transactional
    public void revoke(String username, long tokenId) {
        UserAccount user = users.findByUsername(username).orElseThrow(() -> new NotFoundException("No such user."));
        ApiToken token = tokens.findById(tokenId)
                .filter(t -> t.userId().equals(user.id()))
                .orElseThrow(() -> new NotFoundException("You have no token with id " + tokenId + "."));
        if (token.revokedAt() != null) {
            return;
        }
        token.revoke(Instant.now());
        audit.record(AuditEntry.of(username, "token.revoked", "token", String.valueOf(tokenId))
                .withDetails(Map.of("name", token.name())));
    }

    /** The account behind a presented token, if the token is known, unexpired and not revoked. */
    @Transactional
    Optional<AuthenticatedToken> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        return tokens.findByTokenHash(sha256(presented))
                .filter(t -> t.usableAt(now))
                .flatMap(t -> users.findById(t.userId())
                        .filter(UserAccount::enabled)
                        .map(user -> {
                            t.usedAt(now);
                            return new AuthenticatedToken(user.username(), LocalUserDetailsService.authoritiesOf(user));
                        }));
    }

    /** Why a presented token was refused, and whose it was when it is known: for the audit trail, never the token. */
    record Refusal(@Nullable String owner, @Nullable Long tokenId, String reason) {}

    @Transactional(readOnly = true)
    Refusal refusalOf(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return new Refusal(null, null, "not a Slipway API token");
        }
        Instant now = Instant.now();
        return tokens.findByTokenHash(sha256(presented))
                .map(t -> {
                    String owner = users.findById(t.userId()).map(UserAccount::username).orElse(null);
                    String reason = t.revokedAt() != null ? "API token revoked"
                            : !now.isBefore(t.expiresAt()) ? "API token expired"
                            : "account disabled";
                    return new Refusal(owner, t.id(), reason);
                })
                .orElse(new Refusal(null, null, "unknown API token"));
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token as shown once to its owner. {@code toString} leaves the token out, so it cannot reach a log. */
    public record IssuedToken(long id, String name, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedToken[id=" + id + ", name=" + name + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** A token as listed to its owner: never the token itself. */
    public record TokenView(long id, String name, Instant createdAt, Instant expiresAt, @Nullable Instant revokedAt,
            @Nullable Instant lastUsedAt, boolean active) {}

    record AuthenticatedToken(String username, List<GrantedAuthority> authorities) {}
}
