package dev.slipway.catalog;

import dev.slipway.common.Page;
import dev.slipway.audit.AuditTrail;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.identity.IdentityService;
import dev.slipway.identity.TeamView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/** The catalog in the browser: the list, registering a service, a service, one revision, a diff. */
@Controller
class ServicePagesController {

    static final int PAGE_SIZE = 25;
    static final int HISTORY_SIZE = 50;
    static final int AUDIT_EVENTS = 50;

    private final CatalogService catalog;
    private final IdentityService identity;
    private final AuditTrail audit;

    /** Empty when no deployer is present; the catalog works on its own. */
    private final List<ServiceDeployments> deployments;

    /** Empty when no templates feature is present (docs/golden-paths.md). */
    private final List<ServiceTemplates> templates;

    ServicePagesController(CatalogService catalog, IdentityService identity, AuditTrail audit,
            List<ServiceDeployments> deployments, List<ServiceTemplates> templates) {
        this.catalog = catalog;
        this.identity = identity;
        this.audit = audit;
        this.deployments = deployments;
        this.templates = templates;
    }

    @GetMapping("/services")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String team,
            @RequestParam(required = false) String cursor, Actor actor, Model model) {
        Page<ServiceView> page;
        try {
            page = catalog.list(q, team, PAGE_SIZE, cursor);
        } catch (InvalidInputException e) {
            model.addAttribute("flashError", "That page link is not valid any more; here is the first page.");
            page = catalog.list(q, team, PAGE_SIZE, null);
            cursor = null;
        }
        model.addAttribute("page", page);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("team", team == null ? "" : team);
        model.addAttribute("teams", identity.teams());
        model.addAttribute("firstPage", cursor == null || cursor.isBlank());
        model.addAttribute("canRegister", !actor.teams().isEmpty());
        return "catalog/list";
    }

    @GetMapping("/services/new")
    String newService(@RequestParam(required = false) String template, Actor actor, Model model) {
        List<TeamView> teams = teamsOf(actor);
        model.addAttribute("form", NewServiceForm.blank(teams.isEmpty() ? "" : teams.get(0).slug()));
        model.addAttribute("teams", teams);
        addTemplates(template, model);
        return "catalog/new";
    }

    /**
     * Registers a service with its whole first revision in one save. When something is wrong, every
     * problem is shown at once at its field, with all the input kept: input that is not even a value
     * (a port that is not a number), the service's own fields, and the rules of the spec it would have.
     */
    @PostMapping("/services")
    String register(@ModelAttribute("form") NewServiceForm form, BindingResult binding,
            @RequestParam(required = false) String template, Actor actor, Model model,
            RedirectAttributes redirect) {
        if (form == null || binding.getTarget() == null) {
            redirect.addFlashAttribute("flashError", "The form could not be read; please fill it in again.");
            return "redirect:/services/new";
        }
        List<FieldProblem> unreadable = new ArrayList<>();
        ServiceSpec spec = form.spec(unreadable);
        unreadable.forEach(p -> binding.rejectValue(p.field(), "invalid", p.message()));
        if (binding.hasErrors()) {
            List<FieldProblem> rest = new ArrayList<>(ServiceInfoRules.validate(FormInput.text(form.name()).strip(),
                    form.team(), form.description(), form.repositoryUrl()));
            rest.addAll(SpecValidator.validate(spec));
            // What could not be read is null in the spec: its "is required" would only repeat the problem.
            rest.stream().filter(p -> !binding.hasFieldErrors(String.valueOf(form.fieldFor(p))))
                    .forEach(p -> reject(form, binding, p));
            if (!binding.hasFieldErrors("name") && catalog.service(FormInput.text(form.name()).strip()).isPresent()) {
                binding.rejectValue("name", "taken", "is taken: a service with this name already exists");
            }
        } else {
            try {
                RevisionView created = template == null || template.isBlank() || templates.isEmpty()
                        ? catalog.createService(actor, form.toCommand(spec))
                        : createFromTemplate(actor, form, spec, template);
                redirect.addFlashAttribute("flash", "Registered " + created.service() + " with revision 1."
                        + (spec.secrets().isEmpty() ? "" : " Set the values of its secrets under Secrets."));
                return "redirect:" + servicePath(created.service());
            } catch (InvalidInputException e) {
                e.problems().forEach(p -> reject(form, binding, p));
            } catch (ConflictException e) {
                binding.rejectValue("name", "taken", "is taken: " + e.getMessage());
            }
        }
        model.addAttribute("teams", teamsOf(actor));
        addTemplates(template, model);
        return "catalog/new";
    }

    /**
     * The form's spec merged over the template's latest version, as {@code POST /api/v1/services} with
     * {@code template} does (docs/golden-paths.md): what the form leaves empty comes from the template.
     */
    private RevisionView createFromTemplate(Actor actor, NewServiceForm form, ServiceSpec spec, String template) {
        ServiceTemplates source = templates.get(0);
        ServiceTemplates.Applied applied = source.apply(template, SpecDocuments.tree(spec));
        SpecDocuments.Read read = SpecDocuments.read(applied.spec());
        return catalog.createService(actor, form.toCommand(read.spec()), read.problems(),
                created -> source.remember(created, applied));
    }

    private void addTemplates(String chosen, Model model) {
        model.addAttribute("templateChoices", templates.stream().flatMap(t -> t.choices().stream()).toList());
        model.addAttribute("chosenTemplate", chosen == null ? "" : chosen);
    }

    /** Shows a problem at its input, or above the form when it belongs to no input. */
    private static void reject(NewServiceForm form, BindingResult binding, FieldProblem problem) {
        String field = form.fieldFor(problem);
        if (field == null) {
            binding.reject("invalid", problem.field() + ": " + problem.message());
        } else {
            binding.rejectValue(field, "invalid", problem.message());
        }
    }

    @GetMapping("/services/{name}")
    String service(@PathVariable String name, @RequestParam(required = false) String revisions, Actor actor,
            Model model) {
        ServiceView service = catalog.requireService(name);
        RevisionView latest = catalog.latestRevision(name);
        model.addAttribute("service", service);
        model.addAttribute("revision", latest);
        addSpec(latest.spec(), model);
        model.addAttribute("history", catalog.history(name, HISTORY_SIZE, revisions));
        // The audit trail's rule (platform admins: everything; others: their teams' events) holds on this page too.
        boolean mayReadHistory = actor.isMemberOrAdminOf(service.team());
        model.addAttribute("mayReadHistory", mayReadHistory);
        model.addAttribute("events", mayReadHistory ? audit.recentForService(name, service.team(), AUDIT_EVENTS) : List.of());
        model.addAttribute("canEdit", actor.isMemberOf(service.team()));
        // Where the "Promote" form may send the revision HEALTHY in the source (docs/release-flow.md).
        model.addAttribute("promotionTargets", catalog.environmentNames());
        model.addAttribute("templateRef", templates.stream().map(t -> t.of(service.id()))
                .filter(java.util.Objects::nonNull).findFirst().orElse(null));
        addDeployments(name, model);
        return "catalog/service";
    }

    /** The service page's environments alone, fetched again whenever the service changes on a cluster. */
    @GetMapping("/services/{name}/panel")
    String environments(@PathVariable String name, Model model) {
        model.addAttribute("service", catalog.requireService(name));
        addDeployments(name, model);
        return "catalog/service :: environments";
    }

    private void addDeployments(String name, Model model) {
        model.addAttribute("deployments", deployments.stream().flatMap(d -> d.of(name).stream()).toList());
        Map<String, List<ServiceDeployments.ManagedObject>> objects = new LinkedHashMap<>();
        deployments.forEach(d -> objects.putAll(d.managedObjects(name)));
        model.addAttribute("managedObjects", objects);
        model.addAttribute("observeLinks", catalog.observeLinks(name));
    }

    @GetMapping("/services/{name}/revisions/{number}")
    String revision(@PathVariable String name, @PathVariable int number, Model model) {
        ServiceView service = catalog.requireService(name);
        RevisionView revision = catalog.revision(name, number);
        model.addAttribute("service", service);
        model.addAttribute("revision", revision);
        addSpec(revision.spec(), model);
        model.addAttribute("canEdit", false);
        return "catalog/revision";
    }

    /**
     * The comparison of two revisions, picked from the service's history. A number that is not a revision
     * of the service is reported at its field, with the page still offering the revisions to pick.
     */
    @GetMapping("/services/{name}/diff")
    String diff(@PathVariable String name, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, Model model) {
        ServiceView service = catalog.requireService(name);
        int latest = service.latestRevision();
        List<FieldProblem> problems = new ArrayList<>();
        Integer newer = revisionNumber("to", to, latest, latest, problems);
        Integer older = revisionNumber("from", from, newer == null ? latest - 1 : newer - 1, latest, problems);
        model.addAttribute("service", service);
        model.addAttribute("revisions", catalog.history(name, 500, null).items());
        model.addAttribute("from", older);
        model.addAttribute("to", newer);
        model.addAttribute("problems", problems);
        if (!problems.isEmpty()) {
            return "catalog/diff";
        }
        model.addAttribute("fromRevision", catalog.revision(name, older));
        model.addAttribute("toRevision", catalog.revision(name, newer));
        model.addAttribute("changes", catalog.diff(name, older, newer).stream().map(SpecDiff.Change::field).toList());
        return "catalog/diff";
    }

    /** A revision number from a query parameter: blank means {@code fallback} (at least 1); else 1 to {@code latest}. */
    private static Integer revisionNumber(String field, String value, int fallback, int latest,
            List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return Math.max(1, fallback);
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 1 && number <= latest) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number out of range
        }
        problems.add(new FieldProblem(field, "must be a revision of this service, 1 to " + latest + ", not '"
                + (value.length() > 20 ? value.substring(0, 20) + "…" : value) + "'"));
        return null;
    }

    private List<TeamView> teamsOf(Actor actor) {
        return identity.teams().stream().filter(t -> actor.isMemberOf(t.slug())).toList();
    }

    static void addSpec(ServiceSpec spec, Model model) {
        model.addAttribute("spec", spec);
        model.addAttribute("specJson", SpecReader.STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
        Map<String, String> overrides = new LinkedHashMap<>();
        spec.overrides().forEach((environment, patch) -> overrides.put(environment,
                SpecReader.STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(patch)));
        model.addAttribute("overridesJson", overrides);
    }

    static String servicePath(String name) {
        return UriComponentsBuilder.fromPath("/services/{name}").buildAndExpand(name).toUriString();
    }
}
