package dev.slipway.audit;

import java.util.ArrayList;
import java.util.List;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Where an event's subject lives in Slipway: the page of the service, revision, deployment request (whose
 * page holds its sync runs), secret, team, cluster or environment it is about. Refused requests link
 * nowhere: their path is what a stranger typed.
 */
final class AuditLinks {

    private AuditLinks() {}

    /** A labelled address inside Slipway. */
    record Link(String label, String href) {}

    static Link subject(String targetType, String target) {
        if (target == null || targetType == null) {
            return null;
        }
        return switch (targetType) {
            case "service" -> new Link("service " + target, path("/services/{s}", target));
            case "revision" -> revision(target);
            case "deployment" -> new Link("deployment request " + target, path("/deployments/{id}", target));
            case "secret" -> {
                int slash = target.indexOf('/');
                yield slash <= 0 ? null : new Link("secrets of " + target.substring(0, slash),
                        path("/services/{s}/secrets", target.substring(0, slash)));
            }
            case "team" -> new Link("team " + target, path("/teams/{t}", target));
            case "cluster" -> new Link("cluster " + target, path("/clusters/{c}", target));
            case "environment" -> new Link("environment " + target, path("/environments/{e}", target));
            case "user" -> new Link("user " + target, "/users");
            default -> null;
        };
    }

    /**
     * Everything else an event points to: its service, environment and team, and for deployments the
     * revision deployed and its spec diff from {@code previousRevision}, the one deployed before it.
     */
    static List<Link> related(AuditRow row, JsonNode details, Integer previousRevision) {
        List<Link> links = new ArrayList<>();
        Link subject = subject(row.targetType(), row.target());
        if (subject != null) {
            links.add(subject);
        }
        if (row.service() != null && !"service".equals(row.targetType())) {
            links.add(new Link("service " + row.service(), path("/services/{s}", row.service())));
        }
        JsonNode revision = details.path("revision");
        if (row.service() != null && revision.isIntegralNumber() && !"revision".equals(row.targetType())) {
            int number = revision.asInt();
            links.add(new Link("revision " + number, path("/services/{s}/revisions/{n}", row.service(), number)));
            if (previousRevision != null && previousRevision != number) {
                links.add(new Link("spec diff from revision " + previousRevision + " (deployed before)",
                        UriComponentsBuilder.fromPath("/services/{s}/diff").queryParam("from", previousRevision)
                                .queryParam("to", number).buildAndExpand(row.service()).encode().toUriString()));
            }
        }
        JsonNode request = details.path("request");
        if (request.isIntegralNumber() && !"deployment".equals(row.targetType())) {
            links.add(new Link("deployment request " + request.asLong(), path("/deployments/{id}", request.asLong())));
        }
        if (row.environment() != null && !"environment".equals(row.targetType())) {
            links.add(new Link("environment " + row.environment(), path("/environments/{e}", row.environment())));
        }
        if (row.team() != null && !"team".equals(row.targetType())) {
            links.add(new Link("team " + row.team(), path("/teams/{t}", row.team())));
        }
        return links;
    }

    private static Link revision(String target) {
        int hash = target.lastIndexOf('#');
        if (hash <= 0 || hash == target.length() - 1) {
            return null;
        }
        return new Link("revision " + target.substring(hash + 1) + " of " + target.substring(0, hash),
                path("/services/{s}/revisions/{n}", target.substring(0, hash), target.substring(hash + 1)));
    }

    private static String path(String template, Object... values) {
        return UriComponentsBuilder.fromPath(template).buildAndExpand(values).encode().toUriString();
    }
}
