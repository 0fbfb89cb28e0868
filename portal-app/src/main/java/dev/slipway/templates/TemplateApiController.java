package dev.slipway.templates;

import dev.slipway.common.Page;
import dev.slipway.common.PageRequest;
import dev.slipway.common.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Golden-path templates and their campaigns over HTTP (docs/golden-paths.md). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Golden paths", description = "Templates (platform admins publish), campaigns (team leads accept or decline)")
class TemplateApiController {

    private final TemplateService templates;
    private final CampaignService campaigns;

    TemplateApiController(TemplateService templates, CampaignService campaigns) {
        this.templates = templates;
        this.campaigns = campaigns;
    }

    @PostMapping("/templates")
    @Operation(summary = "Create a template with its version 1 (platform admins)")
    ResponseEntity<Created> create(Actor actor, @RequestBody NewTemplateRequest request) {
        TemplateService.TemplateVersion version = templates.create(actor, request.name(), request.description(),
                request.spec(), request.enforced());
        return ResponseEntity.created(URI.create("/api/v1/templates/" + version.template()))
                .body(new Created(version.template(), version.version()));
    }

    @GetMapping("/templates")
    @Operation(summary = "All templates, by name")
    Page<TemplateService.TemplateSummary> list(@RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        // Templates are few (a platform keeps a handful of golden paths): one page by name, after the cursor's name.
        PageRequest page = PageRequest.of(limit, cursor);
        List<TemplateService.TemplateSummary> after = templates.list().stream()
                .filter(t -> page.cursor() == null || t.name().compareTo(page.cursor()) > 0)
                .limit(page.limit() + 1L).toList();
        return Page.of(after, page.limit(), TemplateService.TemplateSummary::name);
    }

    @GetMapping("/templates/{name}")
    @Operation(summary = "A template with every version (newest first) and its campaigns")
    TemplateDetails get(@PathVariable String name) {
        TemplateService.TemplateSummary template = templates.require(name);
        return new TemplateDetails(template.name(), template.description(), template.latestVersion(),
                templates.versions(name), campaigns.campaignsOf(name), template.createdBy(), template.createdAt());
    }

    @PostMapping("/templates/{name}/versions")
    @Operation(summary = "Publish the next version of a template (platform admins)")
    ResponseEntity<VersionCreated> publish(Actor actor, @PathVariable String name,
            @RequestBody NewVersionRequest request) {
        TemplateService.TemplateVersion version = templates.publish(actor, name, request.spec(), request.enforced(),
                request.note());
        return ResponseEntity.created(URI.create("/api/v1/templates/" + name)).body(new VersionCreated(version.version()));
    }

    @PostMapping("/templates/{name}/campaigns")
    @Operation(summary = "Start a campaign to bring services on older versions to a version (platform admins);"
            + " starting it again proposes again and answers the same id with 200")
    ResponseEntity<CampaignCreated> start(Actor actor, @PathVariable String name, @RequestBody CampaignRequest request) {
        CampaignService.Started started = campaigns.start(actor, name, request.version());
        CampaignCreated body = new CampaignCreated(started.id(), started.proposed(), started.conflicting());
        URI location = URI.create("/api/v1/campaigns/" + started.id());
        return started.created() ? ResponseEntity.created(location).body(body)
                : ResponseEntity.ok().location(location).body(body);
    }

    @GetMapping("/campaigns/{id}")
    @Operation(summary = "A campaign: counts, progress per team, and every service's proposal")
    CampaignService.CampaignView campaign(@PathVariable long id) {
        return campaigns.view(id);
    }

    @PostMapping("/campaigns/{id}/accept")
    @Operation(summary = "Accept proposals: each becomes a new revision (leads of each service's team)")
    CampaignService.CampaignView accept(Actor actor, @PathVariable long id, @RequestBody DecisionRequest request) {
        return campaigns.accept(actor, id, request.services());
    }

    @PostMapping("/campaigns/{id}/decline")
    @Operation(summary = "Decline proposals with a reason (leads of each service's team)")
    CampaignService.CampaignView decline(Actor actor, @PathVariable long id, @RequestBody DecisionRequest request) {
        return campaigns.decline(actor, id, request.services(), request.reason());
    }

    /** Body of POST /api/v1/templates: {@code spec} is a partial spec, {@code enforced} dotted paths into it. */
    record NewTemplateRequest(String name, @Nullable String description, JsonNode spec, @Nullable JsonNode enforced) {}

    /** Body of POST /api/v1/templates/{name}/versions. */
    record NewVersionRequest(JsonNode spec, @Nullable JsonNode enforced, @Nullable String note) {}

    /** Body of POST /api/v1/templates/{name}/campaigns. */
    record CampaignRequest(Integer version) {}

    /** Body of accept and decline; {@code reason} is required to decline. */
    record DecisionRequest(List<String> services, @Nullable String reason) {}

    record Created(String name, int version) {}

    record VersionCreated(int version) {}

    record CampaignCreated(long id, int proposed, int conflicting) {}

    record TemplateDetails(String name, String description, int latestVersion,
            List<TemplateService.TemplateVersion> versions, List<Long> campaigns, String createdBy, Instant createdAt) {}
}
