package dev.slipway.secrets;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceView;
import dev.slipway.common.AccessRefusedException;
import dev.slipway.common.Actor;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The secrets page of a service: which keys have values where, who set them and when, and a
 * write-only form per key. The value arrives as a plain request parameter and goes straight to the
 * service, so it never sits in the model a view could render.
 */
@Controller
@RequestMapping("/services/{name}/secrets")
class SecretsPageController {

    static final String VIEW = "secrets/service-secrets";

    private final SecretsService secrets;
    private final CatalogService catalog;

    SecretsPageController(SecretsService secrets, CatalogService catalog) {
        this.secrets = secrets;
        this.catalog = catalog;
    }

    @GetMapping
    String page(@PathVariable String name, Actor actor, Model model) {
        show(model, name, actor, null);
        return VIEW;
    }

    @PostMapping("/{key}")
    String set(@PathVariable String name, @PathVariable String key,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String value,
            Actor actor, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            SecretChange change = secrets.set(actor, name, key, environment, value);
            redirect.addFlashAttribute("flash", "Saved " + key + " for " + label(change.environment())
                    + " as version " + change.version() + "; revision " + change.revision() + " pins it.");
            return "redirect:/services/{name}/secrets";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            show(model, name, actor, new Failure(key, environment, e.problems()));
            return VIEW;
        }
    }

    /**
     * Asks before a value is deleted: the Delete link of the table leads here, and a POST without
     * {@code confirmed=yes} shows this page too, so nothing is deleted by one stray click (no script needed).
     */
    @GetMapping("/{key}/delete")
    String confirmDelete(@PathVariable String name, @PathVariable String key,
            @RequestParam(required = false) String environment, Actor actor, Model model) {
        ServiceView service = catalog.requireService(name);
        if (!actor.isMemberOf(service.team())) {
            throw new AccessRefusedException("Only members of team '" + service.team()
                    + "' may delete secret values of its services.");
        }
        String scope = environment == null || environment.isBlank() ? null : environment.strip();
        SecretInfo stored = secrets.list(name).stream()
                .filter(info -> info.key().equals(key) && Objects.equals(info.environment(), scope))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("Service '" + name + "' has no value for secret '" + key
                        + "' in " + label(scope) + "."));
        model.addAttribute("service", service);
        model.addAttribute("key", key);
        model.addAttribute("environment", scope == null ? "" : scope);
        model.addAttribute("where", label(scope));
        model.addAttribute("stored", new Cell(scope == null ? "" : scope, stored.version(), stored.updatedBy(),
                stored.updatedAt()));
        model.addAttribute("sharedValueRemains", scope != null && secrets.list(name).stream()
                .anyMatch(info -> info.key().equals(key) && info.environment() == null));
        return "secrets/delete-secret";
    }

    @PostMapping("/{key}/delete")
    String delete(@PathVariable String name, @PathVariable String key,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String confirmed,
            Actor actor, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        if (!"yes".equals(confirmed)) {
            return confirmDelete(name, key, environment, actor, model);
        }
        try {
            SecretChange change = secrets.delete(actor, name, key, environment);
            redirect.addFlashAttribute("flash", "Deleted the value of " + key + " for "
                    + label(change.environment()) + "; revision " + change.revision() + " no longer pins it.");
            return "redirect:/services/{name}/secrets";
        } catch (InvalidInputException e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            show(model, name, actor, new Failure(key, environment, e.problems()));
            return VIEW;
        }
    }

    private void show(Model model, String name, Actor actor, Failure failure) {
        ServiceView service = catalog.requireService(name);
        List<String> declared = secrets.declaredKeys(name);
        List<SecretInfo> stored = secrets.list(name);

        List<Column> columns = new ArrayList<>();
        columns.add(new Column(null, "All environments"));
        stored.stream().map(SecretInfo::environment).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new))
                .forEach(environment -> columns.add(new Column(environment, environment)));

        Set<String> keys = new LinkedHashSet<>(declared);
        stored.stream().map(SecretInfo::key).sorted().forEach(keys::add);
        Map<Place, SecretInfo> byPlace = stored.stream()
                .collect(Collectors.toMap(s -> new Place(s.key(), s.environment()), Function.identity()));
        List<Row> rows = keys.stream().map(key -> new Row(key, declared.contains(key),
                byPlace.containsKey(new Place(key, null)), columns.stream()
                        .map(column -> byPlace.get(new Place(key, column.environment())))
                        .map(info -> info == null ? null : new Cell(info.environment() == null ? "" : info.environment(),
                                info.version(), info.updatedBy(), info.updatedAt()))
                        .toList()))
                .toList();

        List<KeyForm> forms = declared.stream().map(key -> failure != null && key.equals(failure.key())
                        ? new KeyForm(key, failure.environment() == null ? "" : failure.environment(),
                                failure.problem("environment"), failure.problem("value"))
                        : new KeyForm(key, "", null, null))
                .toList();

        model.addAttribute("service", service);
        model.addAttribute("columns", columns);
        model.addAttribute("rows", rows);
        model.addAttribute("forms", forms);
        model.addAttribute("environments", catalog.environmentNames());
        model.addAttribute("canWrite", actor.isMemberOf(service.team()));
        model.addAttribute("unplacedProblems", failure == null || declared.contains(failure.key())
                ? List.of()
                : failure.problems());
    }

    private static String label(String environment) {
        return environment == null ? "all environments" : "environment " + environment;
    }

    /** A key in an environment (null: all environments). */
    private record Place(String key, String environment) {}

    /** A column of the table: one environment, or (null) every environment without its own value. */
    record Column(String environment, String label) {}

    /** A stored value as the table shows it; {@code environment} is empty for all environments. */
    record Cell(String environment, int version, String updatedBy, Instant updatedAt) {}

    /**
     * One key across the columns; a null cell means no value of that environment's own, in which case
     * the all-environments value serves it if {@code sharedValue}.
     */
    record Row(String key, boolean declared, boolean sharedValue, List<Cell> cells) {}

    /** The write-only form of one key: only the environment is ever filled in again, never the value. */
    record KeyForm(String key, String environment, String environmentError, String valueError) {}

    /** A refused submission, shown again next to the form it came from (without the value). */
    record Failure(String key, String environment, List<FieldProblem> problems) {
        String problem(String field) {
            return problems.stream().filter(p -> p.field().equals(field)).map(FieldProblem::message).findFirst()
                    .orElse(null);
        }
    }
}
