package dev.slipway.clusters;

import dev.slipway.secrets.CredentialStore;
import dev.slipway.secrets.CredentialVault;
import dev.slipway.secrets.SealedCredential;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Cluster kubeconfigs as credentials a master key rotation re-seals (see {@link CredentialStore}). */
@Component
class ClusterCredentials implements CredentialStore {

    private final ClusterEntryRepository clusters;

    ClusterCredentials(ClusterEntryRepository clusters) {
        this.clusters = clusters;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Long> countByKeyId() {
        Map<String, Long> counts = new LinkedHashMap<>();
        clusters.findAll().stream()
                .filter(cluster -> cluster.kubeconfigKeyId() != null)
                .forEach(cluster -> counts.merge(cluster.kubeconfigKeyId(), 1L, Long::sum));
        return counts;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int resealAll(CredentialVault vault) {
        int resealed = 0;
        for (ClusterEntry cluster : clusters.findAll()) {
            if (cluster.kubeconfigKeyId() == null || cluster.kubeconfigKeyId().equals(vault.currentKeyId())) {
                continue;
            }
            SealedCredential sealed = vault.reseal(ClusterService.context(cluster.name()),
                    new SealedCredential(cluster.kubeconfigKeyId(), cluster.kubeconfigCiphertext()));
            cluster.reseal(sealed.bytes(), sealed.keyId());
            resealed++;
        }
        clusters.flush();
        return resealed;
    }
}
