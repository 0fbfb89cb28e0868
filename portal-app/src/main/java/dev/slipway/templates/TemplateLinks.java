package dev.slipway.templates;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.ServiceTemplates;
import dev.slipway.catalog.ServiceView;
import dev.slipway.catalog.SpecDocuments;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Which template a service follows (table {@code service_templates}), and registering a service from a
 * template: the given spec is merged over the template's latest version with JSON Merge Patch, and a
 * change to an enforced path is refused at that path (docs/golden-paths.md).
 */
@Component
class TemplateLinks implements ServiceTemplates {

    private final TemplateService templates;
    private final JdbcTemplate jdbc;
    private final AuditTrail audit;

    TemplateLinks(TemplateService templates, JdbcTemplate jdbc, AuditTrail audit) {
        this.templates = templates;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @Override
    @Transactional(readOnly = true)
    public Applied apply(String template, JsonNode spec) {
        if (template.isBlank()) {
            throw new InvalidInputException("template", "must name a template (GET /api/v1/templates lists them)");
        }
        List<TemplateService.TemplateSummary> known = templates.list();
        TemplateService.TemplateSummary summary = known.stream().filter(t -> t.name().equals(template)).findFirst()
                .orElseThrow(() -> new InvalidInputException("template", "names no template; known: "
                        + String.join(", ", known.stream().map(TemplateService.TemplateSummary::name).toList())));
        TemplateService.TemplateVersion version = templates.version(summary.name(), summary.latestVersion(), "template");
        JsonNode given = spec == null || spec.isNull() || spec.isMissingNode() ? null : spec;
        if (given != null && given.isObject()) {
            List<FieldProblem> problems = new ArrayList<>();
            for (String path : version.enforced()) {
                enforcedProblem(given, path, TemplateService.valueAt(version.spec(), path), summary.name(),
                        version.version()).ifPresent(problems::add);
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
        }
        JsonNode merged = given == null ? version.spec().deepCopy() : SpecDocuments.mergePatch(version.spec(), given);
        return new Applied(merged, summary.name(), version.version());
    }

    /** A problem when the given spec sets the path (or removes a section holding it) to something else. */
    private static java.util.Optional<FieldProblem> enforcedProblem(JsonNode given, String path, JsonNode required,
            String template, int version) {
        JsonNode current = given;
        String at = "spec";
        for (String step : path.split("\\.")) {
            at = at + "." + step;
            JsonNode next = current.get(step);
            if (next == null || next.isMissingNode()) {
                return java.util.Optional.empty();
            }
            boolean last = at.equals("spec." + path);
            if (next.isNull() || (!last && !next.isObject()) || (last && !next.equals(required))) {
                return java.util.Optional.of(new FieldProblem(at, "is enforced by template " + template + " version "
                        + version + ": " + path + " must stay " + required + " (leave it out)"));
            }
            current = next;
        }
        return java.util.Optional.empty();
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void remember(ServiceView service, Applied applied) {
        long templateId = templates.idOf(applied.template());
        jdbc.update("insert into service_templates (service_id, template_id, version, updated_at)"
                + " values (?, ?, ?, now())", service.id(), templateId, applied.version());
        audit.record(AuditEntry.of(service.createdBy(), "service.template-followed", "service", service.name())
                .withTeam(service.team())
                .withService(service.name())
                .withDetails(Map.of("template", applied.template(), "version", applied.version())));
    }

    @Override
    @Transactional(readOnly = true)
    public List<Choice> choices() {
        return templates.list().stream().map(t -> new Choice(t.name(), t.description(), t.latestVersion())).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public TemplateRef of(long serviceId) {
        return jdbc.query("select t.name, st.version, t.latest_version from service_templates st"
                        + " join templates t on t.id = st.template_id where st.service_id = ?",
                (rs, i) -> new TemplateRef(rs.getString(1), rs.getInt(2), rs.getInt(3)), serviceId)
                .stream().findFirst().orElse(null);
    }

    @Override
    @Transactional(readOnly = true)
    public List<FieldProblem> enforcedProblems(long serviceId, JsonNode spec) {
        TemplateRef followed = of(serviceId);
        if (followed == null) {
            return List.of();
        }
        TemplateService.TemplateVersion version = templates.version(followed.name(), followed.version(), "template");
        List<FieldProblem> problems = new ArrayList<>();
        for (String path : version.enforced()) {
            JsonNode required = TemplateService.valueAt(version.spec(), path);
            if (required != null && !required.equals(TemplateService.valueAt(spec, path))) {
                problems.add(new FieldProblem("spec." + path, "is enforced by template " + followed.name() + " version "
                        + followed.version() + ": " + path + " must stay " + required));
            }
        }
        return problems;
    }
}
