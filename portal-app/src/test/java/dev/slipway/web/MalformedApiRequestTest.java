package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.SlipwayTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What API fuzzing sent and got 500 (or Spring Boot's own error JSON) for, over real HTTP: Tomcat's
 * parsing of the query string and of multipart bodies, and its forward to /error, only happen in a
 * real server. Every answer must be problem+json with a 4xx status.
 */
@SlipwayTest
class MalformedApiRequestTest {

    @LocalServerPort int port;

    @Test
    void aBodyOfATypeTheApiDoesNotReadIsRefusedWith415() throws IOException {
        Map<String, String> bodies = Map.of(
                "multipart/form-data", "--x\r\n\r\nslug=a\r\n--x--\r\n",
                "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"slug\"\r\n\r\na\r\n--x--\r\n",
                "text/plain", "slug=a",
                "application/xml", "<team><slug>a</slug></team>",
                "application/x-www-form-urlencoded", "slug=a&name=A",
                "not a media type", "{}");
        for (var body : bodies.entrySet()) {
            Answer answer = send("POST", "/api/v1/teams", "carol", body.getKey(), body.getValue());

            assertThat(answer.status()).as(body.getKey()).isEqualTo(415);
            assertThat(answer.contentType()).as(body.getKey()).startsWith("application/problem+json");
            assertThat(answer.body()).as(body.getKey()).contains("\"status\":415").contains("application/json");
        }
    }

    /** Spring reads a form body as parameters before it finds no converter for it, so these fail first. */
    @Test
    void aMalformedFormBodyIsRefusedWith400() throws IOException {
        for (String body : List.of("a%zz=1", "--x\r\n\r\nslug=a", "=IN")) {
            Answer answer = send("POST", "/api/v1/teams", "carol", "application/x-www-form-urlencoded", body);

            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.contentType()).as(body).startsWith("application/problem+json");
        }
    }

    @Test
    void aMalformedQueryStringIsRefusedWith400() throws IOException {
        for (String query : List.of("=IN", "a=%zz", "limit=%", "cursor=%C3%28", "=")) {
            Answer answer = send("GET", "/api/v1/teams?" + query, "alice", null, null);

            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.contentType()).as(query).startsWith("application/problem+json");
            assertThat(answer.body()).as(query).contains("\"status\":400").contains("query string");
        }
    }

    /**
     * PostgreSQL stores no NUL. Fuzzing sent one in a rejection's comment: the refusal's audit event could
     * not be written and the answer was 503. Text holding one is now the caller's mistake, named.
     */
    @Test
    void textWithTheNulCharacterIsRefusedNamingTheField() throws IOException {
        Map<String, Answer> answers = new LinkedHashMap<>();
        answers.put("comment", send("POST", "/api/v1/deployments/1/reject", "bob", "application/json",
                "{\"comment\":\"a\\u0000b\"}"));
        answers.put("name", send("POST", "/api/v1/teams", "carol", "application/json",
                "{\"slug\":\"nul-team\",\"name\":\"\\u0000\"}"));
        answers.put("spec.image", send("POST", "/api/v1/services", "alice", "application/json",
                "{\"name\":\"nul-service\",\"team\":\"payments\",\"spec\":{\"image\":\"ng\\u0000inx\"}}"));
        answers.put("q", send("GET", "/api/v1/services?q=a%00b", "alice", null, null));
        answers.put("action", send("GET", "/api/v1/audit?action=%00", "carol", null, null));
        for (var answer : answers.entrySet()) {
            String field = answer.getKey();

            assertThat(answer.getValue().status()).as(field).isEqualTo(422);
            assertThat(answer.getValue().contentType()).as(field).startsWith("application/problem+json");
            assertThat(answer.getValue().body()).as(field).contains("\"field\":\"" + field + "\"")
                    .contains("must not contain the NUL character (U+0000)");
        }
        assertThat(send("GET", "/api/v1/teams/nul-team", "carol", null, null).status()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/services/nul-service", "alice", null, null).status()).isEqualTo(404);
    }

    @Test
    void anAddressNothingServesIsAProblemNotFound() throws IOException {
        Answer answer = send("GET", "/api/v1/no-such-thing", "alice", null, null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"status\":404").contains("\"instance\":\"/api/v1/no-such-thing\"")
                .doesNotContain("timestamp");
    }

    @Test
    void aMethodAnAddressDoesNotTakeIsAProblemNamingWhatItTakes() throws IOException {
        Answer answer = send("DELETE", "/api/v1/teams", "alice", null, null);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.headers().get("allow")).contains("GET").contains("POST");
        assertThat(answer.body()).contains("\"status\":405").contains("DELETE is not supported");
    }

    @Test
    void theErrorAddressItselfShowsTheHtmlPageWithoutInternals() throws IOException {
        Answer answer = send("GET", "/error", null, null, null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("text/html");
        assertThat(answer.body()).contains("404").doesNotContain("Exception").doesNotContain("timestamp");
    }

    record Answer(int status, Map<String, String> headers, String body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    /**
     * One HTTP/1.1 exchange on a plain socket: java.net.URI (and so every Java HTTP client) refuses to
     * send a query like {@code %zz}, which is exactly what must be tried.
     */
    private Answer send(String method, String target, String user, String contentType, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Connection: close\r\n");
        if (user != null) {
            String credentials = Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
            request.append("Authorization: Basic ").append(credentials).append("\r\n");
        }
        if (contentType != null) {
            request.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private static Answer parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String head = new String(all, StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        String[] lines = head.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int at = end + 4;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                int lineEnd = head.indexOf("\r\n", at);
                int size = Integer.parseInt(head.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    break;
                }
                body.write(all, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
        } else {
            body.write(all, at, all.length - at);
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
    }
}
