package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.SlipwayApplication;
import dev.slipway.common.Actor;
import dev.slipway.common.TeamRole;
import dev.slipway.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Slipway configured for production sign-in: OIDC on, local accounts off, sessions in PostgreSQL. A browser
 * goes through the whole authorization-code flow against {@link LocalIdentityProvider} on 127.0.0.1 and comes
 * back signed in, with the teams and the platform-admin flag its groups map to.
 */
class OidcLoginFlowTest {

    private static LocalIdentityProvider provider;
    private static ConfigurableApplicationContext slipway;
    private static String team;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void startProviderAndSlipway() throws Exception {
        provider = new LocalIdentityProvider();
        team = IdentityFixtures.unique("sso");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", TestDatabase.jdbcUrl());
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "postgres");
        settings.put("server.port", "0");
        settings.put("slipway.demo-data", "false");
        settings.put("slipway.master-key", "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMDEyMzQ=");
        settings.put("slipway.deployer.enabled", "false");
        settings.put("slipway.local-accounts.enabled", "false");
        settings.put("slipway.oidc.enabled", "true");
        settings.put("slipway.oidc.provider-name", "Acme SSO");
        settings.put("slipway.oidc.group-mapping.[" + team + "-leads].team", team);
        settings.put("slipway.oidc.group-mapping.[" + team + "-leads].role", "LEAD");
        settings.put("slipway.oidc.group-mapping.[/platform/admins].platform-admin", "true");
        String registration = "spring.security.oauth2.client.registration.oidc.";
        settings.put(registration + "client-id", LocalTokenIssuer.CLIENT_ID);
        settings.put(registration + "client-secret", LocalIdentityProvider.CLIENT_SECRET);
        settings.put(registration + "scope", "openid,profile,groups");
        settings.put(registration + "authorization-grant-type", "authorization_code");
        settings.put(registration + "redirect-uri", "{baseUrl}/login/oauth2/code/{registrationId}");
        String endpoints = "spring.security.oauth2.client.provider.oidc.";
        settings.put(endpoints + "authorization-uri", provider.baseUrl() + "/authorize");
        settings.put(endpoints + "token-uri", provider.baseUrl() + "/token");
        settings.put(endpoints + "jwk-set-uri", provider.baseUrl() + "/jwks");
        settings.put(endpoints + "user-name-attribute", "sub");
        slipway = new SpringApplicationBuilder(SlipwayApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        slipway.getBean(IdentityService.class).createTeam(new Actor("test", "Test", true, Map.of()),
                new IdentityService.NewTeam(team, "Signed in by SSO"));
    }

    @AfterAll
    static void stop() {
        if (slipway != null) {
            slipway.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void theSignInPageOffersOnlyTheIdentityProviderAndBasicAuthenticationIsOff() throws Exception {
        HttpResponse<String> page = get("/login", null);
        assertThat(page.body()).contains("Sign in with <span>Acme SSO</span>").contains("/oauth2/authorization/oidc")
                .doesNotContain("type=\"password\"");

        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(url("/api/v1/me"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("alice:alice".getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo("Bearer");
    }

    @Test
    void aPersonSignsInThroughTheProviderAndGetsTheTeamsAndRolesOfTheirGroups() throws Exception {
        String username = IdentityFixtures.unique("flow");
        provider.nextSignIn(username, "Flow Person", List.of(team + "-leads", "/platform/admins", "unmapped"));

        HttpResponse<String> start = get("/oauth2/authorization/oidc", null);
        assertThat(start.statusCode()).isEqualTo(302);
        String toProvider = start.headers().firstValue("Location").orElseThrow();
        assertThat(toProvider).startsWith(provider.baseUrl() + "/authorize").contains("nonce=").contains("state=");
        String session = cookie(start);
        HttpResponse<String> atProvider = http.send(HttpRequest.newBuilder(URI.create(toProvider)).build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = atProvider.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(URI.create(callback)).header("Cookie", session)
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(back.statusCode()).as("callback answered %s", back.headers().map()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location").orElseThrow()).endsWith("/");
        String signedIn = cookie(back);
        assertThat(get("/services", signedIn).statusCode()).isEqualTo(200);
        assertThat(get("/users", signedIn).statusCode()).as("platform admin by group").isEqualTo(200);
        Actor actor = slipway.getBean(IdentityService.class).actor(username);
        assertThat(actor.displayName()).isEqualTo("Flow Person");
        assertThat(actor.platformAdmin()).isTrue();
        assertThat(actor.teams()).containsExactly(Map.entry(team, TeamRole.LEAD));
        assertThat(slipway.getBean(IdentityService.class).user(username).orElseThrow().localAccount()).isFalse();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + slipway.getEnvironment().getProperty("local.server.port") + path);
    }

    private static String cookie(HttpResponse<?> response) {
        List<String> cookies = new ArrayList<>();
        response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SLIPWAY_SESSION="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .forEach(cookies::add);
        assertThat(cookies).as("session cookie in %s", response.headers().map()).isNotEmpty();
        return cookies.get(cookies.size() - 1);
    }
}
