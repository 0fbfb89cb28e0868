package dev.slipway.deploy;

import dev.slipway.audit.DeployedRevisions;
import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentView;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Answers the audit pages from deploy's own requests; names are resolved by the features that own them. */
@Component
class RevisionsDeployedBefore implements DeployedRevisions {

    private final JdbcTemplate jdbc;
    private final CatalogService catalog;
    private final ClusterService clusters;

    RevisionsDeployedBefore(JdbcTemplate jdbc, CatalogService catalog, ClusterService clusters) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.clusters = clusters;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Integer> revisionDeployedBefore(String service, String environment, long requestId) {
        Optional<Long> serviceId = catalog.serviceId(service);
        Optional<Long> environmentId = clusters.environment(environment).map(EnvironmentView::id);
        if (serviceId.isEmpty() || environmentId.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.query("select revision from deployment_requests where service_id = ? and environment_id = ?"
                        + " and state = 'SYNCED' and id < ? order by id desc limit 1",
                (rs, i) -> rs.getInt(1), serviceId.get(), environmentId.get(), requestId).stream().findFirst();
    }
}
