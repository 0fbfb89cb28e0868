package dev.slipway.identity;

import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginController {

    private final LocalAccountSettings localAccounts;
    private final OidcSettings oidc;

    LoginController(LocalAccountSettings localAccounts, OidcSettings oidc) {
        this.localAccounts = localAccounts;
        this.oidc = oidc;
    }

    @GetMapping("/login")
    String login(HttpSession session, Model model) {
        model.addAttribute("keptForm", KeptFormController.kept(session) != null);
        model.addAttribute("localAccounts", localAccounts.enabled());
        model.addAttribute("oidcLoginUrl", oidc.enabled() ? "/oauth2/authorization/" + oidc.registrationId() : null);
        model.addAttribute("oidcProvider", oidc.providerName());
        return "identity/login";
    }
}
