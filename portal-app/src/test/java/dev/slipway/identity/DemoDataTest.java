package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DemoDataTest {

    @Test
    void demoAccountsExistInLocalMode() {
        assertThat(DemoData.enabled(new MockEnvironment())).isTrue();
    }

    @Test
    void demoAccountsAreOffWithAnExternalDatabase() {
        var environment = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/slipway");

        assertThat(DemoData.enabled(environment)).isFalse();
    }

    @Test
    void demoAccountsCanBeSwitchedOnWithAnExternalDatabase() {
        var environment = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/slipway")
                .withProperty("slipway.demo-data", "true");

        assertThat(DemoData.enabled(environment)).isTrue();
    }

    @Test
    void demoAccountsCanBeSwitchedOffInLocalMode() {
        var environment = new MockEnvironment().withProperty("slipway.demo-data", "false");

        assertThat(DemoData.enabled(environment)).isFalse();
    }

    @Test
    void anEmptySettingFallsBackToTheDatabaseMode() {
        var local = new MockEnvironment().withProperty("slipway.demo-data", "");
        var external = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/slipway")
                .withProperty("slipway.demo-data", "");

        assertThat(DemoData.enabled(local)).isTrue();
        assertThat(DemoData.enabled(external)).isFalse();
    }
}
