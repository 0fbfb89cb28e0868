package dev.slipway.identity;

import dev.slipway.common.Actor;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Web wiring that belongs to identity: the {@link Actor} controller parameter, and how the OpenAPI
 * description tells callers to authenticate (HTTP Basic or a personal token as a bearer token).
 */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = IdentityWebConfiguration.BASIC, type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "Local accounts: username and password.")
@SecurityScheme(name = IdentityWebConfiguration.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A personal API token from POST /api/v1/me/tokens or the API tokens page.")
class IdentityWebConfiguration implements WebMvcConfigurer {

    static final String BASIC = "basic";
    static final String BEARER = "bearer";

    static {
        // The signed-in person is not a request parameter a caller could send.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    private final IdentityService identity;

    IdentityWebConfiguration(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CurrentActorResolver(identity));
    }

    /** Every call under /api needs one of the two schemes. */
    @Bean
    OpenApiCustomizer apiAuthenticationRequirement() {
        return openApi -> openApi.setSecurity(List.of(
                new SecurityRequirement().addList(BASIC),
                new SecurityRequirement().addList(BEARER)));
    }
}
