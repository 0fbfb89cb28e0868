package dev.slipway.catalog;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test helper: calls the catalog API as a demo user (password = username) and reads answers as JSON. */
final class CatalogApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MockMvc mvc;

    CatalogApi(MockMvc mvc) {
        this.mvc = mvc;
    }

    /** A service name no other test uses: tests share one database and isolate by data. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    Answer create(String user, String name, String team, String specJson) throws Exception {
        String body = """
                {"name": "%s", "team": "%s", "description": "Test service", "repositoryUrl": "https://git.example.com/%s",
                 "spec": %s}""".formatted(name, team, name, specJson);
        return send(user, post("/api/v1/services").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    Answer saveRevision(String user, String name, Integer base, String specJson) throws Exception {
        String body = "{\"baseRevision\": " + base + ", \"spec\": " + specJson + ", \"changeSummary\": \"by " + user + "\"}";
        return send(user, post("/api/v1/services/{name}/revisions", name)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    Answer fetch(String user, String uri, Object... vars) throws Exception {
        return send(user, get(uri, vars));
    }

    Answer send(String user, MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request.with(httpBasic(user, user))).andReturn().getResponse();
        return new Answer(response.getStatus(), response.getHeader("Location"), response.getContentType(),
                response.getContentAsString(StandardCharsets.UTF_8));
    }

    /** An HTTP answer with its body as JSON (a missing node when the body is empty). */
    record Answer(int status, String location, String contentType, String text) {

        JsonNode json() {
            return text.isEmpty() ? JSON.missingNode() : JSON.readTree(text);
        }

        /** The fields named in a problem's {@code errors[]}. */
        List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
            return fields;
        }
    }
}
