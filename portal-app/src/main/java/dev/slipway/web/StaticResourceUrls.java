package dev.slipway.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Turns off the URL rewriting Boot installs with the webjars locator. {@link ResourceUrlEncodingFilter}
 * runs every URL a page writes through the static resource chain; a link that is not a static file
 * (every row of the catalog links to its service) is looked for on the classpath, is not found, and
 * a miss is not cached, so the catalog page spent three quarters of its CPU searching the jar. Slipway
 * uses no versioned resource URLs, so there is nothing to rewrite: version-less webjar paths such as
 * {@code /webjars/bootstrap/css/bootstrap.min.css} are still resolved, and cached, when requested.
 */
@Configuration(proxyBeanMethods = false)
class StaticResourceUrls {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }
}
