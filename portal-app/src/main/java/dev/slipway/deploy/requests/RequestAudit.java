package dev.slipway.deploy.requests;

import dev.slipway.audit.AuditEntry;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.EnvironmentView;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a request's audit entries and change events say about it, built the same way by the people's
 * side (request, decide, retry) and by the deployer's (sync, retry, fail), so the trail of one request
 * reads alike whoever wrote it.
 */
public final class RequestAudit {

    private RequestAudit() {}

    public static AuditEntry entry(String actor, String action, DeploymentRequest request, ServiceView service,
            EnvironmentView environment) {
        return AuditEntry.of(actor, action, "deployment", String.valueOf(request.id()))
                .withTeam(service.team())
                .withService(service.name())
                .withEnvironment(environment.name());
    }

    public static DeploymentRequestChanged changed(DeploymentRequestChanged.Change change, DeploymentRequest request,
            ServiceView service, EnvironmentView environment, String actor, String detail) {
        return new DeploymentRequestChanged(change, request.id(), service.name(), service.team(), environment.name(),
                request.revision(), request.state(), actor, detail);
    }

    public static Map<String, Object> details(DeploymentRequest request, Map<String, ?> more) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("request", request.id());
        details.put("revision", request.revision());
        details.put("state", request.state().name());
        details.put("requestedBy", request.requestedBy());
        details.putAll(more);
        return details;
    }
}
