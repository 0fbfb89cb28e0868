package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentityRulesTest {

    @Test
    void passwordsNeedTwelveCharacters() {
        assertThat(IdentityRules.acceptablePassword("elevenchars")).isFalse();
        assertThat(IdentityRules.acceptablePassword("twelve chars")).isTrue();
        assertThat(IdentityRules.acceptablePassword(null)).isFalse();
    }

    @Test
    void passwordsMayNotExceedTheBcryptLimitOf72Bytes() {
        assertThat(IdentityRules.acceptablePassword("a".repeat(72))).isTrue();
        assertThat(IdentityRules.acceptablePassword("a".repeat(73))).isFalse();
        // 24 characters, but 3 bytes each in UTF-8: BCrypt would only see the first 72 bytes.
        assertThat(IdentityRules.acceptablePassword("€".repeat(24))).isTrue();
        assertThat(IdentityRules.acceptablePassword("€".repeat(25))).isFalse();
    }

    @Test
    void slugsAreDnsLabelsAndNewIsReserved() {
        assertThat(IdentityRules.slugProblem("payments-eu1")).isEmpty();
        assertThat(IdentityRules.slugProblem("a".repeat(63))).isEmpty();
        assertThat(IdentityRules.slugProblem("a".repeat(64))).contains(IdentityRules.SLUG_MESSAGE);
        assertThat(IdentityRules.slugProblem("-payments")).contains(IdentityRules.SLUG_MESSAGE);
        assertThat(IdentityRules.slugProblem("Payments")).contains(IdentityRules.SLUG_MESSAGE);
        assertThat(IdentityRules.slugProblem("new")).contains(IdentityRules.RESERVED_SLUG_MESSAGE);
    }

    @Test
    void messagesHoldNoApostrophesThatMessageFormatWouldSwallow() {
        assertThat(IdentityRules.SLUG_MESSAGE + IdentityRules.USERNAME_MESSAGE + IdentityRules.PASSWORD_MESSAGE
                        + IdentityRules.RESERVED_SLUG_MESSAGE + IdentityRules.ROLE_MESSAGE)
                .doesNotContain("'");
    }
}
