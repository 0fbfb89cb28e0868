package dev.slipway.observe.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Slipway's side of the timeline, as a pure function of an audit entry: a sentence a person reads at a glance.
 * Only named detail fields are read (revision, request, comments, reasons, errors, health summaries, drifted
 * objects), never the details as a whole: the audit keeps secret values out, and this keeps anything else a
 * feature may add later out too.
 */
final class SlipwayEntries {

    static final int MAX_TEXT = 500;

    /** Actions that mean something went wrong, shown as warnings like Kubernetes' Warning events. */
    private static final Set<String> WARNINGS = Set.of("deployment.failed", "deployment.rejected",
            "deployment.sync_retrying", "deployment.refused", "deployment.reapproval_required", "drift.detected",
            "drift.heal_refused", "health.degraded");

    private SlipwayEntries() {}

    static TimelineItem of(Instant at, String actor, String action, String targetType, String target, JsonNode details) {
        String revision = text(details, "revision");
        String request = "deployment".equals(targetType) ? target : text(details, "request");
        String what = (revision == null ? "" : "revision " + revision)
                + (request == null ? "" : (revision == null ? "" : " ") + "(request " + request + ")");
        String said = firstOf(details, "error", "reason", "comment", "summary");
        String message = switch (action) {
            case "deployment.requested" -> actor + " asked to deploy " + what + ".";
            case "deployment.approved" -> actor + " approved " + what + ".";
            case "deployment.rejected" -> actor + " rejected " + what + ".";
            case "deployment.cancelled" -> actor + " cancelled " + what + ".";
            case "deployment.superseded" -> "Request " + request + " was superseded by a newer one.";
            case "deployment.synced" -> "Synced " + what + " to the cluster.";
            case "deployment.failed" -> "Deploying " + what + " failed.";
            case "deployment.sync_retrying" -> "Deploying " + what + " failed; trying again.";
            case "deployment.retried" -> actor + " retried " + what + ".";
            case "deployment.reapproval_required" -> what + " needs a new approval.";
            case "deployment.reapproved" -> what + " was approved again by policy.";
            case "drift.detected" -> "What runs differs from the approved objects" + objects(details) + ".";
            case "drift.healed" -> "Put back the approved objects" + objects(details) + ".";
            case "drift.heal_refused" -> "Self-heal refused to put back the objects.";
            case "drift.reapplied" -> actor + " re-applied the approved objects" + objects(details) + ".";
            case "health.degraded" -> "Became DEGRADED" + (revision == null ? "" : " at revision " + revision) + ".";
            case "health.recovered" -> "Recovered: HEALTHY again" + (revision == null ? "" : " at revision " + revision)
                    + ".";
            default -> action + " " + targetType + " " + target + ".";
        };
        if (said != null) {
            message = message + " " + said;
        }
        int dot = action.indexOf('.');
        return new TimelineItem(at, TimelineItem.SLIPWAY, action, targetType + "/" + target,
                dot < 0 ? action : action.substring(dot + 1), shorten(capitalised(message)), actor,
                WARNINGS.contains(action), 1);
    }

    private static String objects(JsonNode details) {
        JsonNode objects = details.get("objects");
        if (objects == null || !objects.isArray() || objects.isEmpty()) {
            return "";
        }
        List<String> names = new ArrayList<>();
        objects.forEach(o -> names.add(o.asString()));
        return ": " + String.join(", ", names.subList(0, Math.min(names.size(), 10)))
                + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "");
    }

    private static String firstOf(JsonNode details, String... fields) {
        for (String field : fields) {
            String value = text(details, field);
            if (value != null && !value.isBlank()) {
                return value.strip().replaceAll("\\s+", " ");
            }
        }
        return null;
    }

    private static String text(JsonNode details, String field) {
        JsonNode value = details == null ? null : details.get(field);
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static String shorten(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }
}
