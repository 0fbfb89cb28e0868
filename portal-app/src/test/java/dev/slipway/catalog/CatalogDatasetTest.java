package dev.slipway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.identity.IdentityService;
import dev.slipway.testsupport.SlipwayTest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * The catalog answers correctly with 10,000 services in one team. Correctness only: how fast it
 * answers is measured by the benchmarks, never by a timeout here.
 */
@SlipwayTest
class CatalogDatasetTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired IdentityService identity;

    CatalogApi api;
    String team;

    @BeforeEach
    void tenThousandServicesInATeamOfTheirOwn() {
        api = new CatalogApi(mvc);
        team = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
        identity.createTeam(identity.actor("carol"), new IdentityService.NewTeam(team, "Bulk " + team));
        int inserted = jdbc.update("""
                with created as (
                    insert into services (name, team_id, description, latest_revision, created_by)
                    select ? || '-' || lpad(g::text, 5, '0'), t.id, 'bulk service ' || g, 1, 'dataset-test'
                    from generate_series(1, 10000) g, teams t where t.slug = ?
                    returning id)
                insert into revisions (service_id, number, spec, created_by)
                select id, 1, '{"image": "nginx:1.27", "replicas": 1}'::jsonb, 'dataset-test' from created
                """, team, team);
        assertThat(inserted).isEqualTo(10_000);
    }

    @Test
    void aFilteredPageAmongTenThousandServicesIsExact() throws Exception {
        JsonNode first = api.fetch("alice", "/api/v1/services?team={team}&q={q}&limit=4", team, team + "-0999").json();
        JsonNode second = api.fetch("alice", "/api/v1/services?team={team}&q={q}&limit=4&cursor={c}", team,
                team + "-0999", first.path("nextCursor").asString()).json();
        JsonNode third = api.fetch("alice", "/api/v1/services?team={team}&q={q}&limit=4&cursor={c}", team,
                team + "-0999", second.path("nextCursor").asString()).json();

        assertThat(names(first)).containsExactly(team + "-09990", team + "-09991", team + "-09992", team + "-09993");
        assertThat(names(second)).containsExactly(team + "-09994", team + "-09995", team + "-09996", team + "-09997");
        assertThat(names(third)).containsExactly(team + "-09998", team + "-09999");
        assertThat(third.path("nextCursor").isNull()).isTrue();
        JsonNode byDescription = api.fetch("alice", "/api/v1/services?team={team}&q=bulk service 4242", team).json();
        assertThat(names(byDescription)).containsExactly(team + "-04242");
    }

    @Test
    void walkingTheTeamInPagesOf500SeesEveryServiceOnceInOrder() throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        int duplicates = 0;
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = api.fetch("dave", "/api/v1/services?team={team}&limit=500&cursor={c}", team, cursor).json();
            for (String name : names(page)) {
                duplicates += seen.add(name) ? 0 : 1;
            }
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 25);

        assertThat(duplicates).isZero();
        assertThat(pages).isEqualTo(20);
        assertThat(new ArrayList<>(seen)).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 10_000).mapToObj(i -> team + "-" + String.format("%05d", i)).toList());
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.path("items").forEach(item -> names.add(item.path("name").asString()));
        return names;
    }
}
