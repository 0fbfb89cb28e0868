package dev.slipway.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Tells the layout which section of the navigation the page belongs to, so that link is marked
 * {@code aria-current="page"}: the first segment of the path ({@code /services/checkout/...} is
 * {@code services}), or {@code tokens} for a person's own API tokens.
 */
@ControllerAdvice
class NavigationAdvice {

    @ModelAttribute("navSection")
    String navSection(HttpServletRequest request) {
        return section(request.getRequestURI().substring(request.getContextPath().length()));
    }

    static String section(String path) {
        if (path.startsWith("/me/tokens")) {
            return "tokens";
        }
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }
}
