package dev.slipway.templates;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.SpecDocuments;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Golden-path templates (docs/golden-paths.md): a named partial spec, versioned; each version says which
 * of its paths are enforced. Platform admins create templates and publish versions; anyone signed in reads
 * them. Every change is audited in its transaction.
 */
@Service
public class TemplateService {

    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_NOTE = 500;
    static final int MAX_ENFORCED = 50;
    static final int MAX_SPEC_BYTES = 256 * 1024;
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern PATH = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z0-9_-]+){0,8}");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final AuditTrail audit;

    TemplateService(JdbcTemplate jdbc, JsonMapper json, AuditTrail audit) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
    }

    /** A template in a list. */
    public record TemplateSummary(String name, String description, int latestVersion, String createdBy,
            Instant createdAt, Instant updatedAt) {}

    /** One immutable version: its partial spec, enforced paths and note. */
    public record TemplateVersion(String template, int version, JsonNode spec, List<String> enforced, String note,
            String createdBy, Instant createdAt) {}

    /** Creates a template with its version 1; platform admins only. */
    @Transactional
    public TemplateVersion create(Actor actor, String name, String description, JsonNode spec, JsonNode enforced) {
        requireAdmin(actor, "create templates");
        List<FieldProblem> problems = new ArrayList<>();
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "is required: a DNS label such as java-service (lower-case letters,"
                    + " digits and '-', at most 63 characters, starting with a letter)"));
        } else if (!NAME.matcher(name).matches()) {
            problems.add(new FieldProblem("name", "must be a DNS label such as java-service (lower-case letters,"
                    + " digits and '-', at most 63 characters, starting with a letter)"));
        }
        if (description != null && description.strip().length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        List<String> paths = checkVersion(spec, enforced, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (find(name).isPresent()) {
            throw new ConflictException("A template named '" + name + "' already exists.");
        }
        Instant now = now();
        List<Long> created = jdbc.queryForList("insert into templates (name, description, latest_version, created_by,"
                + " created_at, updated_at) values (?, ?, 0, ?, ?, ?) on conflict (name) do nothing returning id",
                Long.class, name, description == null ? "" : description.strip(), actor.username(),
                java.sql.Timestamp.from(now), java.sql.Timestamp.from(now));
        if (created.isEmpty()) {
            throw new ConflictException("A template named '" + name + "' already exists.");
        }
        long id = created.get(0);
        audit.record(AuditEntry.of(actor.username(), "template.created", "template", name)
                .withDetails(Map.of("description", description == null ? "" : description.strip())));
        return insertVersion(actor, id, name, spec, paths, "", now);
    }

    /** Publishes the next version of a template; platform admins only. */
    @Transactional
    public TemplateVersion publish(Actor actor, String name, JsonNode spec, JsonNode enforced, String note) {
        requireAdmin(actor, "publish template versions");
        long id = lock(name);
        List<FieldProblem> problems = new ArrayList<>();
        if (note != null && note.strip().length() > MAX_NOTE) {
            problems.add(new FieldProblem("note", "must be at most " + MAX_NOTE + " characters"));
        }
        List<String> paths = checkVersion(spec, enforced, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return insertVersion(actor, id, name, spec, paths, note == null ? "" : note.strip(), now());
    }

    @Transactional(readOnly = true)
    public List<TemplateSummary> list() {
        return jdbc.query("select name, description, latest_version, created_by, created_at, updated_at from templates"
                + " order by name", (rs, i) -> new TemplateSummary(rs.getString(1), rs.getString(2), rs.getInt(3),
                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()));
    }

    @Transactional(readOnly = true)
    public TemplateSummary require(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    /** Every version of a template, newest first. */
    @Transactional(readOnly = true)
    public List<TemplateVersion> versions(String name) {
        long id = idOf(name);
        return jdbc.query("select version, spec::text, enforced::text, note, created_by, created_at"
                + " from template_versions where template_id = ? order by version desc",
                (rs, i) -> new TemplateVersion(name, rs.getInt(1), json.readTree(rs.getString(2)),
                        json.readValue(rs.getString(3), STRINGS), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant()), id);
    }

    /** One version; 404 when there is none, 422 naming {@code field} when the number is out of range. */
    @Transactional(readOnly = true)
    public TemplateVersion version(String name, int version, String field) {
        TemplateSummary template = require(name);
        if (version < 1 || version > template.latestVersion()) {
            throw new InvalidInputException(field, "must be a version of template '" + name + "', between 1 and "
                    + template.latestVersion());
        }
        return versions(name).stream().filter(v -> v.version() == version).findFirst().orElseThrow();
    }

    long idOf(String name) {
        List<Long> ids = jdbc.queryForList("select id from templates where name = ?", Long.class, name);
        if (ids.isEmpty()) {
            throw notFound(name);
        }
        return ids.get(0);
    }

    private Optional<TemplateSummary> find(String name) {
        return jdbc.query("select name, description, latest_version, created_by, created_at, updated_at from templates"
                + " where name = ?", (rs, i) -> new TemplateSummary(rs.getString(1), rs.getString(2), rs.getInt(3),
                rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()), name)
                .stream().findFirst();
    }

    private long lock(String name) {
        List<Long> ids = jdbc.queryForList("select id from templates where name = ? for update", Long.class, name);
        if (ids.isEmpty()) {
            throw notFound(name);
        }
        return ids.get(0);
    }

    private TemplateVersion insertVersion(Actor actor, long id, String name, JsonNode spec, List<String> enforced,
            String note, Instant now) {
        int version = jdbc.queryForObject("update templates set latest_version = latest_version + 1, updated_at = ?"
                + " where id = ? returning latest_version", Integer.class, java.sql.Timestamp.from(now), id);
        jdbc.update("insert into template_versions (template_id, version, spec, enforced, note, created_by, created_at)"
                + " values (?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)", id, version, json.writeValueAsString(spec),
                json.writeValueAsString(enforced), note, actor.username(), java.sql.Timestamp.from(now));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", version);
        details.put("enforced", enforced);
        details.put("note", note);
        details.put("fields", spec.propertyNames());
        audit.record(AuditEntry.of(actor.username(), "template.published", "template", name + "@" + version)
                .withDetails(details));
        return new TemplateVersion(name, version, spec.deepCopy(), enforced, note, actor.username(), now);
    }

    /** The spec's shape and the enforced paths; returns the paths as given. */
    private List<String> checkVersion(JsonNode spec, JsonNode enforced, List<FieldProblem> problems) {
        if (spec == null || spec.isNull() || spec.isMissingNode() || !spec.isObject()) {
            problems.add(new FieldProblem("spec", "is required: a JSON object with the spec fields a service starts"
                    + " from (a partial spec), such as {\"securityContext\": {\"runAsNonRoot\": true}}"));
            return List.of();
        }
        problems.addAll(SpecDocuments.shapeProblems(spec, "spec"));
        if (json.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8).length > MAX_SPEC_BYTES) {
            problems.add(new FieldProblem("spec", "must be at most 256 KiB when serialized"));
        }
        List<String> paths = new ArrayList<>();
        if (enforced == null || enforced.isNull() || enforced.isMissingNode()) {
            return paths;
        }
        if (!enforced.isArray()) {
            problems.add(new FieldProblem("enforced", "must be a list of dotted paths into spec, such as"
                    + " [\"securityContext.runAsNonRoot\"]"));
            return paths;
        }
        if (enforced.size() > MAX_ENFORCED) {
            problems.add(new FieldProblem("enforced", "must list at most " + MAX_ENFORCED + " paths"));
            return paths;
        }
        for (int i = 0; i < enforced.size(); i++) {
            JsonNode item = enforced.get(i);
            String field = "enforced[" + i + "]";
            if (!item.isString() || !PATH.matcher(item.stringValue()).matches()) {
                problems.add(new FieldProblem(field, "must be a dotted path into spec, such as"
                        + " securityContext.runAsNonRoot or resources.memoryLimit"));
                continue;
            }
            String path = item.stringValue();
            if (paths.contains(path)) {
                problems.add(new FieldProblem(field, "is listed twice: " + path));
            } else if (valueAt(spec, path) == null) {
                problems.add(new FieldProblem(field, "must name a path the template's spec sets; spec has no " + path));
            } else if (paths.stream().anyMatch(p -> path.startsWith(p + ".") || p.startsWith(path + "."))) {
                problems.add(new FieldProblem(field, "must not lie inside another enforced path or hold one: " + path));
            } else {
                paths.add(path);
            }
        }
        return paths;
    }

    /** The value at a dotted path, or null when a step is missing (or JSON null). */
    static JsonNode valueAt(JsonNode node, String path) {
        JsonNode current = node;
        for (String step : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(step);
        }
        return current == null || current.isNull() || current.isMissingNode() ? null : current;
    }

    static void requireAdmin(Actor actor, String what) {
        if (!actor.platformAdmin()) {
            throw new AccessRefusedException("Only platform admins may " + what + ".");
        }
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("No template named '" + name + "'.");
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
