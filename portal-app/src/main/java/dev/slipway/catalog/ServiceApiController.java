package dev.slipway.catalog;

import dev.slipway.common.Page;
import dev.slipway.common.PageRequest;
import dev.slipway.common.Actor;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import jakarta.annotation.Nullable;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Services and revisions over HTTP (docs/architecture.md, "The spec"). The spec arrives as raw JSON
 * and is read strictly here, so an unknown field or a value of the wrong shape is answered with 422
 * naming the field, while the rest of the application keeps Jackson's lenient defaults.
 */
@RestController
@RequestMapping("/api/v1/services")
class ServiceApiController {


    private final CatalogService catalog;

    /** Empty when no deployer is present; the catalog works on its own. */
    private final List<ServiceDeployments> deployments;

    /** Empty when no templates feature is present (docs/golden-paths.md). */
    private final List<ServiceTemplates> templates;

    ServiceApiController(CatalogService catalog, List<ServiceDeployments> deployments,
            List<ServiceTemplates> templates) {
        this.catalog = catalog;
        this.deployments = deployments;
        this.templates = templates;
    }

    @PostMapping
    ResponseEntity<ServiceDetails> create(@RequestBody CreateServiceRequest request, Actor actor) {
        if (request.template() != null) {
            if (templates.isEmpty()) {
                throw new InvalidInputException("template", "names no template: templates are not available here");
            }
            ServiceTemplates source = templates.get(0);
            ServiceTemplates.Applied applied = source.apply(request.template(), request.spec());
            SpecReader.Result spec = SpecReader.read(applied.spec(), "spec");
            catalog.createService(actor, new NewService(request.name(), request.team(), request.description(),
                    request.repositoryUrl(), spec.spec()), SpecValidator.validate(spec),
                    created -> source.remember(created, applied));
        } else {
            SpecReader.Result spec = SpecReader.read(request.spec(), "spec");
            catalog.createService(actor, new NewService(request.name(), request.team(), request.description(),
                    request.repositoryUrl(), spec.spec()), SpecValidator.validate(spec));
        }
        URI location = UriComponentsBuilder.fromPath("/api/v1/services/{name}").buildAndExpand(request.name()).toUri();
        return ResponseEntity.created(location).body(details(request.name()));
    }

    @GetMapping
    Page<ServiceSummary> list(@RequestParam(required = false) String team, @RequestParam(required = false) String q,
            @RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        return catalog.list(q, team, page.limit(), page.cursor()).map(ServiceSummary::of);
    }

    @GetMapping("/{name}")
    ServiceDetails get(@PathVariable String name) {
        return details(name);
    }

    /** Replaces description and repository URL; an absent field is cleared. */
    @PutMapping("/{name}")
    ServiceDetails replaceInfo(@PathVariable String name, @RequestBody ServiceInfoRequest request, Actor actor) {
        catalog.describe(actor, name, request.description(), request.repositoryUrl());
        return details(name);
    }

    /** Changes description and/or repository URL; an absent field keeps its value. */
    @PatchMapping("/{name}")
    ServiceDetails changeInfo(@PathVariable String name, @RequestBody ServiceInfoRequest request, Actor actor) {
        ServiceView current = catalog.requireService(name);
        catalog.describe(actor, name,
                request.description() == null ? current.description() : request.description(),
                request.repositoryUrl() == null ? current.repositoryUrl() : request.repositoryUrl());
        return details(name);
    }

    @PostMapping("/{name}/revisions")
    ResponseEntity<RevisionDetails> saveRevision(@PathVariable String name, @RequestBody NewRevisionRequest request,
            Actor actor) {
        catalog.requireService(name);
        SpecReader.Result spec = SpecReader.read(request.spec(), "spec");
        List<FieldProblem> problems = new ArrayList<>();
        if (request.baseRevision() == null) {
            problems.add(new FieldProblem("baseRevision", "is required: the number of the revision your change is "
                    + "based on (latestRevision of GET /api/v1/services/" + name + ")"));
        }
        problems.addAll(SpecValidator.validate(spec));
        if (request.baseRevision() == null) {
            throw new InvalidInputException(problems);
        }
        RevisionView saved = catalog.saveRevision(actor, name, request.baseRevision(), spec.spec(),
                request.changeSummary(), problems);
        URI location = UriComponentsBuilder.fromPath("/api/v1/services/{name}/revisions/{number}")
                .buildAndExpand(name, saved.number()).toUri();
        return ResponseEntity.created(location).body(RevisionDetails.of(saved));
    }

    @GetMapping("/{name}/revisions")
    Page<RevisionSummary> revisions(@PathVariable String name, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor) {
        PageRequest page = PageRequest.of(limit, cursor);
        return catalog.history(name, page.limit(), page.cursor());
    }

    @GetMapping("/{name}/revisions/{number}")
    RevisionDetails revision(@PathVariable String name, @PathVariable int number) {
        return RevisionDetails.of(catalog.revision(name, number));
    }

    @GetMapping("/{name}/revisions/{from}/diff/{to}")
    DiffResponse diff(@PathVariable String name, @PathVariable int from, @PathVariable int to) {
        return new DiffResponse(from, to, catalog.diff(name, from, to));
    }

    private ServiceDetails details(String name) {
        ServiceView service = catalog.requireService(name);
        return new ServiceDetails(service.name(), service.team(), service.description(), service.repositoryUrl(),
                service.latestRevision(), catalog.latestRevision(name).spec(), service.createdBy(), service.createdAt(),
                service.updatedAt(), deployments.stream().flatMap(d -> d.of(service.name()).stream()).toList(),
                templates.stream().map(t -> t.of(service.id())).filter(java.util.Objects::nonNull).findFirst()
                        .orElse(null));
    }



    /**
     * Body of POST /api/v1/services; {@code spec} is read strictly by {@link SpecReader}. With {@code template},
     * the spec is merged over the template's latest version (docs/golden-paths.md).
     */
    record CreateServiceRequest(String name, String team, String description, String repositoryUrl, JsonNode spec,
            @Nullable String template) {}

    /** Body of PUT and PATCH /api/v1/services/{name}. */
    record ServiceInfoRequest(String description, String repositoryUrl) {}

    /** Body of POST /api/v1/services/{name}/revisions. */
    record NewRevisionRequest(Integer baseRevision, JsonNode spec, String changeSummary) {}

    /**
     * A service with its latest spec. {@code environments} lists what runs where, as the deployer reports it;
     * {@code template} the golden-path template it follows, if any.
     */
    record ServiceDetails(String name, String team, String description, @Nullable String repositoryUrl, int latestRevision,
            ServiceSpec spec, String createdBy, Instant createdAt, Instant updatedAt,
            List<ServiceDeployments.EnvironmentDeployment> environments, @Nullable ServiceTemplates.TemplateRef template) {}

    /** A service in a list. */
    record ServiceSummary(String name, String team, String description, @Nullable String repositoryUrl, int latestRevision,
            Instant updatedAt) {

        static ServiceSummary of(ServiceView s) {
            return new ServiceSummary(s.name(), s.team(), s.description(), s.repositoryUrl(), s.latestRevision(),
                    s.updatedAt());
        }
    }


    /** One revision with its spec and the secret versions it pins (key -> environment -> version). */
    record RevisionDetails(String service, int number, ServiceSpec spec, Map<String, Map<String, Integer>> secretVersions,
            String changeSummary, String createdBy, Instant createdAt) {

        static RevisionDetails of(RevisionView r) {
            return new RevisionDetails(r.service(), r.number(), r.spec(), r.secretVersions(), r.changeSummary(),
                    r.createdBy(), r.createdAt());
        }
    }

    record DiffResponse(int from, int to, List<SpecDiff.Change> changes) {}
}
