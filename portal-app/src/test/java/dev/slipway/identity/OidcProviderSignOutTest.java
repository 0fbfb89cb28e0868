package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Signing out of Slipway also signs out of an identity provider that offers RP-initiated logout (an
 * end_session_endpoint in its discovery document, as Keycloak and Okta have): the browser is sent there with
 * the ID token as hint and comes back to Slipway's "signed out" page. {@link LocalIdentityProvider} serves the
 * discovery document; Slipway is configured by issuer-uri, as in production. Dex has no such endpoint; its
 * sign-out is proved in {@link DexSignInJourneyTest}.
 */
class OidcProviderSignOutTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private static LocalIdentityProvider provider;
    private static ConfigurableApplicationContext slipway;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void startProviderAndSlipway() throws Exception {
        provider = new LocalIdentityProvider();
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
        settings.put("slipway.oidc.group-mapping.[/platform/admins].platform-admin", "true");
        String registration = "spring.security.oauth2.client.registration.oidc.";
        settings.put(registration + "client-id", LocalTokenIssuer.CLIENT_ID);
        settings.put(registration + "client-secret", LocalIdentityProvider.CLIENT_SECRET);
        settings.put(registration + "scope", "openid,profile,groups");
        settings.put("spring.security.oauth2.client.provider.oidc.issuer-uri", provider.baseUrl());
        slipway = new SpringApplicationBuilder(SlipwayApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
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
    void signingOutAlsoEndsTheProvidersSessionAndComesBackToTheSignedOutPage() throws Exception {
        String username = IdentityFixtures.unique("rplogout");
        provider.nextSignIn(username, "Logout Person", List.of("/platform/admins"));
        String session = signIn();
        HttpResponse<String> page = get("/services", session);
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("sign-out form with a CSRF token").isTrue();

        HttpResponse<String> signOut = http.send(HttpRequest.newBuilder(url("/logout"))
                .header("Cookie", session).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(signOut.statusCode()).isEqualTo(302);
        String toProvider = signOut.headers().firstValue("Location").orElseThrow();
        assertThat(toProvider).startsWith(provider.baseUrl() + "/logout?");
        HttpResponse<String> atProvider = http.send(HttpRequest.newBuilder(URI.create(toProvider)).build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, String> logout = provider.logouts().get(provider.logouts().size() - 1);
        assertThat(logout.get("post_logout_redirect_uri")).isEqualTo(url("/login?logout").toString());
        String[] idToken = logout.get("id_token_hint").split("\\.");
        assertThat(new String(Base64.getUrlDecoder().decode(idToken[1]), StandardCharsets.UTF_8))
                .as("the ID token of this sign-in as hint").contains("\"preferred_username\":\"" + username + "\"");
        String back = atProvider.headers().firstValue("Location").orElseThrow();
        assertThat(get(URI.create(back).getRawPath() + "?" + URI.create(back).getRawQuery(), null).body())
                .contains("You have signed out.");
        HttpResponse<String> afterwards = get("/services", session);
        assertThat(afterwards.statusCode()).as("the old session is gone").isEqualTo(302);
        assertThat(afterwards.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    /** The authorization-code flow without a browser, as in {@link OidcLoginFlowTest}; returns the session cookie. */
    private String signIn() throws Exception {
        HttpResponse<String> start = get("/oauth2/authorization/oidc", null);
        String session = cookie(start);
        HttpResponse<String> atProvider = http.send(HttpRequest.newBuilder(
                URI.create(start.headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(
                URI.create(atProvider.headers().firstValue("Location").orElseThrow())).header("Cookie", session)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as("callback answered %s", back.headers().map()).isEqualTo(302);
        return cookie(back);
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
        List<String> cookies = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SLIPWAY_SESSION="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .toList();
        assertThat(cookies).as("session cookie in %s", response.headers().map()).isNotEmpty();
        return cookies.get(cookies.size() - 1);
    }
}
