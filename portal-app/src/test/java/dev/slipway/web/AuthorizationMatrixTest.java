package dev.slipway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import dev.slipway.testsupport.Kubeconfigs;
import dev.slipway.testsupport.SlipwayTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of Slipway times every role: allowed (anything but 401/403 and the sign-in redirect)
 * or refused (401 or the sign-in page for anonymous callers, 403 for signed-in ones). A route that
 * is not listed here fails the first test, so a new route cannot slip in unreviewed.
 */
@SlipwayTest
class AuthorizationMatrixTest {

    /** anonymous, an engineer and a lead of payments, an engineer of search, a platform admin. */
    static final List<String> ACTORS = List.of("anonymous", "alice", "bob", "dave", "carol");
    static final Set<String> EVERYONE = Set.of("anonymous", "alice", "bob", "dave", "carol");
    static final Set<String> SIGNED_IN = Set.of("alice", "bob", "dave", "carol");
    static final Set<String> PAYMENTS = Set.of("alice", "bob");
    static final Set<String> ADMIN = Set.of("carol");

    @Autowired MockMvc mvc;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
    @Autowired dev.slipway.identity.IdentityService identity;
    @Autowired dev.slipway.catalog.CatalogService catalog;
    @Autowired dev.slipway.clusters.ClusterService clusters;
    @Autowired dev.slipway.deploy.DeploymentService deployments;
    @Autowired dev.slipway.secrets.SecretsService secrets;

    record Rule(HttpMethod method, String pattern, Set<String> allowed, String body) {}

    /** What the routes point at: one service of payments, an environment needing approval, a waiting request. */
    record Data(String service, String cluster, String environment, long deploymentId) {}

    private static Data shared;
    private Data data;

    @BeforeEach
    void fixtures() {
        synchronized (AuthorizationMatrixTest.class) {
            if (shared == null) {
                String suffix = UUID.randomUUID().toString().substring(0, 6);
                var carol = identity.actor("carol");
                var alice = identity.actor("alice");
                String cluster = "mx-cl-" + suffix;
                clusters.register(carol, cluster, Kubeconfigs.UNREACHABLE);
                String env = "mx-env-" + suffix;
                clusters.saveEnvironment(carol, new dev.slipway.clusters.EnvironmentCommand(env, cluster, null, 0, true,
                        null, null), true);
                String service = "mx-svc-" + suffix;
                catalog.createService(alice, new dev.slipway.catalog.NewService(service, "payments", "", null,
                        new dev.slipway.catalog.ServiceSpec("registry.example.com/payments/api:1", 1, null, null, null,
                                null, null, List.of("DB_PASSWORD"), null, null, null, null)));
                secrets.set(alice, service, "DB_PASSWORD", null, "matrix-secret");
                long id = deployments.request(alice, service, null, env, "matrix").id();
                shared = new Data(service, cluster, env, id);
            }
            data = shared;
        }
    }

    /** The expectations: every route Slipway serves, and who may use it. */
    List<Rule> rules() {
        String s = data.service();
        long d = data.deploymentId();
        String env = data.environment();
        String cluster = data.cluster();
        String spec = "{\"image\":\"registry.example.com/payments/api:1\"}";
        List<Rule> rules = new ArrayList<>();
        // pages
        rules.add(page(HttpMethod.GET, "/login", EVERYONE));
        rules.add(page(HttpMethod.GET, "/", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services/new", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/services", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services/" + s, SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/panel", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/stream", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/revisions/1", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/diff?from=1&to=1", SIGNED_IN));
        for (String section : List.of("container", "ports", "resources", "config", "files", "secrets", "ingress",
                "autoscaling", "probes", "monitoring", "overrides", "info")) {
            rules.add(page(HttpMethod.GET, "/services/" + s + "/edit/" + section, PAYMENTS));
            rules.add(page(HttpMethod.POST, "/services/" + s + "/edit/" + section, PAYMENTS));
        }
        rules.add(page(HttpMethod.POST, "/services/" + s + "/edit/overrides/remove", PAYMENTS));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/secrets", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/services/" + s + "/secrets/DB_PASSWORD", PAYMENTS));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/secrets/DB_PASSWORD/delete", PAYMENTS));
        rules.add(page(HttpMethod.POST, "/services/" + s + "/secrets/DB_PASSWORD/delete", PAYMENTS));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/plan", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/services/" + s + "/deployments", PAYMENTS));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/environments/" + env, SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/environments/" + env + "/panel", SIGNED_IN));
        // Logs carry what the team's code prints: its members and platform admins only (issue 18).
        rules.add(page(HttpMethod.GET, "/services/" + s + "/environments/" + env + "/logs?pod=none", Set.of("alice", "bob", "carol")));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/environments/" + env + "/logs", Set.of("alice", "bob", "carol")));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/environments/" + env + "/timeline", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/environments/" + env + "/logs/stream", Set.of("alice", "bob", "carol")));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/environments/" + env + "/logs/download?lines=5", Set.of("alice", "bob", "carol")));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/environments/" + env + "/metrics", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/environments/" + env + "/status/stream", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/services/" + s + "/environments/" + env + "/objects/Deployment/" + s, SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/services/" + s + "/environments/" + env + "/reapply", Set.of("alice", "bob", "carol")));
        rules.add(page(HttpMethod.POST, "/services/" + s + "/environments/" + env + "/restart", Set.of("alice", "bob", "carol")));
        rules.add(page(HttpMethod.GET, "/deployments", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/deployments/" + d, SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/deployments/" + d + "/panel", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/deployments/" + d + "/retry", Set.of("alice", "bob", "carol")));
        rules.add(page(HttpMethod.POST, "/deployments/" + d + "/cancel", Set.of("alice", "bob", "carol")));
        rules.add(page(HttpMethod.POST, "/deployments/" + d + "/approve", Set.of("bob")));
        rules.add(page(HttpMethod.POST, "/deployments/" + d + "/reject", Set.of("bob")));
        // Release flow (issue 16): promotions by the team's members, window overrides by its leads.
        rules.add(page(HttpMethod.POST, "/services/" + s + "/promotions", PAYMENTS));
        rules.add(page(HttpMethod.POST, "/deployments/" + d + "/override-window", Set.of("bob")));
        rules.add(page(HttpMethod.GET, "/approvals", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/approvals/panel", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/teams/payments/webhook", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/teams/payments/webhook", ADMIN));
        rules.add(page(HttpMethod.POST, "/teams/payments/webhook/remove", ADMIN));
        rules.add(page(HttpMethod.GET, "/insights", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/audit", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/audit/999999999", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/audit/export?format=csv", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/audit/verify", ADMIN));
        rules.add(page(HttpMethod.POST, "/audit/verify", ADMIN));
        rules.add(page(HttpMethod.GET, "/teams", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/teams/new", ADMIN));
        rules.add(page(HttpMethod.POST, "/teams", ADMIN));
        rules.add(page(HttpMethod.GET, "/teams/payments", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/teams/payments/members", ADMIN));
        rules.add(page(HttpMethod.POST, "/teams/payments/members/nobody", ADMIN));
        rules.add(page(HttpMethod.POST, "/teams/payments/members/nobody/remove", ADMIN));
        rules.add(page(HttpMethod.GET, "/users", ADMIN));
        rules.add(page(HttpMethod.POST, "/users", ADMIN));
        rules.add(page(HttpMethod.GET, "/me/tokens", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/me/tokens", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/me/tokens/999999/revoke", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/me/unsaved", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/me/no-team", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/me/unsaved/discard", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/clusters", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/clusters", ADMIN));
        rules.add(page(HttpMethod.GET, "/clusters/" + cluster, SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/clusters/" + cluster + "/check", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/clusters/" + cluster + "/kubeconfig", ADMIN));
        rules.add(page(HttpMethod.POST, "/clusters/" + cluster + "/kubeconfig", ADMIN));
        rules.add(page(HttpMethod.GET, "/clusters/" + cluster + "/delete", ADMIN));
        rules.add(page(HttpMethod.POST, "/clusters/" + cluster + "/delete", ADMIN));
        rules.add(page(HttpMethod.GET, "/environments", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/environments", ADMIN));
        rules.add(page(HttpMethod.GET, "/environments/" + env, SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/environments/" + env + "/panel", SIGNED_IN));
        rules.add(page(HttpMethod.GET, "/environments/" + env + "/stream", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/environments/" + env, ADMIN));
        // golden paths (issue 17): admins publish and start campaigns, leads decide, everyone signed in reads
        rules.add(page(HttpMethod.GET, "/templates", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/templates", ADMIN));
        rules.add(page(HttpMethod.GET, "/templates/mx-no-template", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/templates/mx-no-template/versions", ADMIN));
        rules.add(page(HttpMethod.POST, "/templates/mx-no-template/campaigns", ADMIN));
        rules.add(page(HttpMethod.GET, "/campaigns/999999999", SIGNED_IN));
        rules.add(page(HttpMethod.POST, "/campaigns/999999999/accept", Set.of("bob")));
        rules.add(page(HttpMethod.POST, "/campaigns/999999999/decline", Set.of("bob")));
        // API
        rules.add(api(HttpMethod.GET, "/api/v1/me", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/me/tokens", SIGNED_IN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/me/tokens", SIGNED_IN, "{\"name\":\"matrix\",\"expiresInDays\":1}"));
        rules.add(api(HttpMethod.DELETE, "/api/v1/me/tokens/999999", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/teams", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/teams/payments", SIGNED_IN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/teams", ADMIN, "{}"));
        rules.add(api(HttpMethod.PUT, "/api/v1/teams/payments/members/nobody", ADMIN, "{\"role\":\"ENGINEER\"}"));
        rules.add(api(HttpMethod.DELETE, "/api/v1/teams/payments/members/nobody", ADMIN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/users", ADMIN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/users/alice", ADMIN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/users", ADMIN, "{}"));
        rules.add(api(HttpMethod.POST, "/api/v1/services", PAYMENTS,
                "{\"name\":\"m-" + UUID.randomUUID().toString().substring(0, 6) + "\",\"team\":\"payments\",\"spec\":" + spec + "}"));
        rules.add(api(HttpMethod.GET, "/api/v1/services", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s, SIGNED_IN, null));
        rules.add(api(HttpMethod.PUT, "/api/v1/services/" + s, PAYMENTS, "{\"description\":\"matrix\"}"));
        rules.add(api(HttpMethod.PATCH, "/api/v1/services/" + s, PAYMENTS, "{\"description\":\"matrix\"}"));
        rules.add(api(HttpMethod.POST, "/api/v1/services/" + s + "/revisions", PAYMENTS, "{\"baseRevision\":1,\"spec\":" + spec + "}"));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/revisions", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/revisions/1", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/revisions/1/diff/1", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/secrets", SIGNED_IN, null));
        rules.add(api(HttpMethod.PUT, "/api/v1/services/" + s + "/secrets/DB_PASSWORD", PAYMENTS, "{\"value\":\"x\"}"));
        rules.add(api(HttpMethod.DELETE, "/api/v1/services/" + s + "/secrets/DB_PASSWORD", PAYMENTS, null));
        rules.add(api(HttpMethod.POST, "/api/v1/secrets/reencrypt", ADMIN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/services/" + s + "/deployments", PAYMENTS, "{\"environment\":\"" + env + "\"}"));
        rules.add(api(HttpMethod.GET, "/api/v1/deployments", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/deployments/" + d, SIGNED_IN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/deployments/" + d + "/retry", Set.of("alice", "bob", "carol"), null));
        rules.add(api(HttpMethod.POST, "/api/v1/deployments/" + d + "/cancel", Set.of("alice", "bob", "carol"), null));
        rules.add(api(HttpMethod.POST, "/api/v1/deployments/" + d + "/approve", Set.of("bob"), "{\"comment\":\"ok\"}"));
        rules.add(api(HttpMethod.POST, "/api/v1/deployments/" + d + "/reject", Set.of("bob"), "{\"comment\":\"no\"}"));
        rules.add(api(HttpMethod.POST, "/api/v1/services/" + s + "/promotions", PAYMENTS, "{\"to\":\"" + env + "\"}"));
        rules.add(api(HttpMethod.GET, "/api/v1/deployments/" + d + "/blockers", SIGNED_IN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/deployments/" + d + "/override-window", Set.of("bob"),
                "{\"reason\":\"matrix\"}"));
        rules.add(api(HttpMethod.GET, "/api/v1/approvals", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/insights", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/audit", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/audit/export?format=jsonl", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/audit/verify", ADMIN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/teams/payments/webhook", SIGNED_IN, null));
        rules.add(api(HttpMethod.PUT, "/api/v1/teams/payments/webhook", ADMIN, "{\"url\":\"not a url\"}"));
        rules.add(api(HttpMethod.DELETE, "/api/v1/teams/payments/webhook", ADMIN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/plan?environment=" + env, SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/approvers?environment=" + env, SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/environments/" + env + "/status", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/environments/" + env + "/timeline", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/environments/" + env + "/logs?pod=none", Set.of("alice", "bob", "carol"), null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/environments/" + env + "/logs/stream", Set.of("alice", "bob", "carol"), null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/environments/" + env + "/logs/download?lines=5", Set.of("alice", "bob", "carol"), null));
        rules.add(api(HttpMethod.GET, "/api/v1/services/" + s + "/environments/" + env + "/metrics", SIGNED_IN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/services/" + s + "/environments/" + env + "/reapply",
                Set.of("alice", "bob", "carol"), null));
        rules.add(api(HttpMethod.POST, "/api/v1/services/" + s + "/environments/" + env + "/restart",
                Set.of("alice", "bob", "carol"), null));
        rules.add(api(HttpMethod.POST, "/api/v1/clusters", ADMIN, "{}"));
        rules.add(api(HttpMethod.GET, "/api/v1/clusters", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/clusters/" + cluster, SIGNED_IN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/clusters/" + cluster + "/check", SIGNED_IN, null));
        rules.add(api(HttpMethod.PUT, "/api/v1/clusters/" + cluster, ADMIN, "{}"));
        rules.add(api(HttpMethod.DELETE, "/api/v1/clusters/" + cluster, ADMIN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/environments", ADMIN, "{}"));
        rules.add(api(HttpMethod.PUT, "/api/v1/environments/" + env, ADMIN, "{}"));
        rules.add(api(HttpMethod.GET, "/api/v1/environments", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/environments/" + env, SIGNED_IN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/templates", ADMIN, "{}"));
        rules.add(api(HttpMethod.GET, "/api/v1/templates", SIGNED_IN, null));
        rules.add(api(HttpMethod.GET, "/api/v1/templates/mx-no-template", SIGNED_IN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/templates/mx-no-template/versions", ADMIN, "{}"));
        rules.add(api(HttpMethod.POST, "/api/v1/templates/mx-no-template/campaigns", ADMIN, "{\"version\":2}"));
        rules.add(api(HttpMethod.GET, "/api/v1/campaigns/999999999", SIGNED_IN, null));
        rules.add(api(HttpMethod.POST, "/api/v1/campaigns/999999999/accept", Set.of("bob"), "{\"services\":[\"" + s + "\"]}"));
        rules.add(api(HttpMethod.POST, "/api/v1/campaigns/999999999/decline", Set.of("bob"),
                "{\"services\":[\"" + s + "\"],\"reason\":\"no\"}"));
        return rules;
    }

    @Test
    void everyRouteIsListedInTheMatrix() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            String type = method.getBeanType().getPackageName();
            if (!type.startsWith("dev.slipway")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                for (var verb : info.getMethodsCondition().getMethods()) {
                    served.add(verb.name() + " " + pattern);
                }
            }
        });
        Set<String> listed = rules().stream()
                .map(r -> r.method().name() + " " + normalize(r))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> servedNormalized = served.stream()
                .map(route -> route.replaceAll("\\{[^}]+}", "{}"))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(listed).as("routes in the matrix but not served").isSubsetOf(servedNormalized);
        assertThat(servedNormalized).as("served routes missing from the matrix").isSubsetOf(listed);
    }

    @Test
    void everyRoleGetsExactlyWhatTheMatrixSays() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Rule rule : rules()) {
            for (String actor : ACTORS) {
                var response = mvc.perform(request(rule, actor)).andReturn().getResponse();
                int status = response.getStatus();
                String location = response.getRedirectedUrl();
                boolean refused = status == 401 || status == 403
                        || (status == 302 && location != null && location.endsWith("/login"));
                boolean allowed = rule.allowed().contains(actor);
                if (allowed == refused || status == 500) {
                    wrong.add(rule.method() + " " + rule.pattern() + " as " + actor + ": " + status
                            + (location == null ? "" : " -> " + location) + " (expected " + (allowed ? "allowed" : "refused") + ")");
                }
                if (refused && rule.pattern().startsWith("/api/") && "anonymous".equals(actor)) {
                    if (status != 401) {
                        wrong.add(rule.method() + " " + rule.pattern() + " as anonymous: " + status + " (expected 401)");
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private MockHttpServletRequestBuilder request(Rule rule, String actor) {
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(rule.method(), rule.pattern());
        boolean api = rule.pattern().startsWith("/api/");
        if (!"anonymous".equals(actor)) {
            request.with(api ? httpBasic(actor, actor) : user(actor).roles(roles(actor)));
        }
        if (!api && rule.method() != HttpMethod.GET) {
            request.with(csrf());
        }
        if (rule.body() != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(rule.body());
        }
        return request;
    }

    private static String[] roles(String actor) {
        return "carol".equals(actor) ? new String[] {"USER", "PLATFORM_ADMIN"} : new String[] {"USER"};
    }

    private static Rule page(HttpMethod method, String path, Set<String> allowed) {
        return new Rule(method, path, allowed, null);
    }

    private static Rule api(HttpMethod method, String path, Set<String> allowed, String body) {
        return new Rule(method, path, allowed, body);
    }

    /** Turns a concrete path back into its route shape, so it can be matched with the served patterns. */
    private String normalize(Rule rule) {
        String path = rule.pattern();
        String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        Map<String, String> values = Map.of(
                "/" + data.service() + "(/|$)", "/{}$1",
                "/" + data.deploymentId() + "(/|$)", "/{}$1",
                "/" + data.environment() + "(/|$)", "/{}$1",
                "/" + data.cluster() + "(/|$)", "/{}$1");
        for (var entry : values.entrySet()) {
            route = route.replaceAll(entry.getKey(), entry.getValue());
        }
        return route
                .replaceAll(rule.method() == HttpMethod.GET ? "^/services/\\{}/edit/(?!overrides$|info$)[a-z]+$" : "^$",
                        "/services/{}/edit/{}")
                .replaceAll("/revisions/1/diff/1$", "/revisions/{}/diff/{}")
                .replaceAll("/revisions/1$", "/revisions/{}")
                .replaceAll("/secrets/DB_PASSWORD", "/secrets/{}")
                .replaceAll("/objects/Deployment/", "/objects/{}/")
                .replaceAll("/teams/payments", "/teams/{}")
                .replaceAll("/members/nobody", "/members/{}")
                .replaceAll("/tokens/999999", "/tokens/{}")
                .replaceAll("/users/alice$", "/users/{}")
                .replaceAll("^/audit/999999999$", "/audit/{}")
                .replaceAll("/templates/mx-no-template", "/templates/{}")
                .replaceAll("/campaigns/999999999", "/campaigns/{}");
    }
}
