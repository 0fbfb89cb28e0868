package dev.slipway.deploy.render;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.RevisionView;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.ServiceView;
import dev.slipway.catalog.SpecMerge;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.common.InvalidInputException;
import dev.slipway.secrets.SecretsService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Gathers what rendering needs (revision, effective spec for the environment, namespace, decrypted
 * secret values) and renders. The result's hash is what an approval binds to.
 */
@Component
public class DeploymentRendering {

    /** The objects of one revision in one environment. Holds secret values: never log or show {@code manifests} unmasked. */
    public record Rendered(String service, String team, String environment, String namespace, int revision,
            ServiceSpec effectiveSpec, List<Manifest> manifests, String hash) {

        public Map<String, String> ownerLabels() {
            return SlipwayLabels.owner(service, environment);
        }

        Map<String, String> podSelector() {
            return SlipwayLabels.pods(service, environment);
        }

        List<Manifest> masked() {
            return manifests.stream().map(Manifest::masked).toList();
        }
    }

    private final CatalogService catalog;
    private final SecretsService secrets;

    DeploymentRendering(CatalogService catalog, SecretsService secrets) {
        this.catalog = catalog;
        this.secrets = secrets;
    }

    public Rendered render(ServiceView service, int revisionNumber, EnvironmentView environment) {
        RevisionView revision = catalog.revision(service.name(), revisionNumber);
        String namespace = environment.namespaceFor(service.team(), service.name());
        if (!namespace.matches("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")) {
            throw new InvalidInputException("environment", "gives the namespace '" + namespace + "' for this service,"
                    + " which is not a valid DNS-1123 label; ask a platform admin to shorten the namespace template");
        }
        ServiceSpec effective = SpecMerge.forEnvironment(revision.spec(), environment.name());
        Map<String, String> values = secrets.resolve(service.name(), revisionNumber, environment.name());
        Map<String, Integer> versions = new HashMap<>();
        revision.secretVersions().forEach((key, perEnvironment) -> {
            Integer version = perEnvironment.getOrDefault(environment.name(), perEnvironment.get("*"));
            if (version != null) {
                versions.put(key, version);
            }
        });
        List<Manifest> manifests = ManifestRenderer.render(new RenderRequest(service.name(), service.team(),
                environment.name(), namespace, revisionNumber, effective, values, versions));
        return new Rendered(service.name(), service.team(), environment.name(), namespace, revisionNumber, effective,
                manifests, ManifestRenderer.hash(manifests));
    }

    public List<String> missingSecrets(ServiceView service, int revision, EnvironmentView environment) {
        return secrets.missingValues(service.name(), revision, environment.name());
    }
}
