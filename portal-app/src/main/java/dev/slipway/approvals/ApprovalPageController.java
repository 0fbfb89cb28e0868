package dev.slipway.approvals;

import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.InvalidInputException;
import dev.slipway.common.TeamRole;
import dev.slipway.deploy.DeploymentService;
import dev.slipway.deploy.requests.DeploymentView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The queue of what waits for the signed-in person, their own requests, and the decision forms' targets. */
@Controller
class ApprovalPageController {

    private final DeploymentService deployments;

    ApprovalPageController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    /** A request in the queue, with how long it has waited. */
    record QueueRow(DeploymentView request, String waiting) {}

    @GetMapping("/approvals")
    String queue(Actor actor, Model model) {
        Instant now = Instant.now();
        model.addAttribute("waiting", rows(deployments.waitingFor(actor, 200), now));
        model.addAttribute("mine", rows(deployments.requestedBy(actor.username(), 50), now));
        model.addAttribute("leads", actor.teams().containsValue(TeamRole.LEAD));
        return "approvals/queue";
    }

    /** The queue without the page around it: htmx refreshes it so new requests and decisions show up. */
    @GetMapping("/approvals/panel")
    String queuePanel(Actor actor, Model model) {
        queue(actor, model);
        return "approvals/queue :: panel";
    }

    /**
     * A refused decision comes back as {@code decisionError}, shown beside the Approve and Reject buttons
     * rather than at the top of a long page, with the comment kept.
     */
    @PostMapping("/deployments/{id}/approve")
    String approve(Actor actor, @PathVariable long id, @RequestParam(required = false) String comment,
            RedirectAttributes redirect) {
        try {
            DeploymentView view = deployments.approve(actor, id, comment);
            redirect.addFlashAttribute("flash", "Request " + id + " approved: revision " + view.revision() + " of "
                    + view.service() + " is queued for " + view.environment() + ".");
        } catch (ConflictException e) {
            refused(redirect, e.getMessage(), comment);
        } catch (InvalidInputException e) {
            refused(redirect, describe(e), comment);
        }
        return "redirect:/deployments/" + id;
    }

    @PostMapping("/deployments/{id}/reject")
    String reject(Actor actor, @PathVariable long id, @RequestParam(required = false) String comment,
            RedirectAttributes redirect) {
        try {
            deployments.reject(actor, id, comment);
            redirect.addFlashAttribute("flash", "Request " + id + " rejected.");
        } catch (ConflictException e) {
            refused(redirect, e.getMessage(), comment);
        } catch (InvalidInputException e) {
            refused(redirect, describe(e), comment);
        }
        return "redirect:/deployments/" + id;
    }

    private static void refused(RedirectAttributes redirect, String why, String comment) {
        redirect.addFlashAttribute("decisionError", why);
        redirect.addFlashAttribute("decisionComment", comment);
    }

    private static List<QueueRow> rows(List<DeploymentView> requests, Instant now) {
        return requests.stream()
                .map(r -> new QueueRow(r, r.waitingSince() == null ? null
                        : WaitingTime.describe(Duration.between(r.waitingSince(), now))))
                .toList();
    }

    private static String describe(InvalidInputException e) {
        return String.join(" ", e.problems().stream()
                .map(p -> (p.field().equals("comment") ? "Comment" : p.field()) + " " + p.message()).toList());
    }
}
