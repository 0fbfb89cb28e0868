package dev.slipway.catalog;

import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Editing a service one section at a time. Each form carries the revision it was filled from; a
 * save makes a new revision on top of it, and when someone saved in between the form comes back
 * with the person's input and the conflict explained, and nothing is overwritten.
 */
@Controller
@RequestMapping("/services/{name}/edit")
class SpecEditController {

    /** The sections of the spec that have a form of their own. */
    enum Section {
        CONTAINER("container", "Container", ContainerForm::of),
        PORTS("ports", "Ports", PortsForm::of),
        RESOURCES("resources", "Resources", ResourcesForm::of),
        CONFIG("config", "Configuration", ConfigForm::of),
        CONFIG_FILES("files", "Config files", ConfigFilesForm::of),
        SECRETS("secrets", "Secrets", SecretsForm::of),
        INGRESS("ingress", "Ingress", IngressForm::of),
        AUTOSCALING("autoscaling", "Autoscaling", AutoscalingForm::of),
        PROBES("probes", "Probes", ProbesForm::of),
        MONITORING("monitoring", "Monitoring", MonitoringForm::of),
        OVERRIDES("overrides", "Environment overrides", revision -> OverrideForm.blank(revision, ""));

        final String slug;
        final String title;
        final Function<RevisionView, SpecSectionForm> formOf;

        Section(String slug, String title, Function<RevisionView, SpecSectionForm> formOf) {
            this.slug = slug;
            this.title = title;
            this.formOf = formOf;
        }

        static Section of(String slug) {
            return Arrays.stream(values()).filter(s -> s.slug.equals(slug)).findFirst()
                    .orElseThrow(() -> new NotFoundException("There is no section '" + slug + "' to edit."));
        }
    }

    private final CatalogService catalog;

    SpecEditController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/{section}")
    String edit(@PathVariable String name, @PathVariable String section, Actor actor, Model model) {
        Section edited = Section.of(section);
        ServiceView service = requireMember(name, actor);
        model.addAttribute("form", edited.formOf.apply(catalog.latestRevision(name)));
        return page(edited, service, model);
    }

    @PostMapping("/container")
    String container(@PathVariable String name, @ModelAttribute("form") ContainerForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.CONTAINER, form, binding, actor, model, redirect);
    }

    @PostMapping("/ports")
    String ports(@PathVariable String name, @ModelAttribute("form") PortsForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.PORTS, form, binding, actor, model, redirect);
    }

    @PostMapping("/resources")
    String resources(@PathVariable String name, @ModelAttribute("form") ResourcesForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.RESOURCES, form, binding, actor, model, redirect);
    }

    @PostMapping("/config")
    String config(@PathVariable String name, @ModelAttribute("form") ConfigForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.CONFIG, form, binding, actor, model, redirect);
    }

    @PostMapping("/files")
    String configFiles(@PathVariable String name, @ModelAttribute("form") ConfigFilesForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.CONFIG_FILES, form, binding, actor, model, redirect);
    }

    @PostMapping("/secrets")
    String secrets(@PathVariable String name, @ModelAttribute("form") SecretsForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.SECRETS, form, binding, actor, model, redirect);
    }

    @PostMapping("/ingress")
    String ingress(@PathVariable String name, @ModelAttribute("form") IngressForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.INGRESS, form, binding, actor, model, redirect);
    }

    @PostMapping("/autoscaling")
    String autoscaling(@PathVariable String name, @ModelAttribute("form") AutoscalingForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.AUTOSCALING, form, binding, actor, model, redirect);
    }

    @PostMapping("/probes")
    String probes(@PathVariable String name, @ModelAttribute("form") ProbesForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.PROBES, form, binding, actor, model, redirect);
    }

    @PostMapping("/monitoring")
    String monitoring(@PathVariable String name, @ModelAttribute("form") MonitoringForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.MONITORING, form, binding, actor, model, redirect);
    }

    @GetMapping("/overrides")
    String overrides(@PathVariable String name, @RequestParam(required = false) String environment,
            Actor actor, Model model) {
        ServiceView service = requireMember(name, actor);
        RevisionView latest = catalog.latestRevision(name);
        boolean existing = environment != null && latest.spec().overrides().containsKey(environment);
        model.addAttribute("form", existing ? OverrideForm.of(latest, environment) : OverrideForm.blank(latest, environment));
        return page(Section.OVERRIDES, service, model);
    }

    @PostMapping("/overrides")
    String saveOverride(@PathVariable String name, @ModelAttribute("form") OverrideForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        return save(name, Section.OVERRIDES, form, binding, actor, model, redirect);
    }

    /** The "remove this override" button of the override form posts the same form here. */
    @PostMapping("/overrides/remove")
    String removeOverride(@PathVariable String name, @ModelAttribute("form") OverrideForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        SpecSectionForm removal = form == null ? null : new OverrideRemoval(form);
        return save(name, Section.OVERRIDES, removal, binding, actor, model, redirect);
    }

    @GetMapping("/info")
    String info(@PathVariable String name, Actor actor, Model model) {
        ServiceView service = requireMember(name, actor);
        model.addAttribute("form", ServiceInfoForm.of(service));
        model.addAttribute("service", service);
        return "catalog/edit/info";
    }

    @PostMapping("/info")
    String saveInfo(@PathVariable String name, @ModelAttribute("form") ServiceInfoForm form, BindingResult binding,
            Actor actor, Model model, RedirectAttributes redirect) {
        ServiceView service = requireMember(name, actor);
        try {
            catalog.describe(actor, name, form.description(), form.repositoryUrl());
            redirect.addFlashAttribute("flash", "Saved the description of " + name + ".");
            return "redirect:" + ServicePagesController.servicePath(name);
        } catch (InvalidInputException e) {
            for (FieldProblem problem : e.problems()) {
                binding.rejectValue(problem.field(), "invalid", problem.message());
            }
        }
        model.addAttribute("service", service);
        return "catalog/edit/info";
    }

    private String save(String name, Section section, SpecSectionForm form, BindingResult binding, Actor actor,
            Model model, RedirectAttributes redirect) {
        ServiceView service = requireMember(name, actor);
        if (form == null || binding.getTarget() == null) {
            redirect.addFlashAttribute("flashError", "The form could not be read; please make your change again.");
            return "redirect:" + ServicePagesController.servicePath(name) + "/edit/" + section.slug;
        }
        Integer base = baseRevisionOf(form);
        if (base == null) {
            binding.reject("invalid", "The form has lost the revision it was based on: reload the page and make "
                    + "your change again.");
            return page(section, service, model);
        }
        RevisionView baseRevision = catalog.revision(name, base);
        List<FieldProblem> problems = new ArrayList<>();
        ServiceSpec spec = LineEndings.normalize(form.applyTo(baseRevision.spec(), problems));
        problems.forEach(p -> binding.rejectValue(p.field(), "invalid", p.message()));
        if (binding.hasErrors()) {
            // Show what the rest of the input would meet too, so that fixing one problem does not reveal the next.
            for (FieldProblem problem : catalog.problemsOf(spec, catalog.latestRevision(name).spec())) {
                String field = form.fieldFor(problem);
                if (field == null) {
                    binding.reject("invalid", problem.field() + ": " + problem.message());
                } else if (!binding.hasFieldErrors(field)) {
                    binding.rejectValue(field, "invalid", problem.message());
                }
            }
            return page(section, service, model);
        }
        List<SpecDiff.Change> changes = SpecDiff.between(baseRevision.spec(), spec);
        if (changes.isEmpty() && base == service.latestRevision()) {
            redirect.addFlashAttribute("flash", "Nothing changed, so no new revision was saved.");
            return "redirect:" + ServicePagesController.servicePath(name);
        }
        try {
            RevisionView saved = catalog.saveRevision(actor, name, base, spec,
                    summary(form.changeSummary(), section, changes));
            redirect.addFlashAttribute("flash", "Saved revision " + saved.number() + ": " + saved.changeSummary());
            return "redirect:" + ServicePagesController.servicePath(name);
        } catch (InvalidInputException e) {
            for (FieldProblem problem : e.problems()) {
                String field = problem.field().equals("changeSummary") ? "changeSummary" : form.fieldFor(problem);
                if (field == null) {
                    binding.reject("invalid", problem.field() + ": " + problem.message());
                } else {
                    binding.rejectValue(field, "invalid", problem.message());
                }
            }
        } catch (ConflictException e) {
            binding.reject("stale", e.getMessage());
            model.addAttribute("staleBase", base);
            model.addAttribute("latestRevision", catalog.requireService(name).latestRevision());
            model.addAttribute("reloadUrl", reloadUrl(name, section, form));
        }
        return page(section, service, model);
    }

    /** Summarises a save that came without a summary by the fields it changed. */
    static String summary(String given, Section section, List<SpecDiff.Change> changes) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        List<String> paths = changes.stream().map(c -> c.path().substring("spec.".length())).toList();
        String listed = paths.size() <= 3
                ? String.join(", ", paths)
                : String.join(", ", paths.subList(0, 3)) + " and " + (paths.size() - 3) + " more";
        String text = "Edited " + section.title.toLowerCase(java.util.Locale.ROOT) + (listed.isEmpty() ? "" : ": " + listed);
        return text.length() > CatalogService.MAX_SUMMARY ? text.substring(0, CatalogService.MAX_SUMMARY - 1) + "…" : text;
    }

    private static String reloadUrl(String name, Section section, SpecSectionForm form) {
        UriComponentsBuilder url = UriComponentsBuilder.fromPath("/services/{name}/edit/{section}");
        OverrideForm override = form instanceof OverrideRemoval removal ? removal.form()
                : form instanceof OverrideForm edited ? edited : null;
        if (override != null && !FormInput.blank(override.originalEnvironment())) {
            url.queryParam("environment", override.originalEnvironment());
        }
        return url.buildAndExpand(name, section.slug).encode().toUriString();
    }

    private String page(Section section, ServiceView service, Model model) {
        model.addAttribute("service", service);
        model.addAttribute("section", section.title);
        if (section == Section.OVERRIDES) {
            model.addAttribute("environments", catalog.latestRevision(service.name()).spec().overrides().keySet());
            model.addAttribute("knownEnvironments", catalog.environmentNames());
        }
        return "catalog/edit/" + section.slug;
    }

    private static Integer baseRevisionOf(SpecSectionForm form) {
        try {
            return form.baseRevision() == null ? null : Integer.valueOf(form.baseRevision().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private ServiceView requireMember(String name, Actor actor) {
        ServiceView service = catalog.requireService(name);
        if (!actor.isMemberOf(service.team())) {
            throw new AccessRefusedException("Only members of team '" + service.team() + "' may change its services.");
        }
        return service;
    }


    /** The override form's "remove" button: saves the base without this environment's override. */
    private record OverrideRemoval(OverrideForm form) implements SpecSectionForm {

        @Override
        public String baseRevision() {
            return form.baseRevision();
        }

        @Override
        public String changeSummary() {
            return FormInput.blank(form.changeSummary())
                    ? "Removed the override of " + form.originalEnvironment()
                    : form.changeSummary();
        }

        @Override
        public ServiceSpec applyTo(ServiceSpec base, List<FieldProblem> problems) {
            return form.removeFrom(base);
        }

        @Override
        public String fieldFor(FieldProblem problem) {
            return form.fieldFor(problem);
        }
    }
}
