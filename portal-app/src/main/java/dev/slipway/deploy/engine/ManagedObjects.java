package dev.slipway.deploy.engine;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceDeployments.ManagedObject;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.ClusterService;
import dev.slipway.deploy.render.Manifest;
import dev.slipway.deploy.render.ResourceKind;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The objects a service may have in an environment: every namespaced object a sync was about to apply,
 * recorded before it applies anything, so an object created by a sync that then failed half-way is
 * still known. Pruning deletes what is recorded and no longer rendered; that replaces a label-selector
 * list of each kind on every sync (six API calls) and also finds objects left in a namespace the
 * environment no longer renders to. Namespaces are shared by a team's services and never recorded.
 */
@Component
public class ManagedObjects {

    /** Marks a pair synced before objects were recorded (V42): its next sync prunes by label selector. */
    private static final String UNRECORDED = "*";

    private final JdbcTemplate jdbc;
    private final CatalogService catalog;
    private final ClusterService clusters;

    ManagedObjects(JdbcTemplate jdbc, CatalogService catalog, ClusterService clusters) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.clusters = clusters;
    }

    /**
     * How a sync finds what to prune: the recorded objects no longer rendered or, for a pair that predates
     * the record, a list of each kind by Slipway's labels (as the drift loop does).
     */
    record PruneScope(boolean byLabels, List<ClusterPlanner.Pruned> recorded) {}

    /**
     * Records the namespaced objects of {@code rendered} for the pair, in its own transaction and before
     * anything is applied, and says how this sync finds what to prune.
     */
    @Transactional
    PruneScope recordBeforeApply(long serviceId, long environmentId, List<Manifest> rendered) {
        List<Object[]> rows = rendered.stream()
                .filter(m -> m.kind().namespaced())
                .map(m -> new Object[] {serviceId, environmentId, m.kind().kind(), m.namespace(), m.name()})
                .toList();
        jdbc.batchUpdate("insert into managed_objects (service_id, environment_id, kind, namespace, name)"
                + " values (?, ?, ?, ?, ?) on conflict do nothing", rows);
        List<String[]> recorded = jdbc.query("select kind, namespace, name from managed_objects"
                        + " where service_id = ? and environment_id = ?",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, serviceId, environmentId);
        if (recorded.stream().anyMatch(r -> r[0].equals(UNRECORDED))) {
            return new PruneScope(true, List.of());
        }
        Set<String> wanted = new HashSet<>();
        rendered.forEach(m -> wanted.add(m.key()));
        List<ClusterPlanner.Pruned> prune = recorded.stream()
                .flatMap(r -> ResourceKind.ofKind(r[0]).stream().map(kind -> new ClusterPlanner.Pruned(kind, r[1], r[2])))
                .filter(p -> !wanted.contains(p.key()))
                // Walk the apply order backwards, as pruning by label does: the Ingress before the Deployment.
                .sorted(Comparator.comparing((ClusterPlanner.Pruned p) -> p.kind().ordinal()).reversed()
                        .thenComparing(ClusterPlanner.Pruned::key))
                .toList();
        return new PruneScope(false, prune);
    }

    /**
     * What is recorded for a service, per environment name, in the order syncs apply it; the marker of a
     * pair not yet recorded is no object and is left out.
     */
    public Map<String, List<ManagedObject>> of(String serviceName) {
        record Row(String environment, ManagedObject object) {}
        // Names belong to the catalog and the clusters feature (docs/architecture.md): ids in, names out.
        Optional<Long> serviceId = catalog.service(serviceName).map(ServiceView::id);
        if (serviceId.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> environments = new HashMap<>();
        clusters.environments().forEach(e -> environments.put(e.id(), e.name()));
        List<Row> rows = jdbc.query("select environment_id, kind, namespace, name from managed_objects"
                        + " where service_id = ? and kind <> ?",
                (rs, i) -> new Row(environments.get(rs.getLong(1)),
                        new ManagedObject(rs.getString(2), rs.getString(3), rs.getString(4))),
                serviceId.get(), UNRECORDED).stream().filter(r -> r.environment() != null).toList();
        return rows.stream()
                .sorted(Comparator.comparing(Row::environment)
                        .thenComparing(r -> applyOrder(r.object().kind()))
                        .thenComparing(r -> r.object().namespace())
                        .thenComparing(r -> r.object().name()))
                .collect(Collectors.groupingBy(Row::environment, LinkedHashMap::new,
                        Collectors.mapping(Row::object, Collectors.toList())));
    }

    /** Kinds this Slipway no longer renders sort last rather than disappear: they are still recorded. */
    private static int applyOrder(String kind) {
        return ResourceKind.ofKind(kind).map(Enum::ordinal).orElse(Integer.MAX_VALUE);
    }

    /**
     * The owned-fields fingerprint each recorded object had when it was last applied, by
     * {@code Kind/namespace/name}; null for an object applied before fingerprints were recorded.
     */
    @Transactional(readOnly = true)
    public Map<String, String> appliedFingerprints(long serviceId, long environmentId) {
        Map<String, String> fingerprints = new java.util.HashMap<>();
        jdbc.query("select kind, namespace, name, applied_fingerprint from managed_objects"
                        + " where service_id = ? and environment_id = ? and kind <> ?",
                rs -> {
                    fingerprints.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3), rs.getString(4));
                }, serviceId, environmentId, UNRECORDED);
        return fingerprints;
    }

    /** Records what an apply returned, reduced to fingerprints by {@code Kind/namespace/name}. */
    @Transactional
    public void applied(long serviceId, long environmentId, Map<String, String> fingerprints) {
        jdbc.batchUpdate("update managed_objects set applied_fingerprint = ? where service_id = ? and environment_id = ?"
                        + " and kind = ? and namespace = ? and name = ?",
                fingerprints.entrySet().stream().map(e -> {
                    String[] key = e.getKey().split("/", 3);
                    return new Object[] {e.getValue(), serviceId, environmentId, key[0], key[1], key[2]};
                }).toList());
    }

    /** Takes live fingerprints as the applied ones, for objects the full comparison found unchanged. */
    @Transactional
    public void adoptFingerprints(long serviceId, long environmentId, Map<String, String> live) {
        applied(serviceId, environmentId, live);
    }

    /** After a successful sync: forgets what was pruned and, once labels were listed, the old-pair marker. */
    @Transactional(propagation = Propagation.MANDATORY)
    void synced(long serviceId, long environmentId, List<ClusterPlanner.Pruned> pruned) {
        jdbc.update("delete from managed_objects where service_id = ? and environment_id = ? and kind = ?", serviceId,
                environmentId, UNRECORDED);
        jdbc.batchUpdate("delete from managed_objects where service_id = ? and environment_id = ? and kind = ?"
                        + " and namespace = ? and name = ?",
                pruned.stream().map(p -> new Object[] {serviceId, environmentId, p.kind().kind(), p.namespace(), p.name()})
                        .toList());
    }
}
