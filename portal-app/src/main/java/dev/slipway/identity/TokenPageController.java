package dev.slipway.identity;

import jakarta.validation.Valid;
import org.springframework.beans.PropertyAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.DefaultBindingErrorProcessor;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class TokenPageController {

    private final ApiTokenService tokens;

    TokenPageController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/me/tokens")
    String tokens(Authentication authentication, Model model) {
        return page(authentication, TokenForm.empty(), model);
    }

    /** Shows the new token on the answer to the POST itself, never in a redirect or the session: once only. */
    @PostMapping("/me/tokens")
    String issue(Authentication authentication, @Valid @ModelAttribute("tokenForm") TokenForm form,
            BindingResult result, Model model) {
        if (result.hasErrors()) {
            return page(authentication, form, model);
        }
        model.addAttribute("issued", tokens.issue(authentication.getName(), form.name(), form.expiresInDays()));
        return "identity/token-created";
    }

    @PostMapping("/me/tokens/{id}/revoke")
    String revoke(Authentication authentication, @PathVariable long id, RedirectAttributes redirect) {
        tokens.revoke(authentication.getName(), id);
        redirect.addFlashAttribute("flash", "Token revoked; it no longer works.");
        return "redirect:/me/tokens";
    }

    /** A number field that is not a number gets the same message as one out of range, not a Java type name. */
    @InitBinder("tokenForm")
    void explainUnreadableNumbers(WebDataBinder binder) {
        binder.setBindingErrorProcessor(new DefaultBindingErrorProcessor() {
            @Override
            public void processPropertyAccessException(PropertyAccessException ex, BindingResult result) {
                String field = ex.getPropertyName();
                if (!"expiresInDays".equals(field)) {
                    super.processPropertyAccessException(ex, result);
                    return;
                }
                result.addError(new FieldError(result.getObjectName(), field, ex.getValue(), true,
                        result.resolveMessageCodes(ex.getErrorCode(), field), null, IdentityRules.TOKEN_DAYS_MESSAGE));
            }
        });
    }

    private String page(Authentication authentication, TokenForm form, Model model) {
        model.addAttribute("tokens", tokens.list(authentication.getName()));
        if (!model.containsAttribute("tokenForm")) {
            model.addAttribute("tokenForm", form);
        }
        return "identity/tokens";
    }
}
