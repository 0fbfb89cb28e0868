package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which navigation link a page lights up. */
class NavigationAdviceTest {

    @Test
    void aPageBelongsToTheSectionOfItsFirstSegment() {
        assertThat(NavigationAdvice.section("/services")).isEqualTo("services");
        assertThat(NavigationAdvice.section("/services/checkout/environments/prod")).isEqualTo("services");
        assertThat(NavigationAdvice.section("/deployments/42")).isEqualTo("deployments");
        assertThat(NavigationAdvice.section("/audit/verify")).isEqualTo("audit");
    }

    @Test
    void ownApiTokensAreTheirOwnSection() {
        assertThat(NavigationAdvice.section("/me/tokens")).isEqualTo("tokens");
        assertThat(NavigationAdvice.section("/me/tokens/new")).isEqualTo("tokens");
    }

    @Test
    void theLoginPageLightsUpNoLink() {
        assertThat(NavigationAdvice.section("/login")).isEqualTo("login");
        assertThat(NavigationAdvice.section("/")).isEmpty();
    }
}
