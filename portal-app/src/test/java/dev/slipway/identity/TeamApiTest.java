package dev.slipway.identity;

import static dev.slipway.identity.IdentityFixtures.json;
import static dev.slipway.identity.IdentityFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.slipway.testsupport.SlipwayTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Teams and memberships through the API: everyone reads, platform admins change. */
@SlipwayTest
class TeamApiTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;

    private ResultActions createTeam(String username, String body) throws Exception {
        return mvc.perform(post("/api/v1/teams").with(httpBasic(username, username))
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions setRole(String teamSlug, String member, String role) throws Exception {
        return mvc.perform(put("/api/v1/teams/{slug}/members/{username}", teamSlug, member)
                .with(httpBasic("carol", "carol"))
                .contentType(MediaType.APPLICATION_JSON).content(json("{'role':'%s'}", role)));
    }

    @Test
    void anEngineerCannotCreateATeam() throws Exception {
        String slug = unique("nope");

        createTeam("alice", json("{'slug':'%s','name':'Nope'}", slug))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));

        assertThat(jdbc.queryForObject("select count(*) from teams where slug = ?", Integer.class, slug)).isZero();
    }

    @Test
    void aPlatformAdminCreatesATeamAndTheCreationIsAudited() throws Exception {
        String slug = unique("checkout");

        createTeam("carol", json("{'slug':'%s','name':'Checkout'}", slug))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/teams/" + slug))
                .andExpect(jsonPath("$.slug").value(slug))
                .andExpect(jsonPath("$.name").value("Checkout"));

        assertThat(jdbc.queryForList("select actor, team from audit_events where action = 'team.created' and target = ?",
                        slug))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get("actor")).isEqualTo("carol");
                    assertThat(row.get("team")).isEqualTo(slug);
                });
        mvc.perform(get("/api/v1/teams/{slug}", slug).with(httpBasic("alice", "alice")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Checkout"))
                .andExpect(jsonPath("$.members").isEmpty());
    }

    @Test
    void aSecondTeamWithTheSameSlugIsAConflict() throws Exception {
        String slug = unique("twice");
        createTeam("carol", json("{'slug':'%s','name':'Once'}", slug)).andExpect(status().isCreated());

        createTeam("carol", json("{'slug':'%s','name':'Twice'}", slug))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void invalidTeamFieldsAreNamedWithWhatWouldBeAccepted() throws Exception {
        createTeam("carol", json("{'slug':'Not_A_Label','name':''}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[?(@.field == 'slug')].message").value(IdentityRules.SLUG_MESSAGE))
                .andExpect(jsonPath("$.errors[?(@.field == 'name')].message").value(IdentityRules.TEAM_NAME_MESSAGE));
    }

    @Test
    void oneInvalidFieldIsNamedInTheDetailToo() throws Exception {
        createTeam("carol", json("{'name':'No slug'}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value("slug: " + IdentityRules.SLUG_MESSAGE));
    }

    @Test
    void theSlugNewIsReservedForTheNewTeamPage() throws Exception {
        createTeam("carol", json("{'slug':'new','name':'New'}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("slug"))
                .andExpect(jsonPath("$.errors[0].message").value(IdentityRules.RESERVED_SLUG_MESSAGE));
    }

    @Test
    void aBodyThatIsNotJsonIs400Problem() throws Exception {
        createTeam("carol", "{\"slug\": ")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400));
    }

    @Test
    void aPlatformAdminAddsPromotesAndRemovesAMember() throws Exception {
        String slug = unique("members");
        createTeam("carol", json("{'slug':'%s','name':'Members'}", slug)).andExpect(status().isCreated());

        setRole(slug, "dave", "ENGINEER")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.username").value("dave"))
                .andExpect(jsonPath("$.displayName").value("Dave Engineer"))
                .andExpect(jsonPath("$.role").value("ENGINEER"));
        setRole(slug, "dave", "LEAD").andExpect(status().isOk());

        mvc.perform(get("/api/v1/teams/{slug}", slug).with(httpBasic("dave", "dave")))
                .andExpect(jsonPath("$.members[0].username").value("dave"))
                .andExpect(jsonPath("$.members[0].role").value("LEAD"));
        mvc.perform(get("/api/v1/me").with(httpBasic("dave", "dave")))
                .andExpect(jsonPath("$.teams[?(@.slug == '" + slug + "')].role").value("LEAD"));

        mvc.perform(delete("/api/v1/teams/{slug}/members/{username}", slug, "dave").with(httpBasic("carol", "carol")))
                .andExpect(status().isNoContent());

        mvc.perform(get("/api/v1/teams/{slug}", slug).with(httpBasic("dave", "dave")))
                .andExpect(jsonPath("$.members").isEmpty());
        assertThat(jdbc.queryForList("select action from audit_events where team = ? and action like 'team.member.%'"
                        + " order by id", String.class, slug))
                .containsExactly("team.member.set", "team.member.set", "team.member.removed");
    }

    @Test
    void removingSomeoneWhoIsNotAMemberIsNotFound() throws Exception {
        mvc.perform(delete("/api/v1/teams/{slug}/members/{username}", "payments", "erin").with(httpBasic("carol", "carol")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void anUnknownRoleIsRefusedNamingTheField() throws Exception {
        setRole("payments", "alice", "OWNER")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("role"))
                .andExpect(jsonPath("$.errors[0].message").value(IdentityRules.ROLE_MESSAGE));
    }

    @Test
    void membershipOfAnUnknownUserOrTeamIsNotFound() throws Exception {
        setRole("payments", unique("ghost"), "ENGINEER").andExpect(status().isNotFound());
        setRole(unique("ghost-team"), "alice", "ENGINEER").andExpect(status().isNotFound());
    }

    @Test
    void aLeadCannotChangeMemberships() throws Exception {
        mvc.perform(put("/api/v1/teams/payments/members/alice").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content(json("{'role':'LEAD'}")))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/api/v1/teams/payments/members/alice").with(httpBasic("bob", "bob")))
                .andExpect(status().isForbidden());

        mvc.perform(get("/api/v1/teams/payments").with(httpBasic("bob", "bob")))
                .andExpect(jsonPath("$.members[?(@.username == 'alice')].role").value("ENGINEER"));
    }

    @Test
    void everyoneSignedInCanListTeamsPageByPage() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String slug = unique("listed");
            createTeam("carol", json("{'slug':'%s','name':'Listed'}", slug)).andExpect(status().isCreated());
            created.add(slug);
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = get("/api/v1/teams").param("limit", "2").with(httpBasic("alice", "alice"));
            if (cursor != null) {
                request.param("cursor", cursor);
            }
            String body = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            List<String> slugs = JsonPath.read(body, "$.items[*].slug");
            assertThat(slugs).hasSizeLessThanOrEqualTo(2);
            seen.addAll(slugs);
            cursor = JsonPath.read(body, "$.nextCursor");
        } while (cursor != null);

        assertThat(seen).doesNotHaveDuplicates().isSorted().contains("payments", "search").containsAll(created);
    }

    @Test
    void anUnknownTeamIsNotFound() throws Exception {
        mvc.perform(get("/api/v1/teams/{slug}", unique("missing")).with(httpBasic("alice", "alice")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
