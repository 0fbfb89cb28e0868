package dev.slipway.identity;

import dev.slipway.common.Actor;
import dev.slipway.common.ConflictException;
import dev.slipway.common.InvalidInputException;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class UserPageController {

    private final IdentityService identity;

    UserPageController(IdentityService identity) {
        this.identity = identity;
    }

    @GetMapping("/users")
    String users(Model model) {
        return page(UserForm.empty(), model);
    }

    @PostMapping("/users")
    String create(Actor actor, @Valid @ModelAttribute("userForm") UserForm form, BindingResult result, Model model,
            RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                IdentityService.UserView user = identity.createUser(actor, form.toCommand());
                redirect.addFlashAttribute("flash", "User " + user.username() + " created.");
                return "redirect:/users";
            } catch (InvalidInputException e) {
                FormErrors.reject(result, e);
            } catch (ConflictException e) {
                result.rejectValue("username", "duplicate", "is taken: a user with this username already exists");
            }
        }
        return page(form, model);
    }

    private String page(UserForm form, Model model) {
        model.addAttribute("users", identity.users());
        if (!model.containsAttribute("userForm")) {
            model.addAttribute("userForm", form);
        }
        return "identity/users";
    }
}
