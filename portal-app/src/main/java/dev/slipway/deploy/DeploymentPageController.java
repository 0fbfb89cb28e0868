package dev.slipway.deploy;

import dev.slipway.catalog.CatalogService;
import dev.slipway.catalog.ServiceView;
import dev.slipway.clusters.ClusterService;
import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.deploy.engine.KubernetesRejection;
import dev.slipway.deploy.live.DriftReapply;
import dev.slipway.deploy.live.LiveStatusService;
import dev.slipway.deploy.logs.PodLogs;
import dev.slipway.deploy.live.WorkloadStatus;
import dev.slipway.deploy.requests.DeploymentRules;
import dev.slipway.deploy.requests.DeploymentView;
import dev.slipway.deploy.requests.RequestState;
import dev.slipway.identity.IdentityService;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages for plans, deployment requests and their records, and the live status of a service. */
@Controller
class DeploymentPageController {

    private final DeploymentService deployments;
    private final LiveStatusService live;
    private final CatalogService catalog;
    private final ClusterService clusters;
    private final IdentityService identity;
    private final DeploymentRules rules;
    private final DriftReapply reapply;
    private final PodLogs podLogs;
    private final ReleaseFlow release;

    DeploymentPageController(DeploymentService deployments, LiveStatusService live, CatalogService catalog,
            ClusterService clusters, IdentityService identity, DeploymentRules rules, DriftReapply reapply,
            PodLogs podLogs, ReleaseFlow release) {
        this.release = release;
        this.reapply = reapply;
        this.podLogs = podLogs;
        this.deployments = deployments;
        this.live = live;
        this.catalog = catalog;
        this.clusters = clusters;
        this.identity = identity;
        this.rules = rules;
    }

    @GetMapping("/deployments")
    String list(@RequestParam(required = false) String state, @RequestParam(required = false) String team,
            @RequestParam(required = false) String environment, @RequestParam(required = false) String service,
            @RequestParam(required = false) Long before, Model model) {
        RequestState parsed = null;
        if (state != null && !state.isBlank()) {
            try {
                parsed = RequestState.valueOf(state);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("state", "must be one of the request states");
            }
        }
        var items = deployments.list(parsed, team, environment, service, 50, before);
        model.addAttribute("deployments", items);
        model.addAttribute("states", RequestState.values());
        model.addAttribute("environments", clusters.environments());
        model.addAttribute("teams", identity.teams());
        model.addAttribute("filter", new Filter(state, team, environment, service));
        model.addAttribute("nextBefore", items.size() == 50 ? items.get(items.size() - 1).id() : null);
        return "deploy/deployments";
    }

    record Filter(String state, String team, String environment, String service) {}

    /**
     * The deploy record. While the request waits for approval it is also the approval page: what runs
     * now, the field changes, the plan (a server-side dry run, secret values masked), and the decision
     * forms for those who may decide.
     */
    @GetMapping("/deployments/{id}")
    String record(@PathVariable long id, Model model, Actor actor) {
        DeploymentView deployment = recordModel(id, model, actor);
        if (deployment.state() == RequestState.PENDING_APPROVAL) {
            reviewModel(deployment, model);
        }
        return "deploy/deployment";
    }

    /** The record without the page around it: htmx refreshes it while the sync runs. */
    @GetMapping("/deployments/{id}/panel")
    String recordPanel(@PathVariable long id, Model model, Actor actor) {
        recordModel(id, model, actor);
        return "deploy/deployment :: record";
    }

    private DeploymentView recordModel(long id, Model model, Actor actor) {
        DeploymentView deployment = deployments.get(id);
        model.addAttribute("deployment", deployment);
        model.addAttribute("actor", actor);
        model.addAttribute("live", deployment.state() == RequestState.APPROVED || deployment.state() == RequestState.SYNCING);
        Instant now = Instant.now();
        Map<Integer, String> runTimings = new HashMap<>();
        deployment.runs().forEach(run -> runTimings.put(run.attempt(),
                RunTiming.describe(run.startedAt(), run.endedAt(), now)));
        model.addAttribute("runTimings", runTimings);
        model.addAttribute("mayCancel",
                rules.refusalToCancel(actor, deployment.team(), deployment.requestedBy()).isEmpty());
        model.addAttribute("decisionRefusal", rules.refusalToDecide(actor, deployment.team(),
                deployment.requestedBy(), clusters.requireEnvironment(deployment.environment())).orElse(null));
        // Why it waits, in words, and a lead's window override (docs/release-flow.md).
        model.addAttribute("release", release.blockers(id));
        return deployment;
    }

    private void reviewModel(DeploymentView deployment, Model model) {
        DeploymentService.Review review = deployments.review(deployment.id());
        model.addAttribute("review", review);
        LiveStatusService.Plan plan = planOrError(model,
                () -> live.plan(deployment.service(), deployment.revision(), deployment.environment()));
        if (plan != null) {
            model.addAttribute("objectsChanged", !plan.renderedHash().equals(review.renderedHash()));
        }
    }

    /** What a plan call may do: render, then ask the cluster. */
    private interface PlanCall {
        LiveStatusService.Plan plan() throws KubernetesRejection;
    }

    /** Puts the plan, or why there is none, on the page; null when there is none. */
    private static LiveStatusService.Plan planOrError(Model model, PlanCall call) {
        try {
            LiveStatusService.Plan plan = call.plan();
            model.addAttribute("plan", plan);
            return plan;
        } catch (InvalidInputException e) {
            model.addAttribute("planError", e.problems().get(0).field() + " " + e.problems().get(0).message());
        } catch (KubernetesRejection e) {
            model.addAttribute("planError", e.getMessage());
        } catch (RuntimeException e) {
            model.addAttribute("planError", "The cluster could not be asked: " + e.getMessage());
        }
        return null;
    }

    @PostMapping("/deployments/{id}/cancel")
    String cancel(@PathVariable long id, @RequestParam(required = false) String comment, Actor actor,
            RedirectAttributes redirect) {
        try {
            deployments.cancel(actor, id, comment);
            redirect.addFlashAttribute("flash", "Request " + id + " cancelled.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/deployments/" + id;
    }

    @PostMapping("/deployments/{id}/retry")
    String retry(@PathVariable long id, Actor actor, RedirectAttributes redirect) {
        deployments.retry(actor, id);
        redirect.addFlashAttribute("flash", "Request " + id + " is queued again.");
        return "redirect:/deployments/" + id;
    }

    @GetMapping("/services/{name}/plan")
    String plan(@PathVariable String name, @RequestParam(required = false) String environment,
            @RequestParam(required = false) Integer revision, Model model, Actor actor) {
        var service = catalog.requireService(name);
        model.addAttribute("service", service);
        model.addAttribute("environments", clusters.environments());
        model.addAttribute("selectedEnvironment", environment);
        model.addAttribute("revision", revision == null ? service.latestRevision() : revision);
        model.addAttribute("revisions", catalog.history(name, 500, null).items());
        model.addAttribute("member", actor.isMemberOf(service.team()));
        if (environment != null && !environment.isBlank()) {
            LiveStatusService.Plan plan = planOrError(model, () -> live.plan(name, revision, environment));
            if (plan != null) {
                model.addAttribute("guardrails", plan.guardrails());
            } else {
                try {
                    model.addAttribute("guardrails", live.guardrails(name, revision, environment));
                } catch (NotFoundException | InvalidInputException e) {
                    // planError already says why there is no preview: no such environment or revision
                }
            }
            clusters.environment(environment).ifPresent(e -> model.addAttribute("approvers",
                    rules.approversFor(service.team(), actor.username(), e)));
        }
        return "deploy/plan";
    }

    @PostMapping("/services/{name}/deployments")
    String request(@PathVariable String name, @RequestParam(required = false) String environment,
            @RequestParam(required = false) Integer revision, @RequestParam(required = false) String comment,
            Actor actor, RedirectAttributes redirect) {
        try {
            DeploymentView view = deployments.request(actor, name, revision, environment,
                    comment);
            redirect.addFlashAttribute("flash", "Deployment of revision " + view.revision() + " to " + view.environment()
                    + " requested: " + view.state() + ".");
            return "redirect:/deployments/" + view.id();
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("flashError", String.join(" ", e.problems().stream()
                    .map(p -> p.field() + " " + p.message()).toList()));
            return "redirect:/services/" + name + "/plan?environment=" + (environment == null ? "" : environment)
                    + (revision == null ? "" : "&revision=" + revision);
        }
    }

    @GetMapping("/services/{name}/environments/{environment}")
    String status(@PathVariable String name, @PathVariable String environment, Model model, Actor actor) {
        ServiceView service = panelModel(name, environment, model, actor);
        // The dashboard and logs links sit above the live panel: the page needs them, its refreshes do not.
        clusters.environment(environment)
                .ifPresent(e -> model.addAttribute("observeLinks", e.observeLinks(service.team(), name)));
        return "deploy/status";
    }

    @GetMapping("/services/{name}/environments/{environment}/panel")
    String statusPanel(@PathVariable String name, @PathVariable String environment, Model model, Actor actor) {
        panelModel(name, environment, model, actor);
        return "deploy/status :: panel";
    }

    /** What the live panel shows, for the page and for each of its refreshes; returns the service. */
    private ServiceView panelModel(String name, String environment, Model model, Actor actor) {
        var status = podLogs.forReader(actor, live.status(name, environment));
        model.addAttribute("status", status);
        var service = catalog.requireService(name);
        model.addAttribute("service", service);
        model.addAttribute("mayReapply", reapply.mayReapply(actor, service.team()));
        boolean live = status.state() == RequestState.APPROVED || status.state() == RequestState.SYNCING;
        model.addAttribute("live", live);
        // A service that is still coming up keeps refreshing after its sync, until it is up or says why not.
        model.addAttribute("refresh", live || WorkloadStatus.Health.PROGRESSING.name().equals(status.health()));
        return service;
    }
}
