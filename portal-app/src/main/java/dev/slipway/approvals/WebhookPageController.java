package dev.slipway.approvals;

import dev.slipway.common.Actor;
import dev.slipway.common.InvalidInputException;
import dev.slipway.identity.IdentityService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A team's notification webhook: everyone sees where it posts (host only); platform admins set it. */
@Controller
class WebhookPageController {

    private final TeamWebhooks webhooks;
    private final IdentityService identity;

    WebhookPageController(TeamWebhooks webhooks, IdentityService identity) {
        this.webhooks = webhooks;
        this.identity = identity;
    }

    @GetMapping("/teams/{slug}/webhook")
    String page(Actor actor, @PathVariable String slug, Model model) {
        model.addAttribute("team", identity.requireTeam(slug));
        model.addAttribute("webhook", webhooks.describe(slug).orElse(null));
        model.addAttribute("actor", actor);
        return "approvals/webhook";
    }

    @PostMapping("/teams/{slug}/webhook")
    String set(Actor actor, @PathVariable String slug, @RequestParam(required = false) String url,
            RedirectAttributes redirect) {
        try {
            TeamWebhooks.Webhook webhook = webhooks.set(actor, slug, url);
            redirect.addFlashAttribute("flash", "Notifications of " + slug + " now go to " + webhook.host() + ".");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("flashError", "URL " + WebhookUrl.MESSAGE + ".");
        }
        return "redirect:/teams/" + slug + "/webhook";
    }

    @PostMapping("/teams/{slug}/webhook/remove")
    String remove(Actor actor, @PathVariable String slug, RedirectAttributes redirect) {
        webhooks.remove(actor, slug);
        redirect.addFlashAttribute("flash", "Team " + slug + " has no webhook any more.");
        return "redirect:/teams/" + slug + "/webhook";
    }
}
