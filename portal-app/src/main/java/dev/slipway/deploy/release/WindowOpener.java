package dev.slipway.deploy.release;

import static dev.slipway.deploy.requests.RequestAudit.details;
import static dev.slipway.deploy.requests.RequestAudit.entry;

import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogService;
import dev.slipway.clusters.ClusterService;
import dev.slipway.clusters.EnvironmentView;
import dev.slipway.deploy.requests.DeployerWakeUp;
import dev.slipway.deploy.requests.DeploymentRequest;
import dev.slipway.deploy.requests.DeploymentRequestRepository;
import dev.slipway.deploy.requests.RequestState;
import dev.slipway.deploy.requests.SyncQueue;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts the requests that wait for a deployment window once their environment's window is open
 * (docs/release-flow.md, "Windows"): each goes back to the deployer's queue with the approval it had, audited
 * as {@code deployment.window_opened} by {@code slipway}. Runs every few seconds on every replica; the row
 * lock and the state check make one replica move a request once.
 */
@Component
public class WindowOpener {

    static final String ACTOR = "slipway";
    private static final Logger log = LoggerFactory.getLogger(WindowOpener.class);

    private final JdbcTemplate jdbc;
    private final DeploymentRequestRepository requests;
    private final SyncQueue queue;
    private final ClusterService clusters;
    private final CatalogService catalog;
    private final AuditTrail audit;
    private final ReleaseChecks checks;
    private final DeployerWakeUp wakeUp;
    private final TransactionTemplate tx;

    WindowOpener(JdbcTemplate jdbc, DeploymentRequestRepository requests, SyncQueue queue, ClusterService clusters,
            CatalogService catalog, AuditTrail audit, ReleaseChecks checks, DeployerWakeUp wakeUp,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.requests = requests;
        this.queue = queue;
        this.clusters = clusters;
        this.catalog = catalog;
        this.audit = audit;
        this.checks = checks;
        this.wakeUp = wakeUp;
        this.tx = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${slipway.release.window-check:5s}", initialDelayString = "${slipway.release.window-check:5s}")
    void scheduled() {
        try {
            openDue();
        } catch (RuntimeException e) {
            log.warn("Could not start the requests whose deployment window opened: {}", e.getMessage());
        }
    }

    /** Starts every waiting request whose environment's window is open now; how many it started. */
    public int openDue() {
        List<Long> waiting = jdbc.queryForList("select id from deployment_requests where state = 'WAITING_FOR_WINDOW'"
                + " order by id", Long.class);
        int started = 0;
        for (long id : waiting) {
            Boolean moved = tx.execute(status -> open(id));
            if (Boolean.TRUE.equals(moved)) {
                started++;
            }
        }
        if (started > 0) {
            wakeUp.signal();
        }
        return started;
    }

    private boolean open(long id) {
        DeploymentRequest request = requests.lockById(id).orElse(null);
        if (request == null || request.state() != RequestState.WAITING_FOR_WINDOW) {
            return false;
        }
        EnvironmentView environment = clusters.environmentById(request.environmentId()).orElseThrow();
        if (!checks.windowOpen(environment)) {
            return false;
        }
        request.windowOpened(checks.now().truncatedTo(ChronoUnit.MICROS));
        queue.enqueue(request.id(), request.serviceId(), request.environmentId());
        var service = catalog.requireServiceById(request.serviceId());
        audit.record(entry(ACTOR, "deployment.window_opened", request, service, environment)
                .withDetails(details(request, Map.of("windows", dev.slipway.clusters.DeploymentWindows.describe(
                        environment.policy().deploymentWindows())))));
        return true;
    }
}
