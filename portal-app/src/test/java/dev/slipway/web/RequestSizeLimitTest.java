package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.testsupport.SlipwayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@SlipwayTest
class RequestSizeLimitTest {

    @Autowired MockMvc mvc;

    @Test
    void aBodyOverOneMebibyteIsRefusedWith413ProblemJson() throws Exception {
        String huge = "{\"name\":\"big\",\"team\":\"payments\",\"description\":\"" + "x".repeat(1_100_000) + "\"}";

        var response = mvc.perform(post("/api/v1/services").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content(huge))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("at most 1 MiB");
    }
}
