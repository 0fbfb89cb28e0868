package dev.slipway.clusters;

import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.FieldProblem;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.NotFoundException;
import dev.slipway.identity.IdentityService;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Pages to see clusters and environments; platform admins also register and change them here. */
@Controller
class ClusterPageController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ClusterService clusters;
    private final IdentityService identity;
    private final List<EnvironmentDeployments> deployments;
    private final List<ClusterWatches> watches;

    ClusterPageController(ClusterService clusters, IdentityService identity, List<EnvironmentDeployments> deployments,
            List<ClusterWatches> watches) {
        this.clusters = clusters;
        this.identity = identity;
        this.deployments = deployments;
        this.watches = watches;
    }

    /** The cluster registration form; the kubeconfig is never echoed back into the page. */
    static final class ClusterForm {
        private String name = "";
        private String kubeconfig = "";

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getKubeconfig() {
            return kubeconfig;
        }

        public void setKubeconfig(String kubeconfig) {
            this.kubeconfig = kubeconfig;
        }
    }

    /** The environment form; flat fields so every one can carry its own error. */
    static final class EnvironmentForm {
        private String name = "";
        private String cluster = "";
        private String namespaceTemplate = NamespaceTemplate.DEFAULT;
        private String order = "0";
        private boolean requiresApproval;
        private String driftMode = DriftMode.DETECT.name();
        private String maxReplicas = "";
        private String maxCpu = "";
        private String maxMemory = "";
        private String allowedRegistries = "";
        private boolean requireLimits;
        private boolean forbidLatestTag;
        private String fallbackApprovers = "";
        private String dashboardUrlTemplate = "";
        private String logsUrlTemplate = "";
        private String promotionFrom = "";
        private String soakMinutes = "";
        private String windows = "";
        private boolean autoRollback;
        private String progressDeadlineSeconds = "";

        static EnvironmentForm of(EnvironmentView e) {
            EnvironmentForm form = new EnvironmentForm();
            form.name = e.name();
            form.cluster = e.cluster();
            form.namespaceTemplate = e.namespaceTemplate();
            form.order = String.valueOf(e.order());
            form.requiresApproval = e.requiresApproval();
            form.driftMode = e.driftMode().name();
            GuardrailPolicy p = e.policy();
            form.maxReplicas = p.maxReplicas() == null ? "" : String.valueOf(p.maxReplicas());
            form.maxCpu = p.maxCpu() == null ? "" : p.maxCpu();
            form.maxMemory = p.maxMemory() == null ? "" : p.maxMemory();
            form.allowedRegistries = String.join("\n", p.allowedRegistries());
            form.requireLimits = p.limitsRequired();
            form.forbidLatestTag = p.latestTagForbidden();
            form.fallbackApprovers = e.fallbackApprovers() == null ? "" : e.fallbackApprovers();
            form.dashboardUrlTemplate = e.dashboardUrlTemplate() == null ? "" : e.dashboardUrlTemplate();
            form.logsUrlTemplate = e.logsUrlTemplate() == null ? "" : e.logsUrlTemplate();
            form.promotionFrom = p.promotionFrom() == null ? "" : p.promotionFrom();
            form.soakMinutes = p.soakMinutes() == null ? "" : String.valueOf(p.soakMinutes());
            form.windows = String.join("\n", p.deploymentWindows().stream().map(w -> String.join(",", w.days()) + " "
                    + w.from() + "-" + w.to() + " " + w.timeZone()).toList());
            form.autoRollback = p.rollsBackAutomatically();
            form.progressDeadlineSeconds = p.progressDeadlineSeconds() == null ? "" : String.valueOf(p.progressDeadlineSeconds());
            return form;
        }

        EnvironmentCommand toCommand() {
            List<FieldProblem> problems = new ArrayList<>();
            Integer parsedOrder = parseInt("order", order, problems);
            Integer parsedMax = maxReplicas == null || maxReplicas.isBlank() ? null : parseInt("policy.maxReplicas", maxReplicas, problems);
            Integer parsedSoak = soakMinutes == null || soakMinutes.isBlank() ? null : parseInt("policy.soakMinutes", soakMinutes, problems);
            List<DeploymentWindow> parsedWindows = parseWindows(windows, problems);
            Integer parsedDeadline = progressDeadlineSeconds == null || progressDeadlineSeconds.isBlank() ? null
                    : parseInt("policy.progressDeadlineSeconds", progressDeadlineSeconds, problems);
            DriftMode mode = null;
            try {
                mode = DriftMode.valueOf(driftMode);
            } catch (IllegalArgumentException | NullPointerException e) {
                problems.add(new FieldProblem("driftMode", "must be DETECT or SELF_HEAL"));
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            List<String> registries = allowedRegistries == null ? List.of() : Arrays.stream(allowedRegistries.split("[\\s,]+"))
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            return new EnvironmentCommand(name.strip(), cluster, namespaceTemplate, parsedOrder, requiresApproval, mode,
                    new GuardrailPolicy(parsedMax, blankToNull(maxCpu), blankToNull(maxMemory), registries, requireLimits,
                            forbidLatestTag, blankToNull(promotionFrom), parsedSoak, parsedWindows, autoRollback,
                            parsedDeadline),
                    blankToNull(fallbackApprovers), blankToNull(dashboardUrlTemplate),
                    blankToNull(logsUrlTemplate));
        }

        /** One window per line, such as {@code MON,TUE,WED 09:00-17:00 Europe/Berlin} (docs/release-flow.md). */
        private static List<DeploymentWindow> parseWindows(String text, List<FieldProblem> problems) {
            List<DeploymentWindow> parsed = new ArrayList<>();
            if (text == null) {
                return parsed;
            }
            String[] lines = text.strip().split("\\R");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                String[] times = parts.length >= 3 ? parts[parts.length - 2].split("-") : new String[0];
                if (parts.length < 3 || times.length != 2) {
                    problems.add(new FieldProblem("policy.windows", "line " + (i + 1) + " must read like"
                            + " MON,TUE,WED 09:00-17:00 Europe/Berlin (days, from-to, time zone)"));
                    continue;
                }
                List<String> days = Arrays.stream(String.join(",", Arrays.copyOf(parts, parts.length - 2)).split(","))
                        .map(String::strip).filter(d -> !d.isEmpty()).map(d -> d.toUpperCase(java.util.Locale.ROOT))
                        .toList();
                parsed.add(new DeploymentWindow(days, times[0], times[1], parts[parts.length - 1]));
            }
            return parsed;
        }

        private static Integer parseInt(String field, String value, List<FieldProblem> problems) {
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException | NullPointerException e) {
                problems.add(new FieldProblem(field, "must be a whole number"));
                return null;
            }
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getCluster() { return cluster; }
        public void setCluster(String cluster) { this.cluster = cluster; }
        public String getNamespaceTemplate() { return namespaceTemplate; }
        public void setNamespaceTemplate(String namespaceTemplate) { this.namespaceTemplate = namespaceTemplate; }
        public String getOrder() { return order; }
        public void setOrder(String order) { this.order = order; }
        public boolean isRequiresApproval() { return requiresApproval; }
        public void setRequiresApproval(boolean requiresApproval) { this.requiresApproval = requiresApproval; }
        public String getDriftMode() { return driftMode; }
        public void setDriftMode(String driftMode) { this.driftMode = driftMode; }
        public String getFallbackApprovers() { return fallbackApprovers; }
        public void setFallbackApprovers(String fallbackApprovers) { this.fallbackApprovers = fallbackApprovers; }
        public String getDashboardUrlTemplate() { return dashboardUrlTemplate; }
        public void setDashboardUrlTemplate(String dashboardUrlTemplate) { this.dashboardUrlTemplate = dashboardUrlTemplate; }
        public String getLogsUrlTemplate() { return logsUrlTemplate; }
        public void setLogsUrlTemplate(String logsUrlTemplate) { this.logsUrlTemplate = logsUrlTemplate; }
        public String getPromotionFrom() { return promotionFrom; }
        public void setPromotionFrom(String promotionFrom) { this.promotionFrom = promotionFrom; }
        public String getSoakMinutes() { return soakMinutes; }
        public void setSoakMinutes(String soakMinutes) { this.soakMinutes = soakMinutes; }
        public String getWindows() { return windows; }
        public void setWindows(String windows) { this.windows = windows; }
        public String getMaxReplicas() { return maxReplicas; }
        public void setMaxReplicas(String maxReplicas) { this.maxReplicas = maxReplicas; }
        public String getMaxCpu() { return maxCpu; }
        public void setMaxCpu(String maxCpu) { this.maxCpu = maxCpu; }
        public String getMaxMemory() { return maxMemory; }
        public void setMaxMemory(String maxMemory) { this.maxMemory = maxMemory; }
        public String getAllowedRegistries() { return allowedRegistries; }
        public void setAllowedRegistries(String allowedRegistries) { this.allowedRegistries = allowedRegistries; }
        public boolean isRequireLimits() { return requireLimits; }
        public void setRequireLimits(boolean requireLimits) { this.requireLimits = requireLimits; }
        public boolean isForbidLatestTag() { return forbidLatestTag; }
        public void setForbidLatestTag(boolean forbidLatestTag) { this.forbidLatestTag = forbidLatestTag; }
        public boolean isAutoRollback() { return autoRollback; }
        public void setAutoRollback(boolean autoRollback) { this.autoRollback = autoRollback; }
        public String getProgressDeadlineSeconds() { return progressDeadlineSeconds; }
        public void setProgressDeadlineSeconds(String progressDeadlineSeconds) { this.progressDeadlineSeconds = progressDeadlineSeconds; }
    }

    @GetMapping("/clusters")
    String clusters(Model model, Actor actor) {
        model.addAttribute("clusters", clusters.clusters());
        model.addAttribute("admin", actor.platformAdmin());
        if (!model.containsAttribute("clusterForm")) {
            model.addAttribute("clusterForm", new ClusterForm());
        }
        return "clusters/clusters";
    }

    @PostMapping("/clusters")
    String register(@ModelAttribute("clusterForm") ClusterForm form, org.springframework.validation.BindingResult binding,
            Model model, Actor actor, RedirectAttributes redirect) {
        try {
            ClusterView view = clusters.register(actor, form.getName().strip(), form.getKubeconfig());
            reportConnection(view, "Cluster " + view.name() + " saved", redirect);
            return "redirect:/clusters/" + view.name();
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> binding.rejectValue(p.field(), "invalid", p.message()));
            form.setKubeconfig(""); // credentials are never sent back to the browser
            return clusters(model, actor);
        }
    }

    @GetMapping("/clusters/{name}")
    String cluster(@PathVariable String name, Model model, Actor actor) {
        model.addAttribute("cluster", clusters.check(name));
        model.addAttribute("watch", watches.isEmpty() ? null : watches.get(0).of(name).orElse(null));
        model.addAttribute("environments", clusters.environments().stream().filter(e -> e.cluster().equals(name)).toList());
        model.addAttribute("admin", actor.platformAdmin());
        return "clusters/cluster";
    }

    @PostMapping("/clusters/{name}/check")
    String recheck(@PathVariable String name, Actor actor, RedirectAttributes redirect) {
        ClusterView view = clusters.recheck(actor, name);
        reportConnection(view, "Cluster " + view.name() + " checked again", redirect);
        return "redirect:/clusters/" + view.name();
    }

    /** The form to replace the kubeconfig; it starts empty, the stored one is never shown. */
    @GetMapping("/clusters/{name}/kubeconfig")
    String kubeconfigForm(@PathVariable String name, Model model, Actor actor) {
        requireAdmin(actor, "change clusters");
        model.addAttribute("cluster", clusters.cluster(name)
                .orElseThrow(() -> new NotFoundException("No cluster named '" + name + "'.")));
        if (!model.containsAttribute("clusterForm")) {
            ClusterForm form = new ClusterForm();
            form.setName(name);
            model.addAttribute("clusterForm", form);
        }
        return "clusters/cluster-kubeconfig";
    }

    @PostMapping("/clusters/{name}/kubeconfig")
    String replaceKubeconfig(@PathVariable String name, @ModelAttribute("clusterForm") ClusterForm form,
            org.springframework.validation.BindingResult binding, Model model, Actor actor,
            RedirectAttributes redirect) {
        form.setName(name);
        try {
            ClusterView view = clusters.replaceKubeconfig(actor, name, form.getKubeconfig());
            reportConnection(view, "Kubeconfig of " + view.name() + " replaced", redirect);
            return "redirect:/clusters/" + view.name();
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> binding.rejectValue(p.field(), "invalid", p.message()));
            form.setKubeconfig(""); // credentials are never sent back to the browser
            return kubeconfigForm(name, model, actor);
        }
    }

    /** Asks before deleting, and says up front when environments still use the cluster. */
    @GetMapping("/clusters/{name}/delete")
    String confirmDelete(@PathVariable String name, Model model, Actor actor) {
        requireAdmin(actor, "delete clusters");
        model.addAttribute("cluster", clusters.cluster(name)
                .orElseThrow(() -> new NotFoundException("No cluster named '" + name + "'.")));
        model.addAttribute("environments", clusters.environmentsOn(name));
        return "clusters/cluster-delete";
    }

    @PostMapping("/clusters/{name}/delete")
    String delete(@PathVariable String name, Actor actor, RedirectAttributes redirect) {
        try {
            clusters.delete(actor, name);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("flashError", e.getMessage());
            return "redirect:/clusters/" + name + "/delete";
        }
        redirect.addFlashAttribute("flash", "Cluster " + name + " deleted.");
        return "redirect:/clusters";
    }

    /**
     * A reachable cluster is good news; an unreachable one was still saved, but that is a warning with
     * the reason, shown by the cluster page (never the green success banner).
     */
    private static void reportConnection(ClusterView view, String what, RedirectAttributes redirect) {
        if (view.reachable()) {
            redirect.addFlashAttribute("flash", what + ": reachable, Kubernetes " + view.version() + ".");
        } else {
            redirect.addFlashAttribute("connectionWarning", what + ", but it cannot be reached: " + view.lastError());
        }
    }

    private void requireAdmin(Actor actor, String what) {
        ClusterAccess.requireMayChange(actor, what);
    }

    @GetMapping("/environments")
    String environments(Model model, Actor actor) {
        model.addAttribute("environments", clusters.environments());
        model.addAttribute("clusters", clusters.clusters());
        model.addAttribute("admin", actor.platformAdmin());
        if (!model.containsAttribute("environmentForm")) {
            model.addAttribute("environmentForm", new EnvironmentForm());
        }
        model.addAttribute("driftModes", DriftMode.values());
        model.addAttribute("teams", identity.teams());
        return "clusters/environments";
    }

    @PostMapping("/environments")
    String createEnvironment(@ModelAttribute("environmentForm") EnvironmentForm form,
            org.springframework.validation.BindingResult binding, Model model, Actor actor,
            RedirectAttributes redirect) {
        return saveEnvironment(form, binding, model, actor, redirect, true);
    }

    @GetMapping("/environments/{name}")
    String environment(@PathVariable String name, Model model, Actor actor) {
        EnvironmentView environment = clusters.requireEnvironment(name);
        model.addAttribute("environment", environment);
        addDeployed(name, model);
        model.addAttribute("clusters", clusters.clusters());
        model.addAttribute("admin", actor.platformAdmin());
        model.addAttribute("driftModes", DriftMode.values());
        model.addAttribute("teams", identity.teams());
        if (!model.containsAttribute("environmentForm")) {
            model.addAttribute("environmentForm", EnvironmentForm.of(environment));
        }
        return "clusters/environment";
    }

    /** The environment page's services alone, fetched again whenever one of them changes on the cluster. */
    @GetMapping("/environments/{name}/panel")
    String deployed(@PathVariable String name, Model model) {
        model.addAttribute("environment", clusters.requireEnvironment(name));
        addDeployed(name, model);
        return "clusters/environment :: deployed";
    }

    private void addDeployed(String name, Model model) {
        model.addAttribute("deployed", (deployments.isEmpty() ? List.<EnvironmentDeployments.DeployedService>of()
                : deployments.get(0).in(name)).stream()
                .map(d -> new DeployedLine(d, d.at() == null ? "" : WHEN.format(d.at())))
                .toList());
    }

    @PostMapping("/environments/{name}")
    String changeEnvironment(@PathVariable String name, @ModelAttribute("environmentForm") EnvironmentForm form,
            org.springframework.validation.BindingResult binding, Model model, Actor actor,
            RedirectAttributes redirect) {
        form.setName(name);
        return saveEnvironment(form, binding, model, actor, redirect, false);
    }

    private String saveEnvironment(EnvironmentForm form, org.springframework.validation.BindingResult binding, Model model,
            Actor actor, RedirectAttributes redirect, boolean create) {
        try {
            EnvironmentView view = clusters.saveEnvironment(actor, form.toCommand(), create);
            redirect.addFlashAttribute("flash", "Environment " + view.name() + (create ? " created." : " saved."));
            return "redirect:/environments/" + view.name();
        } catch (InvalidInputException e) {
            e.problems().forEach(p -> binding.rejectValue(fieldOf(p.field()), "invalid", p.message()));
            return create ? environments(model, actor) : environment(form.getName(), model, actor);
        }
    }

    /** A row of the environment page's services table, its time in words people read. */
    record DeployedLine(EnvironmentDeployments.DeployedService service, String when) {}

    private static String fieldOf(String path) {
        return path.startsWith("policy.allowedRegistries") ? "allowedRegistries"
                : path.startsWith("policy.windows") ? "windows"
                : path.startsWith("policy.") ? path.substring("policy.".length()) : path;
    }
}
