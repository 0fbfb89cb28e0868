package dev.slipway.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenID Connect provider on 127.0.0.1 for tests: the authorization endpoint signs in whoever the test
 * named with {@link #nextSignIn} and redirects back with a code; the token endpoint trades the code for an
 * ID token signed by {@link LocalTokenIssuer}'s key and echoing the nonce; the JWK set endpoint serves the
 * public key. Just enough of the protocol for Spring Security's login flow, and no network beyond loopback.
 */
final class LocalIdentityProvider implements AutoCloseable {

    static final String CLIENT_SECRET = "test-client-secret";

    private final LocalTokenIssuer issuer = new LocalTokenIssuer();
    private final HttpServer server;
    private final Map<String, Map<String, Object>> codes = new ConcurrentHashMap<>();
    private volatile Map<String, Object> nextUser = Map.of();
    private final List<Map<String, String>> logouts = new java.util.concurrent.CopyOnWriteArrayList<>();

    LocalIdentityProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", exchange -> respond(exchange, 200, "application/json", issuer.jwkSet()));
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/logout", this::logout);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The person the next authorization request signs in: username, display name and groups. */
    void nextSignIn(String username, String name, List<String> groups) {
        nextUser = Map.of("preferred_username", username, "name", name, "groups", groups);
    }

    /** The query of every call to the end-session endpoint (RP-initiated logout), oldest first. */
    List<Map<String, String>> logouts() {
        return List.copyOf(logouts);
    }

    /** A discovery document, for a Slipway configured with issuer-uri; it offers RP-initiated logout. */
    private void discovery(HttpExchange exchange) throws IOException {
        String base = baseUrl();
        respond(exchange, 200, "application/json", "{\"issuer\":\"" + base + "\",\"authorization_endpoint\":\"" + base
                + "/authorize\",\"token_endpoint\":\"" + base + "/token\",\"jwks_uri\":\"" + base + "/jwks\","
                + "\"end_session_endpoint\":\"" + base + "/logout\",\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"],"
                + "\"scopes_supported\":[\"openid\",\"profile\",\"groups\"]}");
    }

    /** Ends "the provider's session" (there is none to keep here) and sends the browser back. */
    private void logout(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        logouts.add(query);
        exchange.getResponseHeaders().add("Location", query.getOrDefault("post_logout_redirect_uri", baseUrl()));
        respond(exchange, 302, "text/plain", "");
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String code = UUID.randomUUID().toString();
        Map<String, Object> grant = new LinkedHashMap<>(nextUser);
        grant.put("nonce", query.get("nonce"));
        codes.put(code, grant);
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        respond(exchange, 302, "text/plain", "");
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (LocalTokenIssuer.CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, Object> grant = codes.remove(body.getOrDefault("code", ""));
        if (grant == null || !expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(baseUrl())
                .subject("sub-" + grant.get("preferred_username"))
                .audience(LocalTokenIssuer.CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        grant.forEach(claims::claim);
        respond(exchange, 200, "application/json", "{\"access_token\":\"" + UUID.randomUUID() + "\",\"token_type\":"
                + "\"Bearer\",\"expires_in\":300,\"scope\":\"openid profile groups\",\"id_token\":\""
                + issuer.sign(claims.build()) + "\"}");
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded != null) {
            for (String pair : encoded.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
