package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.SlipwayApplication;
import dev.slipway.common.Actor;
import dev.slipway.common.TeamRole;
import dev.slipway.testsupport.Browser;
import dev.slipway.testsupport.DexServer;
import dev.slipway.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sign-in through a real identity provider: Dex, with its password database and groups, and Slipway configured
 * as an operator would (issuer-uri, client id and secret, the groups scope, a group mapping). A browser types
 * the password into Dex's own login page, lands in Slipway with the team its group maps to, signs out, and is
 * asked for the password again; a person whose groups map to nothing gets a page that says so. See
 * docs/identity-dex.md.
 */
class DexSignInJourneyTest {

    private static final String CLIENT_ID = "slipway";
    private static final String CLIENT_SECRET = "dex-client-secret-" + UUID.randomUUID();

    private static DexServer dex;
    private static ConfigurableApplicationContext slipway;
    private static int port;
    private static String team;
    private static DexServer.Person engineer;
    private static DexServer.Person outsider;

    @BeforeAll
    static void startDexAndSlipway() {
        team = IdentityFixtures.unique("dex");
        engineer = new DexServer.Person(IdentityFixtures.unique("dexeng"), "engineer@" + team + ".example",
                "Dana Engineer", "correct horse " + team, List.of(team + "-devs", "everyone"));
        outsider = new DexServer.Person(IdentityFixtures.unique("dexout"), "outsider@" + team + ".example",
                "Olli Outsider", "battery staple " + team, List.of("contractors"));
        port = DexServer.freePort();
        // Slipway's redirect URI names its own port, so it is chosen before Dex starts; Slipway reads Dex's
        // discovery document when it starts, so Dex starts first.
        dex = DexServer.start(CLIENT_ID, CLIENT_SECRET, "http://localhost:" + port + "/login/oauth2/code/oidc",
                List.of(engineer, outsider));

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", TestDatabase.jdbcUrl());
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "postgres");
        settings.put("server.port", String.valueOf(port));
        settings.put("slipway.demo-data", "false");
        settings.put("slipway.master-key", "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMDEyMzQ=");
        settings.put("slipway.deployer.enabled", "false");
        settings.put("slipway.local-accounts.enabled", "false");
        settings.put("slipway.oidc.enabled", "true");
        settings.put("slipway.oidc.provider-name", "Dex");
        settings.put("slipway.oidc.group-mapping.[" + team + "-devs].team", team);
        settings.put("slipway.oidc.group-mapping.[" + team + "-devs].role", "ENGINEER");
        // What the chart renders from the values in its README's Dex section (helm/slipway/README.md).
        String registration = "spring.security.oauth2.client.registration.oidc.";
        settings.put(registration + "provider", "oidc");
        settings.put(registration + "client-id", CLIENT_ID);
        settings.put(registration + "client-secret", CLIENT_SECRET);
        settings.put(registration + "authorization-grant-type", "authorization_code");
        settings.put(registration + "redirect-uri", "{baseUrl}/login/oauth2/code/{registrationId}");
        settings.put(registration + "scope", "openid,profile,email,groups");
        settings.put("spring.security.oauth2.client.provider.oidc.issuer-uri", dex.issuer());
        settings.put("spring.security.oauth2.client.provider.oidc.user-name-attribute", "sub");
        slipway = new SpringApplicationBuilder(SlipwayApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        slipway.getBean(IdentityService.class).createTeam(new Actor("test", "Test", true, Map.of()),
                new IdentityService.NewTeam(team, "Signed in through Dex"));
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
        if (dex != null) {
            dex.close();
        }
    }

    @Test
    void theAuthorizationRequestToDexCarriesAProofKey() throws Exception {
        HttpResponse<String> start = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/oauth2/authorization/oidc")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(start.statusCode()).isEqualTo(302);
        String location = start.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(dex.issuer() + "/auth?").contains("code_challenge=")
                .contains("code_challenge_method=S256").contains("scope=openid%20profile%20email%20groups");
    }

    @Test
    void anEngineerSignsInOnDexsOwnPageGetsTheirTeamSignsOutAndIsAskedForThePasswordAgain() {
        try (Browser browser = Browser.open(port)) {
            browser.go("/login");
            browser.click(By.linkText("Sign in with Dex"));
            awaitDexLoginPage(browser);
            browser.screenshot("dex-login");
            browser.screenshotAtPhoneWidth("dex-login");

            typeIntoDex(browser, engineer);

            browser.waitFor(d -> d.findElements(By.cssSelector("[data-testid=signed-in-user]")).size() == 1);
            assertThat(browser.text(By.cssSelector("[data-testid=signed-in-user]"))).isEqualTo(engineer.username());
            assertThat(browser.path()).startsWith("/services");
            Actor actor = slipway.getBean(IdentityService.class).actor(engineer.username());
            assertThat(actor.displayName()).isEqualTo("Dana Engineer");
            assertThat(actor.teams()).containsExactly(Map.entry(team, TeamRole.ENGINEER));
            assertThat(actor.platformAdmin()).isFalse();
            browser.screenshot("dex-signed-in");

            browser.submit(By.xpath("//form[contains(@action,'/logout')]//button"));
            assertThat(browser.path()).isEqualTo("/login?logout");
            assertThat(browser.page()).contains("You have signed out.");
            browser.go("/services");
            assertThat(browser.path()).as("signed out of Slipway").startsWith("/login");

            // Dex 2.45 keeps no session of its own (its discovery names no end_session_endpoint, so there is
            // no provider sign-out to call): signing in again goes through its password form, not straight in.
            assertThat(dex.discovery()).doesNotContain("end_session_endpoint");
            browser.click(By.linkText("Sign in with Dex"));
            awaitDexLoginPage(browser);
            assertThat(browser.driver().findElements(By.id("password"))).hasSize(1);
        }
    }

    @Test
    void aPersonInNoMappedGroupGetsAPageSayingSoNotAnError() {
        try (Browser browser = Browser.open(port)) {
            browser.go("/login");
            browser.click(By.linkText("Sign in with Dex"));
            awaitDexLoginPage(browser);

            typeIntoDex(browser, outsider);

            browser.waitFor(d -> d.findElements(By.cssSelector("[data-testid=no-team]")).size() == 1);
            assertThat(browser.path()).isEqualTo("/me/no-team");
            assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("You are signed in, but not in a team yet");
            assertThat(browser.text(By.cssSelector("[data-testid=groups]"))).isEqualTo("contractors");
            assertThat(browser.text(By.cssSelector("[data-testid=signed-in-user]"))).isEqualTo(outsider.username());
            assertThat(slipway.getBean(IdentityService.class).actor(outsider.username()).teams()).isEmpty();
            browser.screenshot("dex-no-team");
            browser.screenshotAtPhoneWidth("dex-no-team");
            browser.assertFitsPhoneWidth("no-team");
            browser.assertAccessible("no-team").assertAccessibleAtPhoneWidth("no-team");

            browser.click(By.linkText("Browse services"));
            assertThat(browser.path()).startsWith("/services");
        }
    }

    private static void awaitDexLoginPage(Browser browser) {
        browser.waitFor(d -> d.getCurrentUrl().startsWith(dex.issuer()) && !d.findElements(By.id("login")).isEmpty());
        assertThat(browser.driver().getCurrentUrl()).as("Dex's own password page").startsWith(dex.issuer() + "/auth");
    }

    private static void typeIntoDex(Browser browser, DexServer.Person person) {
        browser.fill("login", person.email());
        browser.fill("password", person.password());
        browser.driver().findElement(By.id("submit-login")).click();
    }
}
