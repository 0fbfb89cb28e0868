package dev.slipway.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What /v3/api-docs and Swagger UI say about themselves: Slipway's name and the API version its
 * paths carry (not springdoc's "OpenAPI definition v0"), and a link back to the portal, since Swagger
 * UI is a page of its own without Slipway's navigation.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    static final String TITLE = "Slipway API";
    static final String VERSION = "v1";

    @Bean
    OpenAPI slipwayOpenApi() {
        return new OpenAPI().info(new Info()
                .title(TITLE)
                .version(VERSION)
                .description("""
                        Everything a person can do in Slipway's pages, for scripts and tools: services and their \
                        revisions, secrets (write-only), deployments and approvals, clusters and environments, \
                        the audit trail and delivery insights.

                        Authenticate with `Authorization: Bearer <token>` (a personal API token, made under \
                        [API tokens](/me/tokens)) or HTTP Basic for local accounts. Errors are \
                        `application/problem+json` with `errors[].field` naming each field that was refused.

                        [← Back to Slipway](/)"""));
    }
}
