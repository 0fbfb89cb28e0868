package dev.slipway.secrets;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Stored versions of secret values; only {@link SecretsService} uses it. */
interface SecretValueRepository extends JpaRepository<SecretValue, Long> {

    @Query("select coalesce(max(v.version), 0) from SecretValue v"
            + " where v.serviceId = ?1 and v.secretKey = ?2 and v.environment = ?3")
    int latestVersion(long serviceId, String key, String environment);

    Optional<SecretValue> findByServiceIdAndSecretKeyAndEnvironmentAndVersion(long serviceId, String key,
            String environment, int version);

    /** The newest version of every (key, environment) of a service, deletions included. */
    @Query("select v from SecretValue v where v.serviceId = ?1 and v.version = (select max(w.version)"
            + " from SecretValue w where w.serviceId = v.serviceId and w.secretKey = v.secretKey"
            + " and w.environment = v.environment) order by v.secretKey, v.environment")
    List<SecretValue> latestOfService(long serviceId);

    /** Sealed values under any key but {@code keyId}, in id order; deletions have no key and never match. */
    List<SecretValue> findByKeyIdNotAndIdGreaterThanOrderById(String keyId, long afterId, Limit limit);

    @Query("select v.keyId, count(v) from SecretValue v where v.keyId is not null group by v.keyId")
    List<Object[]> countByKeyId();
}
