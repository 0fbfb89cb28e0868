package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.slipway.testsupport.SlipwayTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** Pages of the catalog and of identity show times through fragments/time.html: words, exact time, no nanoseconds. */
@SlipwayTest
class TimesOnPagesTest {

    /** What fragments/time.html renders for a time a few seconds old. */
    static final Pattern JUST_NOW = Pattern.compile(
            "<time datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\" title=\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\">"
                    + "(just now|\\d+ s ago)</time>");
    /** An Instant's toString with fractions of a second, as pages showed before. */
    static final Pattern RAW_INSTANT = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d+Z");

    @Autowired MockMvc mvc;

    @Test
    void theServiceListServicePageAndRevisionShowReadableTimes() throws Exception {
        String name = "times-" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/services").with(user("alice")).with(csrf()).param("name", name).param("team", "payments")
                .param("image", "nginx:1.27"));

        for (String path : new String[] {"/services?q=" + name, "/services/" + name, "/services/" + name + "/revisions/1"}) {
            String html = html("alice", path);
            assertThat(JUST_NOW.matcher(html).find()).as("a readable time on %s", path).isTrue();
            assertThat(RAW_INSTANT.matcher(html).find()).as("no raw instant on %s", path).isFalse();
        }
    }

    @Test
    void theTokensPageShowsCreatedExpiresAndNeverUsed() throws Exception {
        mvc.perform(post("/me/tokens").with(user("erin")).with(csrf()).param("name", "times-" + UUID.randomUUID())
                .param("expiresInDays", "3"));

        String html = html("erin", "/me/tokens");

        assertThat(JUST_NOW.matcher(html).find()).isTrue();
        assertThat(html).contains(">in 3 days</time>", ">never<");
        assertThat(RAW_INSTANT.matcher(html).find()).isFalse();
    }

    private String html(String username, String path) throws Exception {
        return mvc.perform(get(path).with(user(username))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
