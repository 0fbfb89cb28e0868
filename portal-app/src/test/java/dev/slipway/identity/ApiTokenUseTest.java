package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The last use of a token is kept to the minute, so an API call is not a database write each time. */
class ApiTokenUseTest {

    @Test
    void lastUseMovesOnlyOnceAMinutePassed() {
        Instant created = Instant.parse("2026-11-25T10:00:00Z");
        var token = new ApiToken(1L, "ci", "hash", created, created.plus(Duration.ofDays(30)));

        token.usedAt(created.plusSeconds(5));
        assertThat(token.lastUsedAt()).isEqualTo(created.plusSeconds(5));
        token.usedAt(created.plusSeconds(50));
        assertThat(token.lastUsedAt()).as("within the minute: unchanged").isEqualTo(created.plusSeconds(5));
        token.usedAt(created.plusSeconds(66));
        assertThat(token.lastUsedAt()).isEqualTo(created.plusSeconds(66));
    }
}
