package dev.slipway.catalog;

import dev.slipway.common.Page;
import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.identity.IdentityService;
import dev.slipway.identity.TeamView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog's public face: services, their immutable revisions and the rules for changing them.
 * Every change is audited in the same transaction; saves of one service are serialised by a row
 * lock, so a save on a stale base revision is always refused rather than overwriting.
 */
@Service
public class CatalogService {

    public static final int MAX_PAGE = 500;
    static final int MAX_SUMMARY = 500;
    private static final TypeReference<Map<String, Map<String, Integer>>> SECRET_VERSIONS = new TypeReference<>() {};

    private final ServiceEntryRepository services;
    private final RevisionRepository revisions;
    private final IdentityService identity;
    private final AuditTrail audit;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final KnownEnvironments environments;
    private final Map<RevisionKey, RevisionView> revisionCache = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<RevisionKey, RevisionView> eldest) {
                    return size() > 2048;
                }
            });

    /** The templates feature, when present: what a service's template enforces (a provider: it needs the catalog). */
    private final org.springframework.beans.factory.ObjectProvider<ServiceTemplates> templates;

    CatalogService(ServiceEntryRepository services, RevisionRepository revisions, IdentityService identity,
            AuditTrail audit, JdbcTemplate jdbc, JsonMapper json, KnownEnvironments environments,
            org.springframework.beans.factory.ObjectProvider<ServiceTemplates> templates) {
        this.templates = templates;
        this.services = services;
        this.revisions = revisions;
        this.identity = identity;
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
        this.environments = environments;
    }

    /** Registers a service; its spec becomes revision 1. Only members of the owning team may. */
    @Transactional
    public RevisionView createService(Actor actor, NewService command) {
        return createService(actor, command, SpecValidator.validate(command.spec()));
    }

    /** As {@link #createService(Actor, NewService)}, with the spec's problems already known (read from JSON). */
    @Transactional
    RevisionView createService(Actor actor, NewService command, List<FieldProblem> specProblems) {
        List<FieldProblem> problems = new ArrayList<>(ServiceInfoRules.validate(
                command.name(), command.team(), command.description(), command.repositoryUrl()));
        Optional<TeamView> team = command.team() == null || command.team().isBlank()
                ? Optional.empty()
                : identity.team(command.team());
        if (command.team() != null && !command.team().isBlank() && team.isEmpty()) {
            problems.add(new FieldProblem("team", "must be the slug of an existing team"));
        }
        if (team.isPresent()) {
            requireMember(actor, team.get().slug(), "register a service for");
        }
        problems.addAll(specProblems);
        problems.addAll(unknownEnvironments(command.spec(), Map.of()));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (services.findByName(command.name()).isPresent()) {
            throw new ConflictException("A service named '" + command.name() + "' already exists.");
        }
        Instant now = now();
        ServiceEntry service = services.saveAndFlush(new ServiceEntry(command.name(), team.get().id(),
                blankToEmpty(command.description()), blankToNull(command.repositoryUrl()), actor.username(), now));
        audit.record(AuditEntry.of(actor.username(), "service.created", "service", service.name())
                .withTeam(team.get().slug())
                .withService(service.name())
                .withDetails(Map.of("description", service.description(),
                        "repositoryUrl", service.repositoryUrl() == null ? "" : service.repositoryUrl())));
        return appendRevision(actor, service, team.get().slug(), command.spec(), Map.of(), "Registered");
    }

    /**
     * As {@link #createService(Actor, NewService, List)}, then {@code alsoRecord} in the same transaction: a
     * service made from a golden-path template remembers it with the service (docs/golden-paths.md).
     */
    @Transactional
    RevisionView createService(Actor actor, NewService command, List<FieldProblem> specProblems,
            java.util.function.Consumer<ServiceView> alsoRecord) {
        RevisionView created = createService(actor, command, specProblems);
        alsoRecord.accept(requireService(command.name()));
        return created;
    }

    /**
     * The latest spec of each of these services, in one query: golden-path campaigns propose changes to
     * thousands of services at once (docs/golden-paths.md). Team slugs come from identity, which owns teams
     * (a handful of rows, read once). Ids that name no service are left out.
     */
    @Transactional(readOnly = true)
    public List<LatestSpec> latestSpecs(java.util.Collection<Long> serviceIds) {
        if (serviceIds.isEmpty()) {
            return List.of();
        }
        Map<Long, String> slugs = new HashMap<>();
        identity.teams().forEach(t -> slugs.put(t.id(), t.slug()));
        return jdbc.query("select s.id, s.name, s.team_id, r.number, r.spec::text from services s"
                        + " join revisions r on r.service_id = s.id and r.number = s.latest_revision"
                        + " where s.id = any(?) order by s.name",
                (rs, i) -> new LatestSpec(rs.getLong(1), rs.getString(2), slugs.get(rs.getLong(3)), rs.getInt(4),
                        json.readValue(rs.getString(5), ServiceSpec.class)),
                (Object) serviceIds.toArray(Long[]::new));
    }

    /** A service's latest revision and spec, with its team. */
    public record LatestSpec(long serviceId, String name, String team, int revision, ServiceSpec spec) {}

    /** Saves a new revision on top of {@code baseRevision}; refused with 409 if someone saved in between. */
    @Transactional
    public RevisionView saveRevision(Actor actor, String serviceName, int baseRevision, ServiceSpec spec,
            String changeSummary) {
        return saveRevision(actor, serviceName, baseRevision, spec, changeSummary, SpecValidator.validate(spec));
    }

    /**
     * As {@link #saveRevision(Actor, String, int, ServiceSpec, String)}, with the spec's problems already
     * known. Checks run in the order a person can act on: the service exists (404), they may change it
     * (403), the input is valid (422), nobody saved in between (409).
     */
    @Transactional
    RevisionView saveRevision(Actor actor, String serviceName, int baseRevision, ServiceSpec spec,
            String changeSummary, List<FieldProblem> specProblems) {
        ServiceEntry service = lock(serviceName);
        String team = teamSlug(service);
        requireMember(actor, team, "change");
        List<FieldProblem> problems = new ArrayList<>();
        if (baseRevision < 1 || baseRevision > service.latestRevision()) {
            problems.add(new FieldProblem("baseRevision", "must be the number of the revision your change is based on, "
                    + "between 1 and " + service.latestRevision()));
        }
        if (changeSummary != null && changeSummary.strip().length() > MAX_SUMMARY) {
            problems.add(new FieldProblem("changeSummary", "must be at most " + MAX_SUMMARY + " characters"));
        }
        problems.addAll(specProblems);
        // A golden path's enforced paths hold for every revision, not only the first (docs/golden-paths.md).
        templates.forEach(t -> problems.addAll(t.enforcedProblems(service.id(), json.valueToTree(spec))));
        Revision latest = revisions.findByServiceIdAndNumber(service.id(), service.latestRevision()).orElseThrow();
        problems.addAll(unknownEnvironments(spec, readSpec(latest).overrides()));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (baseRevision != service.latestRevision()) {
            throw new ConflictException(staleMessage(baseRevision, latest));
        }
        return appendRevision(actor, service, team, spec, secretVersionsOf(latest), changeSummary);
    }

    /**
     * Every problem a save of {@code spec} over {@code current} would meet in the spec itself, for a form
     * that has problems of its own to show all of them at once.
     */
    @Transactional(readOnly = true)
    List<FieldProblem> problemsOf(ServiceSpec spec, ServiceSpec current) {
        List<FieldProblem> problems = new ArrayList<>(SpecValidator.validate(spec));
        problems.addAll(unknownEnvironments(spec, current.overrides()));
        return problems;
    }

    /** The names of the environments that exist, in promotion order: what overrides and secret values may name. */
    @Transactional(readOnly = true)
    public List<String> environmentNames() {
        return environments.environmentNames();
    }

    /** The service's dashboard and logs links by environment name, for the environments that have any. */
    @Transactional(readOnly = true)
    public Map<String, KnownEnvironments.ServiceLinks> observeLinks(String name) {
        return environments.serviceLinks(requireService(name).team(), name);
    }

    /**
     * A problem at {@code field} when {@code environment} names no environment that exists, naming it and
     * the known ones; a typo ("stagin") would otherwise make an override or value nothing ever uses.
     */
    @Transactional(readOnly = true)
    public Optional<FieldProblem> unknownEnvironment(String field, String environment) {
        List<String> known = environmentNames();
        return known.contains(environment)
                ? Optional.empty()
                : Optional.of(new FieldProblem(field, unknownEnvironmentMessage(environment, known)));
    }

    static String unknownEnvironmentMessage(String environment, List<String> known) {
        return "must name an existing environment: there is no environment '" + environment + "'"
                + (known.isEmpty() ? " (none exist yet; a platform admin creates them)" : "; known: "
                        + String.join(", ", known));
    }

    /**
     * Overrides of environments that do not exist. One the current revision already has is let through,
     * so that an environment removed later does not block every other edit of the service.
     */
    private List<FieldProblem> unknownEnvironments(ServiceSpec spec, Map<String, Map<String, Object>> existing) {
        if (spec == null || spec.overrides().isEmpty()) {
            return List.of();
        }
        List<String> known = environmentNames();
        List<FieldProblem> problems = new ArrayList<>();
        for (String environment : spec.overrides().keySet()) {
            if (!known.contains(environment) && !existing.containsKey(environment)) {
                problems.add(new FieldProblem(SpecPaths.child("spec.overrides", environment),
                        SpecValidator.KEY_PROBLEM + unknownEnvironmentMessage(environment, known)));
            }
        }
        return problems;
    }

    private static String staleMessage(int baseRevision, Revision latest) {
        String summary = latest.changeSummary().isBlank() ? "" : " (\"" + latest.changeSummary() + "\")";
        String saved = latest.number() == baseRevision + 1
                ? "revision " + latest.number() + summary + " was saved by " + latest.createdBy() + " at " + latest.createdAt()
                : (latest.number() - baseRevision) + " revisions were saved since; the latest, revision " + latest.number()
                        + summary + ", by " + latest.createdBy() + " at " + latest.createdAt();
        return "Your change was based on revision " + baseRevision + ", but " + saved
                + ". Nothing was overwritten: reload, reapply your change and save again.";
    }

    /** Changes a service's description and repository URL (not versioned: they are not deployed). */
    @Transactional
    public ServiceView describe(Actor actor, String serviceName, String description, String repositoryUrl) {
        ServiceEntry service = lock(serviceName);
        String team = teamSlug(service);
        requireMember(actor, team, "change");
        List<FieldProblem> problems = ServiceInfoRules.validate(service.name(), team, description, repositoryUrl);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        service.describe(blankToEmpty(description), blankToNull(repositoryUrl), now());
        audit.record(AuditEntry.of(actor.username(), "service.described", "service", service.name())
                .withTeam(team)
                .withService(service.name())
                .withDetails(Map.of("description", service.description(),
                        "repositoryUrl", service.repositoryUrl() == null ? "" : service.repositoryUrl())));
        return view(service, team);
    }

    /**
     * Records that a secret value changed: a new revision with the same spec pins the new version
     * ({@code version} null removes the pin). Called by the secrets feature inside its transaction.
     */
    @Transactional
    public RevisionView pinSecretVersion(Actor actor, String serviceName, String key, String environment,
            Integer version) {
        ServiceEntry service = lock(serviceName);
        String team = teamSlug(service);
        requireMember(actor, team, "change secrets of");
        Revision latest = revisions.findByServiceIdAndNumber(service.id(), service.latestRevision()).orElseThrow();
        Map<String, Map<String, Integer>> pins = new TreeMap<>();
        secretVersionsOf(latest).forEach((k, v) -> pins.put(k, new TreeMap<>(v)));
        if (version == null) {
            Map<String, Integer> perEnvironment = pins.get(key);
            if (perEnvironment != null) {
                perEnvironment.remove(environment);
                if (perEnvironment.isEmpty()) {
                    pins.remove(key);
                }
            }
        } else {
            pins.computeIfAbsent(key, k -> new TreeMap<>()).put(environment, version);
        }
        String what = version == null
                ? "Removed secret value " + key + " (" + label(environment) + ")"
                : "Set secret value " + key + " (" + label(environment) + ") to version " + version;
        return appendRevision(actor, service, team, readSpec(latest), pins, what);
    }

    @Transactional(readOnly = true)
    public Optional<ServiceView> service(String name) {
        return services.findByName(name).map(s -> view(s, teamSlug(s)));
    }

    @Transactional(readOnly = true)
    public ServiceView requireService(String name) {
        return service(name).orElseThrow(() -> notFound(name));
    }

    /** The names of the services with these ids, by id (ids of no service left out): one query. */
    @Transactional(readOnly = true)
    public Map<Long, String> serviceNames(java.util.Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        jdbc.query("select id, name from services where id = any(?)", rs -> {
            names.put(rs.getLong(1), rs.getString(2));
        }, (Object) ids.toArray(Long[]::new));
        return names;
    }

    /** The service with this id, if there is one (other features keep ids and show names). */
    @Transactional(readOnly = true)
    public Optional<ServiceView> serviceById(long id) {
        return services.findById(id).map(s -> view(s, teamSlug(s)));
    }

    /**
     * The id of the service with this name: one indexed read, for features whose own tables keep service ids and
     * that are asked by name on a hot path (the live state compares a pair on every watch event).
     */
    @Transactional(readOnly = true)
    public Optional<Long> serviceId(String name) {
        return jdbc.queryForList("select id from services where name = ?", Long.class, name).stream().findFirst();
    }

    /** The service with this id: the deployer's records keep ids, people and pages use names. */
    @Transactional(readOnly = true)
    public ServiceView requireServiceById(long id) {
        return services.findById(id).map(s -> view(s, teamSlug(s)))
                .orElseThrow(() -> new NotFoundException("No service with id " + id + "."));
    }

    /**
     * One revision of a service. Revisions never change once saved (a trigger refuses updates and deletes)
     * and services are never deleted, so revisions read in a read-only transaction are kept in a small
     * cache: the deployer renders the same revisions again and again (sync, drift, status, plan). One read
     * inside a read-write transaction is not cached, as that transaction may have saved it and roll back.
     */
    @Transactional(readOnly = true)
    public RevisionView revision(String serviceName, int number) {
        RevisionKey key = new RevisionKey(serviceName, number);
        RevisionView cached = revisionCache.get(key);
        if (cached != null) {
            return cached;
        }
        ServiceEntry service = services.findByName(serviceName).orElseThrow(() -> notFound(serviceName));
        RevisionView revision = revisions.findByServiceIdAndNumber(service.id(), number)
                .map(r -> view(service.name(), r))
                .orElseThrow(() -> new NotFoundException("Service '" + serviceName + "' has no revision " + number + "."));
        if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            revisionCache.put(key, revision);
        }
        return revision;
    }

    private record RevisionKey(String service, int number) {}

    @Transactional(readOnly = true)
    public RevisionView latestRevision(String serviceName) {
        ServiceEntry service = services.findByName(serviceName).orElseThrow(() -> notFound(serviceName));
        return revision(serviceName, service.latestRevision());
    }

    @Transactional(readOnly = true)
    public List<RevisionView> revisions(String serviceName) {
        ServiceEntry service = services.findByName(serviceName).orElseThrow(() -> notFound(serviceName));
        return revisions.findByServiceIdOrderByNumberDesc(service.id()).stream()
                .map(r -> view(service.name(), r))
                .toList();
    }

    /**
     * One page of services ordered by name, optionally filtered by team slug and a search text over
     * name and description. Keyset paging: the cursor is the last name of the previous page.
     */
    @Transactional(readOnly = true)
    public Page<ServiceView> list(String query, String team, int limit, String cursor) {
        int pageSize = Math.max(1, Math.min(limit, MAX_PAGE));
        String after = decodeCursor(cursor);
        // Team slugs come from identity, which owns teams (docs/architecture.md): a handful of rows, read once.
        Map<Long, String> slugs = new HashMap<>();
        identity.teams().forEach(t -> slugs.put(t.id(), t.slug()));
        StringBuilder sql = new StringBuilder("select s.id, s.name, s.team_id, s.description, s.repository_url,"
                + " s.latest_revision, s.created_by, s.created_at, s.updated_at"
                + " from services s where s.name > ?");
        List<Object> args = new ArrayList<>();
        args.add(after);
        if (team != null && !team.isBlank()) {
            Optional<TeamView> filter = identity.team(team);
            if (filter.isEmpty()) {
                return new Page<>(List.of(), null);
            }
            sql.append(" and s.team_id = ?");
            args.add(filter.get().id());
        }
        if (query != null && !query.isBlank()) {
            sql.append(" and (s.name like ? escape '\\' or s.description ilike ? escape '\\')");
            String pattern = "%" + likeEscape(query.strip()) + "%";
            args.add(pattern.toLowerCase());
            args.add(pattern);
        }
        sql.append(" order by s.name limit ?");
        args.add(pageSize + 1);
        List<ServiceView> rows = jdbc.query(sql.toString(), (rs, i) -> new ServiceView(rs.getLong(1), rs.getString(2),
                slugs.get(rs.getLong(3)), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7),
                rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant()), args.toArray());
        if (rows.size() > pageSize) {
            List<ServiceView> page = rows.subList(0, pageSize);
            return new Page<>(page, encodeCursor(page.get(pageSize - 1).name()));
        }
        return new Page<>(rows, null);
    }

    /**
     * One page of a service's revisions, newest first, without their specs. The cursor is the number
     * of the last revision of the previous page.
     */
    @Transactional(readOnly = true)
    public Page<RevisionSummary> history(String serviceName, int limit, String cursor) {
        ServiceEntry service = services.findByName(serviceName).orElseThrow(() -> notFound(serviceName));
        int pageSize = Math.max(1, Math.min(limit, MAX_PAGE));
        int before = service.latestRevision() + 1;
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = Integer.parseInt(cursor);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("cursor", "must be a nextCursor value returned by a previous page");
            }
        }
        List<RevisionSummary> rows = jdbc.query("select number, created_by, created_at, change_summary from revisions"
                        + " where service_id = ? and number < ? order by number desc limit ?",
                (rs, i) -> new RevisionSummary(rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4)),
                service.id(), before, pageSize + 1);
        if (rows.size() > pageSize) {
            List<RevisionSummary> page = List.copyOf(rows.subList(0, pageSize));
            return new Page<>(page, String.valueOf(page.get(pageSize - 1).number()));
        }
        return new Page<>(rows, null);
    }

    /** Field-by-field differences between two revisions of one service. */
    @Transactional(readOnly = true)
    public List<SpecDiff.Change> diff(String serviceName, int from, int to) {
        return SpecDiff.between(revision(serviceName, from).spec(), revision(serviceName, to).spec());
    }

    private RevisionView appendRevision(Actor actor, ServiceEntry service, String team, ServiceSpec spec,
            Map<String, Map<String, Integer>> pins, String changeSummary) {
        spec = LineEndings.normalize(spec);
        String summary = changeSummary == null ? "" : changeSummary.strip();
        if (summary.length() > MAX_SUMMARY) {
            throw new InvalidInputException("changeSummary", "must be at most " + MAX_SUMMARY + " characters");
        }
        Instant now = now();
        int number = service.nextRevision(now);
        Revision revision = revisions.save(new Revision(service.id(), number, json.writeValueAsString(spec),
                json.writeValueAsString(pins), summary, actor.username(), now));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("revision", number);
        details.put("summary", summary);
        if (number > 1) {
            details.put("changes", SpecDiff.between(readSpec(revisions.findByServiceIdAndNumber(service.id(), number - 1)
                    .orElseThrow()), spec).stream().map(SpecDiff.Change::path).toList());
        }
        // Secret pins name keys, environments and versions only; values never reach the audit trail.
        details.put("secretVersions", pins);
        audit.record(AuditEntry.of(actor.username(), "revision.created", "revision", service.name() + "#" + number)
                .withTeam(team)
                .withService(service.name())
                .withDetails(details));
        return view(service.name(), revision);
    }

    private void requireMember(Actor actor, String team, String what) {
        if (!actor.isMemberOf(team)) {
            throw new AccessRefusedException("Only members of team '" + team + "' may " + what + " its services.");
        }
    }

    private ServiceEntry lock(String name) {
        return services.lockByName(name).orElseThrow(() -> notFound(name));
    }

    private String teamSlug(ServiceEntry service) {
        return identity.teamById(service.teamId()).map(TeamView::slug).orElseThrow();
    }

    private RevisionView view(String serviceName, Revision revision) {
        return new RevisionView(serviceName, revision.number(), readSpec(revision), secretVersionsOf(revision),
                revision.changeSummary(), revision.createdBy(), revision.createdAt());
    }

    private ServiceView view(ServiceEntry s, String team) {
        return new ServiceView(s.id(), s.name(), team, s.description(), s.repositoryUrl(), s.latestRevision(),
                s.createdBy(), s.createdAt(), s.updatedAt());
    }

    private ServiceSpec readSpec(Revision revision) {
        return json.readValue(revision.spec(), ServiceSpec.class);
    }

    private Map<String, Map<String, Integer>> secretVersionsOf(Revision revision) {
        return json.readValue(revision.secretVersions(), SECRET_VERSIONS);
    }

    private static NotFoundException notFound(String name) {
        return new NotFoundException("No service named '" + name + "'.");
    }

    private static String label(String environment) {
        return "*".equals(environment) ? "all environments" : environment;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static String encodeCursor(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor", "must be a nextCursor value returned by a previous page");
        }
    }
}
