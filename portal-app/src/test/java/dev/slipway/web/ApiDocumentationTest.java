package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.testsupport.SlipwayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Swagger UI names Slipway and leads back to it; the pages lead to Swagger UI. */
@SlipwayTest
class ApiDocumentationTest {

    @Autowired MockMvc mvc;
    @Autowired JsonMapper json;

    @Test
    void theApiDocumentIsTitledSlipwayWithItsVersionAndALinkBack() throws Exception {
        JsonNode info = json.readTree(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString())
                .get("info");

        assertThat(info.get("title").asString()).isEqualTo("Slipway API").isNotEqualTo("OpenAPI definition");
        assertThat(info.get("version").asString()).isEqualTo("v1");
        assertThat(info.get("description").asString()).contains("Back to Slipway](/)").contains("problem+json");
    }

    /**
     * A stream is described as the events it sends: springdoc would otherwise describe the emitter object as a JSON
     * body of any media type, and a client (or the fuzzer, bench/fuzz) checks the stream against that.
     */
    @Test
    void theLiveLogTailIsDescribedAsAnEventStream() throws Exception {
        JsonNode content = json.readTree(mvc.perform(get("/v3/api-docs")).andReturn().getResponse().getContentAsString())
                .at("/paths/~1api~1v1~1services~1{name}~1environments~1{environment}~1logs~1stream/get/responses/200/content");

        assertThat(content.propertyNames()).containsExactly("text/event-stream");
        assertThat(content.at("/text~1event-stream/schema/type").asString()).isEqualTo("string");
    }

    @Test
    void everyPageLinksToTheApiDocumentation() throws Exception {
        String page = mvc.perform(get("/services").with(user("alice"))).andReturn().getResponse().getContentAsString();

        assertThat(page).contains("href=\"/swagger-ui.html\"");
    }
}
