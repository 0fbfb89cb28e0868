package dev.slipway.approvals;

import dev.slipway.deploy.requests.DeploymentRequestChanged;
import dev.slipway.deploy.requests.DeploymentRequestChanged.Change;
import dev.slipway.deploy.requests.RequestState;
import dev.slipway.deploy.live.ServiceHealthTransition;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a team's webhook is told about a deployment request, as a pure function of the event. The
 * JSON carries the facts for scripts and a {@code text} line that Slack and compatible chats show as
 * it is. People are told what needs them or what they decided: new requests that wait for a lead,
 * decisions, cancellations, failed syncs and requests sent back for approval. What policy does on
 * its own (approving where no approval is needed) is left out, or every dev deployment would ping.
 */
final class WebhookMessage {

    static final int MAX_DETAIL = 500;

    private WebhookMessage() {}

    static Optional<Map<String, Object>> of(DeploymentRequestChanged event) {
        if ("policy".equals(event.actor())) {
            return Optional.empty();
        }
        if (event.change() == Change.REQUESTED && event.state() != RequestState.PENDING_APPROVAL) {
            return Optional.empty();
        }
        String what = event.service() + " revision " + event.revision() + " to " + event.environment();
        String detail = event.detail() == null ? null : shorten(event.detail());
        String text = switch (event.change()) {
            case REQUESTED -> event.actor() + " asks to deploy " + what + " (request " + event.request()
                    + "); a lead of team " + event.team() + " decides." + said("Why", detail);
            case APPROVED -> event.actor() + " approved request " + event.request() + ": " + what + "."
                    + said("Comment", detail);
            case REJECTED -> event.actor() + " rejected request " + event.request() + ": " + what + "."
                    + said("Comment", detail);
            case CANCELLED -> event.actor() + " cancelled request " + event.request() + ": " + what + "."
                    + said("Comment", detail);
            case SYNC_FAILED -> "Deploying " + what + " failed (request " + event.request() + ")."
                    + said("Error", detail);
            case REAPPROVAL_REQUIRED -> "Request " + event.request() + " (" + what + ") needs a new approval by a lead"
                    + " of team " + event.team() + "." + said("Why", detail);
            case ROLLED_BACK -> "Request " + event.request() + " (" + what + ") was rolled back automatically."
                    + said("Why", detail);
            case ROLLBACK_STOPPED -> "Request " + event.request() + " (" + what + ") is not HEALTHY and was not rolled"
                    + " back automatically." + said("Why", detail);
        };
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", escapeForChat(text));
        payload.put("event", eventName(event.change()));
        payload.put("request", event.request());
        payload.put("service", event.service());
        payload.put("team", event.team());
        payload.put("environment", event.environment());
        payload.put("revision", event.revision());
        payload.put("state", event.state().name());
        payload.put("actor", event.actor());
        payload.put("detail", detail);
        return Optional.of(payload);
    }

    /**
     * A synced service became DEGRADED or recovered: once per transition (ServiceHealthTransition says when), with
     * the health's reason and a link to its status page. Sent whoever caused it: nobody asked, so everyone wants it.
     */
    static Map<String, Object> of(ServiceHealthTransition event, PortalLinks links) {
        String summary = event.summary() == null || event.summary().isBlank() ? null : shorten(event.summary());
        String link = links.to("/services/" + pathSegment(event.service()) + "/environments/"
                + pathSegment(event.environment()));
        String text = switch (event.transition()) {
            case DEGRADED -> event.service() + " is DEGRADED in " + event.environment() + " (revision "
                    + event.revision() + ")." + said("Why", summary);
            case RECOVERED -> event.service() + " recovered in " + event.environment() + ": HEALTHY again (revision "
                    + event.revision() + ").";
        };
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", escapeForChat(text) + " " + link);
        payload.put("event", event.transition().eventName());
        payload.put("service", event.service());
        payload.put("team", event.team());
        payload.put("environment", event.environment());
        payload.put("revision", event.revision());
        payload.put("health", event.transition() == ServiceHealthTransition.Transition.DEGRADED ? "DEGRADED" : "HEALTHY");
        payload.put("actor", "slipway");
        payload.put("detail", summary);
        payload.put("link", link);
        payload.put("at", event.at().toString());
        return payload;
    }

    private static String pathSegment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String eventName(Change change) {
        return "deployment." + change.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String said(String label, String detail) {
        return detail == null || detail.isBlank() ? "" : " " + label + ": " + detail;
    }

    private static String shorten(String detail) {
        String oneLine = detail.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL - 1) + "…";
    }

    /** Slack reads {@code <...>} as links and mentions: a comment must not be able to ping a whole channel. */
    static String escapeForChat(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
