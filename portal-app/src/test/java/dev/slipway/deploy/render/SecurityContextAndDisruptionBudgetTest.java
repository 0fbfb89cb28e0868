package dev.slipway.deploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.ServiceSpec.PodDisruptionBudget;
import dev.slipway.catalog.ServiceSpec.Port;
import dev.slipway.catalog.ServiceSpec.SecurityContext;
import dev.slipway.deploy.engine.ServerSideApplier;
import dev.slipway.testsupport.KubeNamespace;
import dev.slipway.testsupport.KubeTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The container security context and the PodDisruptionBudget that golden-path templates set
 * (docs/golden-paths.md): rendered only when the spec has them, accepted by a real kube-apiserver.
 */
@KubeTest
class SecurityContextAndDisruptionBudgetTest {

    private static RenderRequest request(String namespace, SecurityContext context, PodDisruptionBudget budget) {
        ServiceSpec spec = new ServiceSpec("registry.example.com/payments/api:1", 2, null, null,
                List.of(new Port("http", 8080, 80)), null, null, null, null, null, null, null, null, null, context,
                budget);
        return new RenderRequest("api", "payments", "prod", namespace, 3, spec, Map.of(), Map.of());
    }

    @Test
    void aSpecWithoutThemRendersNeitherSoNothingRollsOnUpgrade() {
        List<Manifest> manifests = ManifestRenderer.render(request("payments-prod", null, null));
        assertThat(manifests).extracting(Manifest::kind).doesNotContain(ResourceKind.POD_DISRUPTION_BUDGET);
        assertThat(manifests.toString()).doesNotContain("securityContext");
    }

    @Test
    void theSecurityContextLandsOnTheContainerAndTheBudgetSelectsTheDeploymentsPods(KubeNamespace ns) throws Exception {
        List<Manifest> manifests = ManifestRenderer.render(request(ns.name(),
                new SecurityContext(true, true, List.of("ALL")), new PodDisruptionBudget(1, null)));
        Manifest budget = manifests.get(manifests.size() - 1);
        assertThat(budget.kind()).isEqualTo(ResourceKind.POD_DISRUPTION_BUDGET);
        assertThat(budget.body().get("apiVersion").getAsString()).isEqualTo("policy/v1");

        var applier = new ServerSideApplier(ns.client());
        JsonObject deployment = null;
        JsonObject appliedBudget = null;
        for (Manifest manifest : manifests) {
            if (manifest.kind() == ResourceKind.NAMESPACE) {
                continue;
            }
            JsonObject applied = applier.apply(manifest.body(), false);
            if (manifest.kind() == ResourceKind.DEPLOYMENT) {
                deployment = applied;
            } else if (manifest.kind() == ResourceKind.POD_DISRUPTION_BUDGET) {
                appliedBudget = applied;
            }
        }
        JsonObject container = deployment.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
                .getAsJsonArray("containers").get(0).getAsJsonObject();
        JsonObject context = container.getAsJsonObject("securityContext");
        assertThat(context.get("runAsNonRoot").getAsBoolean()).isTrue();
        assertThat(context.get("readOnlyRootFilesystem").getAsBoolean()).isTrue();
        assertThat(context.getAsJsonObject("capabilities").getAsJsonArray("drop").get(0).getAsString()).isEqualTo("ALL");

        JsonObject spec = appliedBudget.getAsJsonObject("spec");
        assertThat(spec.get("minAvailable").getAsInt()).isEqualTo(1);
        assertThat(spec.getAsJsonObject("selector").getAsJsonObject("matchLabels"))
                .isEqualTo(deployment.getAsJsonObject("spec").getAsJsonObject("selector").getAsJsonObject("matchLabels"));
    }

    @Test
    void aBudgetMayGiveMaxUnavailableInstead() {
        List<Manifest> manifests = ManifestRenderer.render(request("payments-prod", null, new PodDisruptionBudget(null, 1)));
        JsonObject spec = manifests.get(manifests.size() - 1).body().getAsJsonObject("spec");
        assertThat(spec.has("minAvailable")).isFalse();
        assertThat(spec.get("maxUnavailable").getAsInt()).isEqualTo(1);
    }
}
