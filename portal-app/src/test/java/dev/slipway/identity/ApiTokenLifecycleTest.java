package dev.slipway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.slipway.testsupport.SlipwayTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/** Personal API tokens from issue to revocation. */
@SlipwayTest
class ApiTokenLifecycleTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;

    record Issued(long id, String token) {}

    private Issued issue(String username, String name) throws Exception {
        String body = mvc.perform(post("/api/v1/me/tokens").with(httpBasic(username, username))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(IdentityFixtures.json("{'name':'%s','expiresInDays':7}", name)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value(name))
                .andExpect(jsonPath("$.expiresAt").isString())
                .andReturn().getResponse().getContentAsString();
        return new Issued(((Number) JsonPath.read(body, "$.id")).longValue(), JsonPath.read(body, "$.token"));
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor bearer(String token) {
        return request -> {
            request.addHeader("Authorization", "Bearer " + token);
            return request;
        };
    }

    @Test
    void anIssuedTokenSignsItsOwnerIn() throws Exception {
        Issued issued = issue("alice", IdentityFixtures.unique("laptop"));

        assertThat(issued.token()).startsWith("slw_");
        mvc.perform(get("/api/v1/me").with(bearer(issued.token())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value("alice"));
    }

    @Test
    void onlyAHashOfTheTokenIsStored() throws Exception {
        Issued issued = issue("alice", IdentityFixtures.unique("hashed"));

        String stored = jdbc.queryForObject("select token_hash from api_tokens where id = ?", String.class, issued.id());
        assertThat(stored).isNotEqualTo(issued.token()).hasSize(64).isEqualTo(ApiTokenService.sha256(issued.token()));
        assertThat(jdbc.queryForObject("select count(*) from api_tokens where token_hash = ? or name = ?",
                Integer.class, issued.token(), issued.token())).isZero();
    }

    @Test
    void aRevokedTokenNoLongerWorks() throws Exception {
        Issued issued = issue("alice", IdentityFixtures.unique("revoked"));
        mvc.perform(get("/api/v1/me").with(bearer(issued.token()))).andExpect(status().isOk());

        mvc.perform(delete("/api/v1/me/tokens/{id}", issued.id()).with(httpBasic("alice", "alice")))
                .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/me").with(bearer(issued.token())))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(jdbc.queryForObject("select count(*) from audit_events where action = 'token.revoked' and target = ?",
                Integer.class, String.valueOf(issued.id()))).isEqualTo(1);
    }

    @Test
    void anExpiredTokenNoLongerWorks() throws Exception {
        Issued issued = issue("alice", IdentityFixtures.unique("expired"));
        jdbc.update("update api_tokens set created_at = now() - interval '8 days', expires_at = now() - interval '1 second'"
                + " where id = ?", issued.id());

        mvc.perform(get("/api/v1/me").with(bearer(issued.token())))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void anUnknownTokenIsRefusedRatherThanTreatedAsAnonymous() throws Exception {
        mvc.perform(get("/api/v1/me").with(bearer("slw_thisTokenWasNeverIssuedToAnyone0000000000")))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/v1/me").with(bearer("not-even-our-format")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aTokenCannotIssueFurtherTokens() throws Exception {
        Issued issued = issue("alice", IdentityFixtures.unique("minting"));

        mvc.perform(post("/api/v1/me/tokens").with(bearer(issued.token()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(IdentityFixtures.json("{'name':'child','expiresInDays':365}")))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void theTokenListNeverShowsTokenValues() throws Exception {
        String name = IdentityFixtures.unique("listed");
        Issued issued = issue("dave", name);

        String body = mvc.perform(get("/api/v1/me/tokens").with(httpBasic("dave", "dave")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.name == '" + name + "')].active").value(true))
                .andReturn().getResponse().getContentAsString();

        assertThat(body).doesNotContain(issued.token()).doesNotContain("\"token\"").doesNotContain("tokenHash");
    }

    @Test
    void theTokenListIsPagedWithACursor() throws Exception {
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            mine.add(issue("erin", IdentityFixtures.unique("paged")).token());
        }
        Set<Integer> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = get("/api/v1/me/tokens").param("limit", "2").with(httpBasic("erin", "erin"));
            if (cursor != null) {
                request.param("cursor", cursor);
            }
            String body = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            List<Integer> ids = JsonPath.read(body, "$.items[*].id");
            assertThat(ids).hasSizeLessThanOrEqualTo(2);
            assertThat(seen).doesNotContainAnyElementsOf(ids);
            seen.addAll(ids);
            cursor = JsonPath.read(body, "$.nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isGreaterThanOrEqualTo(2);
        assertThat(seen).hasSizeGreaterThanOrEqualTo(mine.size());
    }

    @Test
    void someoneElsesTokenCannotBeRevoked() throws Exception {
        Issued issued = issue("alice", IdentityFixtures.unique("not-yours"));

        mvc.perform(delete("/api/v1/me/tokens/{id}", issued.id()).with(httpBasic("bob", "bob")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/me").with(bearer(issued.token()))).andExpect(status().isOk());
    }

    @Test
    void issuingATokenIsAudited() throws Exception {
        Issued issued = issue("alice", IdentityFixtures.unique("audited"));

        assertThat(jdbc.queryForObject("select actor from audit_events where action = 'token.created' and target = ?",
                String.class, String.valueOf(issued.id()))).isEqualTo("alice");
        assertThat(jdbc.queryForObject("select count(*) from audit_events where details::text like ?",
                Integer.class, "%" + issued.token() + "%")).isZero();
    }

    @Test
    void invalidTokenRequestsNameEachField() throws Exception {
        mvc.perform(post("/api/v1/me/tokens").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(IdentityFixtures.json("{'name':' ','expiresInDays':400}")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[?(@.field == 'name')].message")
                        .value(IdentityRules.TOKEN_NAME_MESSAGE))
                .andExpect(jsonPath("$.errors[?(@.field == 'expiresInDays')].message")
                        .value(IdentityRules.TOKEN_DAYS_MESSAGE));
    }

    @Test
    void aListLimitOutOfRangeIsRefusedNamingTheParameter() throws Exception {
        mvc.perform(get("/api/v1/me/tokens").param("limit", "501").with(httpBasic("alice", "alice")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("limit"))
                .andExpect(jsonPath("$.errors[0].message").value(dev.slipway.common.PageRequest.limitMessage(50, 500)));
    }
}
