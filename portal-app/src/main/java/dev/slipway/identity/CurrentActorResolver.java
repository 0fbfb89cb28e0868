package dev.slipway.identity;

import dev.slipway.common.Actor;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets any controller take an {@link Actor} parameter: the signed-in person with their team roles as
 * they are now, loaded from the database on each request so that a role change applies at once.
 */
class CurrentActorResolver implements HandlerMethodArgumentResolver {

    private final IdentityService identity;

    CurrentActorResolver(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Actor.class.equals(parameter.getParameterType());
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new IllegalStateException("An Actor was asked for on a route that does not require sign-in.");
        }
        return identity.actor(authentication.getName());
    }
}
