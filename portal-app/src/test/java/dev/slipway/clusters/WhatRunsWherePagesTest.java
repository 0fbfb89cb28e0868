package dev.slipway.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.NewService;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.common.TeamRole;
import dev.slipway.deploy.DeploymentService;
import dev.slipway.identity.IdentityService;
import dev.slipway.identity.IdentityService.NewTeam;
import dev.slipway.testsupport.Kubeconfigs;
import dev.slipway.testsupport.SlipwayTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/** A team page lists the team's services; an environment page lists what is deployed there. */
@SlipwayTest
class WhatRunsWherePagesTest {

    @Autowired MockMvc mvc;
    @Autowired JdbcTemplate jdbc;
    @Autowired IdentityService identity;
    @Autowired CatalogService catalog;
    @Autowired ClusterService clusters;
    @Autowired DeploymentService deployments;

    private final String suffix = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void aTeamPageListsTheTeamsServicesWithLinks() throws Exception {
        String team = "tp-" + suffix;
        String empty = "tq-" + suffix;
        identity.createTeam(identity.actor("carol"), new NewTeam(team, "Team page"));
        identity.createTeam(identity.actor("carol"), new NewTeam(empty, "Nothing yet"));
        identity.setMembership(identity.actor("carol"), team, "alice", TeamRole.ENGINEER);
        catalog.createService(identity.actor("alice"), new NewService("tp-api-" + suffix, team, "Checkout API", null,
                ServiceSpec.ofImage("registry.example.com/tp/api:1")));
        catalog.createService(identity.actor("alice"), new NewService("tp-web-" + suffix, team, "", null,
                ServiceSpec.ofImage("registry.example.com/tp/web:1")));

        String page = page("/teams/" + team);

        assertThat(page).contains("data-testid=\"team-services\"")
                .contains("href=\"/services/tp-api-" + suffix + "\"", "href=\"/services/tp-web-" + suffix + "\"")
                .contains("Checkout API");
        assertThat(page("/teams/" + empty)).contains("owns no services yet").doesNotContain("tp-api-" + suffix);
    }

    @Test
    void anEnvironmentPageListsWhatIsDeployedThereWithRevisionStateAndTime() throws Exception {
        var carol = identity.actor("carol");
        var alice = identity.actor("alice");
        String cluster = "wr-" + suffix;
        clusters.register(carol, cluster, Kubeconfigs.UNREACHABLE);
        String env = "wr-env-" + suffix;
        String other = "wr-other-" + suffix;
        clusters.saveEnvironment(carol, new EnvironmentCommand(env, cluster, null, 0, true, null, null), true);
        clusters.saveEnvironment(carol, new EnvironmentCommand(other, cluster, null, 0, true, null, null), true);
        assertThat(page("/environments/" + env)).contains("Nothing has been deployed here yet.");
        String running = "wr-run-" + suffix;
        String waiting = "wr-wait-" + suffix;
        for (String name : new String[] {running, waiting}) {
            catalog.createService(alice, new NewService(name, "payments", "", null,
                    ServiceSpec.ofImage("registry.example.com/payments/" + name + ":1")));
        }
        long synced = deployments.request(alice, running, 1, env, "first").id();
        long pending = deployments.request(alice, waiting, 1, env, "second").id();
        deployments.request(alice, waiting, 1, other, "elsewhere");
        // What a finished sync leaves behind (a sync needs a cluster that runs pods; the deployer's tests prove it).
        jdbc.update("update deployment_requests set state = 'SYNCED', synced_at = now() where id = ?", synced);
        jdbc.update("""
                insert into deployed_state (service_id, environment_id, request_id, revision, rendered_hash, synced_at)
                select r.service_id, r.environment_id, r.id, r.revision, repeat('0', 64), now()
                from deployment_requests r where r.id = ?""", synced);

        String page = page("/environments/" + env);

        assertThat(page).contains("data-testid=\"deployed-services\"")
                .contains("href=\"/services/" + running + "/environments/" + env + "\"")
                .contains("href=\"/services/" + running + "/revisions/1\"")
                .contains("href=\"/deployments/" + synced + "\">SYNCED</a>")
                .contains("href=\"/deployments/" + pending + "\">PENDING_APPROVAL</a>")
                .contains("not running here")
                .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");
        assertThat(page.indexOf(running)).isLessThan(page.indexOf(waiting));
        assertThat(page("/environments/" + other)).doesNotContain(running);
    }

    private String page(String path) throws Exception {
        var result = mvc.perform(get(path).with(user("alice"))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }
}
