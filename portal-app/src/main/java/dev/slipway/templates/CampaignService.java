package dev.slipway.templates;

import dev.slipway.audit.AuditEntry;
import dev.slipway.audit.AuditTrail;
import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.RevisionView;
import dev.slipway.catalog.ServiceDeployments;
import dev.slipway.catalog.ServiceSpec;
import dev.slipway.catalog.SpecDiff;
import dev.slipway.catalog.SpecDocuments;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import jakarta.annotation.Nullable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Campaigns (docs/golden-paths.md): bring every service on an older version of a template to a new version.
 * Starting one proposes, set-based, a merged spec per service (one read of the latest specs, one batch
 * upsert); starting it again proposes again for what is still open and never touches decided items. Team
 * leads accept (each proposal becomes a normal revision, deployed through the usual requests) or decline.
 */
@Service
public class CampaignService {

    static final int MAX_SERVICES = 500;
    static final int MAX_REASON = 500;
    private static final TypeReference<List<SpecDiff.Change>> CHANGES = new TypeReference<>() {};
    private static final TypeReference<List<ThreeWayMerge.Conflict>> CONFLICTS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final AuditTrail audit;
    private final TemplateService templates;
    private final CatalogService catalog;
    private final List<ServiceDeployments> deployments;

    CampaignService(JdbcTemplate jdbc, JsonMapper json, AuditTrail audit, TemplateService templates,
            CatalogService catalog, List<ServiceDeployments> deployments) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.templates = templates;
        this.catalog = catalog;
        this.deployments = deployments;
    }

    /** What starting a campaign did: its id, whether it is new, and how many services it proposes to. */
    public record Started(long id, boolean created, int proposed, int conflicting) {}

    /** The counts of docs/golden-paths.md: deployed and healthy count accepted services only. */
    public record Counts(int proposed, int accepted, int declined, int conflicting, int deployed, int healthy) {}

    /** One team's progress. */
    public record TeamProgress(String team, Counts counts) {}

    /** One service of a campaign. */
    public record Item(String service, String team, String state, int fromVersion, List<SpecDiff.Change> diff,
            List<ThreeWayMerge.Conflict> conflicts, @Nullable Integer revision, @Nullable String reason,
            @Nullable String decidedBy, @Nullable Instant decidedAt, boolean deployed, boolean healthy) {}

    /** A campaign with its per-team progress; {@code state} is OPEN while anything waits for a decision. */
    public record CampaignView(long id, String template, int version, String state, Counts counts,
            List<TeamProgress> teams, List<Item> items, String createdBy, Instant createdAt) {}

    /** Starts (or runs again) the campaign that brings services to {@code version}; platform admins only. */
    @Transactional
    public Started start(Actor actor, String template, @Nullable Integer version) {
        TemplateService.requireAdmin(actor, "start campaigns");
        TemplateService.TemplateSummary summary = templates.require(template);
        if (version == null) {
            throw new InvalidInputException("version", "is required: the template version to bring services to,"
                    + " between 1 and " + summary.latestVersion());
        }
        TemplateService.TemplateVersion target = templates.version(template, version, "version");
        long templateId = templates.idOf(template);
        Instant now = TemplateService.now();
        List<Long> inserted = jdbc.queryForList("insert into campaigns (template_id, version, created_by, created_at,"
                + " updated_at) values (?, ?, ?, ?, ?) on conflict (template_id, version) do nothing returning id",
                Long.class, templateId, version, actor.username(), Timestamp.from(now), Timestamp.from(now));
        boolean created = !inserted.isEmpty();
        long id = created ? inserted.get(0) : jdbc.queryForObject("select id from campaigns where template_id = ?"
                + " and version = ? for update", Long.class, templateId, version);
        if (!created) {
            jdbc.update("update campaigns set updated_at = ? where id = ?", Timestamp.from(now), id);
        }
        Map<Long, Integer> fromVersions = new HashMap<>();
        jdbc.query("select st.service_id, st.version from service_templates st where st.template_id = ?"
                + " and st.version < ? and not exists (select 1 from campaign_items i where i.campaign_id = ?"
                + " and i.service_id = st.service_id and i.state in ('ACCEPTED', 'DECLINED'))",
                rs -> {
                    fromVersions.put(rs.getLong(1), rs.getInt(2));
                }, templateId, version, id);
        Map<Integer, TemplateService.TemplateVersion> versions = templates.versions(template).stream()
                .collect(Collectors.toMap(TemplateService.TemplateVersion::version, Function.identity()));
        List<Object[]> rows = new ArrayList<>();
        int conflicting = 0;
        for (CatalogService.LatestSpec service : catalog.latestSpecs(fromVersions.keySet())) {
            int from = fromVersions.get(service.serviceId());
            Proposal proposal = propose(versions.get(from), target, service.spec());
            conflicting += proposal.conflicts().isEmpty() ? 0 : 1;
            rows.add(new Object[] {id, service.serviceId(), service.name(), service.team(), from, service.revision(),
                    proposal.state(), proposal.spec() == null ? null : json.writeValueAsString(proposal.spec()),
                    json.writeValueAsString(proposal.diff()), json.writeValueAsString(proposal.conflicts()),
                    Timestamp.from(now)});
        }
        jdbc.batchUpdate("insert into campaign_items (campaign_id, service_id, service, team, from_version,"
                + " base_revision, state, proposed_spec, diff, conflicts, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)"
                + " on conflict (campaign_id, service_id) do update set team = excluded.team,"
                + " from_version = excluded.from_version, base_revision = excluded.base_revision,"
                + " state = excluded.state, proposed_spec = excluded.proposed_spec, diff = excluded.diff,"
                + " conflicts = excluded.conflicts, updated_at = excluded.updated_at"
                + " where campaign_items.state in ('PROPOSED', 'CONFLICTING')", rows);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("campaign", id);
        details.put("version", version);
        details.put("proposed", rows.size() - conflicting);
        details.put("conflicting", conflicting);
        details.put("again", !created);
        audit.record(AuditEntry.of(actor.username(), created ? "campaign.started" : "campaign.restarted", "template",
                template + "@" + version).withDetails(details));
        return new Started(id, created, rows.size() - conflicting, conflicting);
    }

    /** A merged spec (null when it could not be read), the field-level diff and the conflicts. */
    record Proposal(@Nullable ServiceSpec spec, List<SpecDiff.Change> diff, List<ThreeWayMerge.Conflict> conflicts) {

        String state() {
            return conflicts.isEmpty() ? "PROPOSED" : "CONFLICTING";
        }
    }

    /** Merges and checks the result with the catalog's rules: a spec the catalog would refuse is a conflict. */
    static Proposal propose(TemplateService.TemplateVersion from, TemplateService.TemplateVersion to, ServiceSpec current) {
        ThreeWayMerge.Result merged = ThreeWayMerge.merge(from.spec(), to.spec(), SpecDocuments.tree(current),
                to.enforced());
        List<ThreeWayMerge.Conflict> conflicts = new ArrayList<>(merged.conflicts());
        SpecDocuments.Read read = SpecDocuments.read(merged.merged());
        for (FieldProblem problem : read.problems()) {
            conflicts.add(new ThreeWayMerge.Conflict(problem.field(), "the merged spec would be refused: "
                    + problem.message(), null, null, null));
        }
        List<SpecDiff.Change> diff = read.spec() == null ? List.of() : SpecDocuments.diff(current, read.spec());
        return new Proposal(read.ok() ? read.spec() : null, diff, List.copyOf(conflicts));
    }

    @Transactional(readOnly = true)
    public CampaignView view(long id) {
        Header header = header(id);
        List<ItemRow> rows = rows(id);
        List<Item> items = new ArrayList<>();
        for (ItemRow row : rows) {
            boolean deployed = false;
            boolean healthy = false;
            if ("ACCEPTED".equals(row.state()) && row.revision() != null) {
                for (ServiceDeployments source : deployments) {
                    for (ServiceDeployments.EnvironmentDeployment e : source.of(row.service())) {
                        if (e.revision() != null && e.revision() >= row.revision()) {
                            deployed = true;
                            healthy = healthy || "HEALTHY".equals(e.health());
                        }
                    }
                }
            }
            items.add(new Item(row.service(), row.team(), row.state(), row.fromVersion(),
                    json.readValue(row.diff(), CHANGES), json.readValue(row.conflicts(), CONFLICTS), row.revision(),
                    row.reason(), row.decidedBy(), row.decidedAt(), deployed, healthy));
        }
        Map<String, List<Item>> byTeam = new TreeMap<>();
        items.forEach(item -> byTeam.computeIfAbsent(item.team(), t -> new ArrayList<>()).add(item));
        List<TeamProgress> teams = byTeam.entrySet().stream()
                .map(e -> new TeamProgress(e.getKey(), counts(e.getValue()))).toList();
        Counts counts = counts(items);
        String state = counts.proposed() + counts.conflicting() > 0 ? "OPEN" : "DONE";
        return new CampaignView(id, header.template(), header.version(), state, counts, teams, items,
                header.createdBy(), header.createdAt());
    }

    /** The campaigns of a template, newest first. */
    @Transactional(readOnly = true)
    public List<Long> campaignsOf(String template) {
        return jdbc.queryForList("select id from campaigns where template_id = ? order by version desc", Long.class,
                templates.idOf(template));
    }

    /**
     * Accepts proposals: each becomes a new revision of its service on top of its latest (merged again if the
     * service changed since the proposal; a merge that now conflicts is marked so, not saved). Only leads of
     * each service's team may; in one transaction.
     */
    @Transactional
    public CampaignView accept(Actor actor, long id, @Nullable List<String> services) {
        Map<String, ItemRow> items = checked(actor, id, services, "accept", List.of("PROPOSED"));
        Header header = header(id);
        TemplateService.TemplateVersion target = templates.version(header.template(), header.version(), "version");
        Map<Integer, TemplateService.TemplateVersion> versions = templates.versions(header.template()).stream()
                .collect(Collectors.toMap(TemplateService.TemplateVersion::version, Function.identity()));
        long templateId = templates.idOf(header.template());
        Map<Long, ItemRow> byId = items.values().stream().collect(Collectors.toMap(ItemRow::serviceId, i -> i));
        Instant now = TemplateService.now();
        for (CatalogService.LatestSpec latest : catalog.latestSpecs(byId.keySet())) {
            ItemRow item = byId.get(latest.serviceId());
            Proposal proposal = propose(versions.get(item.fromVersion()), target, latest.spec());
            if (!proposal.conflicts().isEmpty()) {
                jdbc.update("update campaign_items set state = 'CONFLICTING', base_revision = ?, proposed_spec = null,"
                        + " diff = ?::jsonb, conflicts = ?::jsonb, updated_at = ? where campaign_id = ? and service_id = ?",
                        latest.revision(), json.writeValueAsString(proposal.diff()),
                        json.writeValueAsString(proposal.conflicts()), Timestamp.from(now), id, item.serviceId());
                audit.record(AuditEntry.of(actor.username(), "campaign.conflicting", "service", item.service())
                        .withTeam(item.team()).withService(item.service())
                        .withDetails(Map.of("campaign", id, "template", header.template(), "version", header.version(),
                                "conflicts", proposal.conflicts().stream().map(ThreeWayMerge.Conflict::path).toList())));
                continue;
            }
            // The service follows the new version first: the revision below is checked against what it enforces.
            jdbc.update("update service_templates set version = ?, updated_at = ? where service_id = ?"
                    + " and template_id = ?", header.version(), Timestamp.from(now), item.serviceId(), templateId);
            Integer revision = null;
            if (!proposal.diff().isEmpty()) {
                RevisionView saved = catalog.saveRevision(actor, latest.name(), latest.revision(), proposal.spec(),
                        "Template " + header.template() + " version " + header.version() + " (campaign " + id + ")");
                revision = saved.number();
            }
            jdbc.update("update campaign_items set state = 'ACCEPTED', base_revision = ?, proposed_spec = ?::jsonb,"
                    + " diff = ?::jsonb, conflicts = '[]'::jsonb, revision = ?, decided_by = ?, decided_at = ?,"
                    + " updated_at = ? where campaign_id = ? and service_id = ?", latest.revision(),
                    json.writeValueAsString(proposal.spec()), json.writeValueAsString(proposal.diff()), revision,
                    actor.username(), Timestamp.from(now), Timestamp.from(now), id, item.serviceId());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("campaign", id);
            details.put("template", header.template());
            details.put("version", header.version());
            details.put("revision", revision == null ? "unchanged" : revision);
            audit.record(AuditEntry.of(actor.username(), "campaign.accepted", "service", item.service())
                    .withTeam(item.team()).withService(item.service()).withDetails(details));
        }
        return view(id);
    }

    /** Declines proposals (or conflicts) with a reason; leads of each service's team only. */
    @Transactional
    public CampaignView decline(Actor actor, long id, @Nullable List<String> services, @Nullable String reason) {
        Map<String, ItemRow> items = checked(actor, id, services, "decline", List.of("PROPOSED", "CONFLICTING"));
        Header header = header(id);
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "is required: why the team declines (at most " + MAX_REASON
                    + " characters)");
        }
        if (reason.strip().length() > MAX_REASON) {
            throw new InvalidInputException("reason", "must be at most " + MAX_REASON + " characters");
        }
        Instant now = TemplateService.now();
        for (ItemRow item : items.values()) {
            jdbc.update("update campaign_items set state = 'DECLINED', reason = ?, decided_by = ?, decided_at = ?,"
                    + " updated_at = ? where campaign_id = ? and service_id = ?", reason.strip(), actor.username(),
                    Timestamp.from(now), Timestamp.from(now), id, item.serviceId());
            audit.record(AuditEntry.of(actor.username(), "campaign.declined", "service", item.service())
                    .withTeam(item.team()).withService(item.service())
                    .withDetails(Map.of("campaign", id, "template", header.template(), "version", header.version(),
                            "reason", reason.strip())));
        }
        return view(id);
    }

    /** The names of a team's items in a state, for "accept all of my team's" on the page. */
    @Transactional(readOnly = true)
    public List<String> servicesOf(long id, String team, List<String> states) {
        header(id);
        return jdbc.queryForList("select service from campaign_items where campaign_id = ? and team = ?"
                + " and state = any(?) order by service", String.class, id, team, states.toArray(String[]::new));
    }

    /**
     * The named items, checked in the order a person can act on: the list itself (422), each named service is in
     * the campaign (422 naming {@code services[i]}), the actor leads its team (403), its state allows it (422).
     */
    private Map<String, ItemRow> checked(Actor actor, long id, List<String> services, String what,
            List<String> states) {
        if (actor.teams().values().stream().noneMatch(role -> role == dev.slipway.common.TeamRole.LEAD)) {
            throw new AccessRefusedException("Only team leads may " + what + " a campaign's proposals.");
        }
        header(id);
        if (services == null || services.isEmpty()) {
            throw new InvalidInputException("services", "is required: the names of the services to " + what);
        }
        if (services.size() > MAX_SERVICES) {
            throw new InvalidInputException("services", "must list at most " + MAX_SERVICES + " services");
        }
        Map<String, ItemRow> all = rows(id).stream().collect(Collectors.toMap(ItemRow::service, r -> r));
        Map<String, ItemRow> chosen = new LinkedHashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            String name = services.get(i);
            ItemRow row = name == null ? null : all.get(name);
            if (row == null) {
                problems.add(new FieldProblem("services[" + i + "]", "must name a service of campaign " + id));
            } else {
                chosen.put(name, row);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        for (ItemRow row : chosen.values()) {
            if (!actor.isLeadOf(row.team())) {
                throw new AccessRefusedException("Only leads of team '" + row.team() + "' may " + what
                        + " its proposals (" + row.service() + ").");
            }
        }
        for (int i = 0; i < services.size(); i++) {
            ItemRow row = chosen.get(services.get(i));
            if (!states.contains(row.state())) {
                problems.add(new FieldProblem("services[" + i + "]", "is " + row.state() + "; only "
                        + String.join(" or ", states) + " services can be " + what + "ed"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return chosen;
    }

    private record Header(String template, int version, String createdBy, Instant createdAt) {}

    private record ItemRow(long serviceId, String service, String team, String state, int fromVersion,
            @Nullable Integer revision, String diff, String conflicts, @Nullable String reason,
            @Nullable String decidedBy, @Nullable Instant decidedAt) {}

    private Header header(long id) {
        return jdbc.query("select t.name, c.version, c.created_by, c.created_at from campaigns c"
                        + " join templates t on t.id = c.template_id where c.id = ?",
                (rs, i) -> new Header(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getTimestamp(4).toInstant()),
                id).stream().findFirst().orElseThrow(() -> new NotFoundException("No campaign with id " + id + "."));
    }

    private List<ItemRow> rows(long id) {
        return jdbc.query("select service_id, service, team, state, from_version, revision, diff::text, conflicts::text,"
                        + " reason, decided_by, decided_at from campaign_items where campaign_id = ?"
                        + " order by team, service",
                (rs, i) -> new ItemRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        (Integer) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant()),
                id);
    }

    private static Counts counts(List<Item> items) {
        int proposed = 0;
        int accepted = 0;
        int declined = 0;
        int conflicting = 0;
        int deployed = 0;
        int healthy = 0;
        for (Item item : items) {
            switch (item.state()) {
                case "PROPOSED" -> proposed++;
                case "ACCEPTED" -> accepted++;
                case "DECLINED" -> declined++;
                default -> conflicting++;
            }
            deployed += item.deployed() ? 1 : 0;
            healthy += item.healthy() ? 1 : 0;
        }
        return new Counts(proposed, accepted, declined, conflicting, deployed, healthy);
    }
}
