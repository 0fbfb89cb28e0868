package dev.slipway.identity;

import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Where a person lands after signing in again when their session had expired while they were saving a
 * form ({@link ExpiredSessionForms}): what they entered, to send again with one press or to discard.
 */
@Controller
class KeptFormController {

    @GetMapping(ExpiredSessionForms.LANDING)
    String show(HttpSession session, Model model) {
        KeptForm kept = kept(session);
        model.addAttribute("kept", kept != null);
        if (kept != null) {
            model.addAttribute("keptPath", kept.path());
            model.addAttribute("keptFields", kept.shown());
            model.addAttribute("keptInputs", kept.hidden());
        }
        return "identity/unsaved";
    }

    @PostMapping(ExpiredSessionForms.LANDING + "/discard")
    String discard(HttpSession session) {
        KeptForm kept = kept(session);
        session.removeAttribute(ExpiredSessionForms.KEPT);
        return "redirect:" + (kept == null || kept.from() == null ? "/services" : kept.from());
    }

    /** The kept form while it is fresh; an old one is dropped rather than offered. */
    static KeptForm kept(HttpSession session) {
        if (session == null || !(session.getAttribute(ExpiredSessionForms.KEPT) instanceof KeptForm kept)) {
            return null;
        }
        if (!kept.fresh(Instant.now())) {
            session.removeAttribute(ExpiredSessionForms.KEPT);
            return null;
        }
        return kept;
    }
}
