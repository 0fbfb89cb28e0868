package dev.slipway.identity;

import dev.slipway.audit.AccessAudit;
import dev.slipway.common.AccessRules;
import dev.slipway.common.Actor;
import dev.slipway.common.DatabaseOutage;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Two filter chains. The API is stateless (HTTP Basic or a personal token on every call, so no
 * cookie and no CSRF token); the browser signs in with a form or through the OIDC identity provider
 * and keeps a session protected by CSRF tokens. Local accounts (form and Basic) can be switched off
 * with {@code slipway.local-accounts.enabled=false}. Both deny every route that is not listed; an
 * address nothing serves is a 404 for signed-in callers ({@link UnknownAddresses}). Who may do what once signed in
 * is not decided here: each feature's {@link AccessRules} says it, plugged in by {@link FeatureAccess}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Pages and their scripts satisfy this: no inline script or style anywhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokenService tokens, LocalAccountSettings localAccounts,
            AccessAudit accessAudit, ObjectProvider<HandlerMapping> handlerMappings, ObjectProvider<AccessRules> featureRules,
            IdentityService identity) throws Exception {
        FeatureAccess features = new FeatureAccess(featureRules, identity);
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        // Who may do what is each feature's rule (docs/architecture.md, "Authorization").
                        .requestMatchers(features).access(features)
                        .requestMatchers("/api/v1/**").authenticated()
                        .anyRequest().access(new UnknownAddresses(handlerMappings)))
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens, accessAudit), BasicAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(ex -> ex.authenticationEntryPoint(problemEntryPoint(localAccounts.enabled()))
                        .accessDeniedHandler(problemAccessDenied(accessAudit)))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        if (localAccounts.enabled()) {
            http.httpBasic(basic -> basic.authenticationEntryPoint(problemEntryPoint(true)));
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(HttpSecurity http, LocalAccountSettings localAccounts, OidcSettings oidc,
            ObjectProvider<SlipwayOidcUserService> oidcUsers, AccessAudit accessAudit,
            ObjectProvider<HandlerMapping> handlerMappings, IdentityService identity,
            ObjectProvider<ClientRegistrationRepository> registrations, ObjectProvider<AccessRules> featureRules)
            throws Exception {
        FeatureAccess features = new FeatureAccess(featureRules, identity);
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/error", "/css/**", "/js/**", "/webjars/**", "/favicon.ico").permitAll()
                        .requestMatchers("/oauth2/authorization/*", "/login/oauth2/code/*").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        // Who may do what is each feature's rule (docs/architecture.md, "Authorization").
                        .requestMatchers(features).access(features)
                        .requestMatchers("/", "/services", "/services/**", "/teams", "/teams/**", "/me", "/me/**",
                                "/clusters", "/clusters/**", "/environments", "/environments/**", "/deployments",
                                "/deployments/**", "/approvals", "/approvals/**", "/audit", "/audit/**", "/insights",
                                "/insights/**", "/templates", "/templates/**", "/campaigns/**")
                        .authenticated()
                        .anyRequest().access(new UnknownAddresses(handlerMappings)))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessHandler(signedOut(oidc, registrations))
                        .invalidateHttpSession(true).deleteCookies("SLIPWAY_SESSION"))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.newSession()))
                .exceptionHandling(ex -> ex.accessDeniedHandler(auditedAccessDenied(accessAudit,
                        new ExpiredSessionForms(new AccessDeniedHandlerImpl()))))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .permissionsPolicyHeader(permissions -> permissions.policy("camera=(), microphone=(), geolocation=()")));
        if (localAccounts.enabled()) {
            http.formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false)
                    .failureHandler(outageAwareFailure(new SimpleUrlAuthenticationFailureHandler("/login?error")))
                    .permitAll());
        }
        if (oidc.enabled()) {
            http.oauth2Login(login -> login.loginPage("/login")
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(oidcUsers.getObject()))
                    .successHandler(teamlessLanding(identity))
                    .failureUrl("/login?sso-error"));
        }
        if (!localAccounts.enabled() && !oidc.enabled()) {
            throw new IllegalStateException("slipway.local-accounts.enabled=false leaves no way to sign in: set"
                    + " slipway.oidc.enabled=true and configure the identity provider, or keep local accounts on.");
        }
        return http.build();
    }

    /** Only with OIDC on: Spring Boot then has a client registration for {@code slipway.oidc.registration-id}. */
    @Bean
    @ConditionalOnProperty(name = "slipway.oidc.enabled", havingValue = "true")
    SlipwayOidcUserService slipwayOidcUserService(OidcSettings settings, IdentityService identity,
            ObjectProvider<ClientRegistrationRepository> registrations) {
        ClientRegistrationRepository repository = registrations.getIfAvailable();
        if (repository == null || repository.findByRegistrationId(settings.registrationId()) == null) {
            throw new IllegalStateException("slipway.oidc.enabled=true but there is no client registration '"
                    + settings.registrationId() + "': set spring.security.oauth2.client.registration."
                    + settings.registrationId() + ".client-id, .client-secret and .scope (openid, profile and the"
                    + " groups scope), and spring.security.oauth2.client.provider." + settings.registrationId()
                    + ".issuer-uri (or SLIPWAY_OIDC_* in the Helm chart).");
        }
        return new SlipwayOidcUserService(settings, identity);
    }

    /**
     * Checking a password reads the account from PostgreSQL; while it is down, say so (503, try again)
     * instead of "wrong password" (401), which would send people and scripts after their credentials.
     */
    static AuthenticationEntryPoint problemEntryPoint(boolean basic) {
        return (request, response, exception) -> {
            if (DatabaseOutage.explains(exception)) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
                writeProblem(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Database unavailable",
                        DatabaseOutage.MESSAGE);
                return;
            }
            response.setHeader("WWW-Authenticate", basic ? "Basic realm=\"Slipway\", Bearer" : "Bearer");
            writeProblem(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    basic ? "Sign in with HTTP Basic or send a personal API token as 'Authorization: Bearer <token>'."
                            : "Send a personal API token as 'Authorization: Bearer <token>'.");
        };
    }

    /**
     * Signing out ends the Slipway session and lands on the sign-in page. After an identity-provider sign-in,
     * it also ends the provider's session where the provider offers RP-initiated logout (an
     * {@code end_session_endpoint} in its discovery document, as Keycloak, Okta and Entra ID have): the browser
     * goes there with the ID token and comes back to the same page. Dex (up to 2.45) has no such endpoint and
     * keeps no session, so there it is Slipway's sign-out alone (docs/identity-dex.md).
     */
    static LogoutSuccessHandler signedOut(OidcSettings oidc, ObjectProvider<ClientRegistrationRepository> registrations) {
        String landing = "/login?logout";
        if (!oidc.enabled() || registrations.getIfAvailable() == null) {
            SimpleUrlLogoutSuccessHandler local = new SimpleUrlLogoutSuccessHandler();
            local.setDefaultTargetUrl(landing);
            return local;
        }
        OidcClientInitiatedLogoutSuccessHandler provider = new OidcClientInitiatedLogoutSuccessHandler(
                registrations.getIfAvailable());
        provider.setPostLogoutRedirectUri("{baseUrl}" + landing);
        provider.setDefaultTargetUrl(landing);
        return provider;
    }

    /**
     * After an identity-provider sign-in: where the person was going (or home), unless none of their groups
     * gave them a team or platform admin; then the page that says so ({@link NoTeamController}) instead of a
     * portal whose every action is refused.
     */
    static AuthenticationSuccessHandler teamlessLanding(IdentityService identity) {
        SavedRequestAwareAuthenticationSuccessHandler otherwise = new SavedRequestAwareAuthenticationSuccessHandler();
        otherwise.setDefaultTargetUrl("/");
        return (request, response, authentication) -> {
            Actor actor = identity.actor(authentication.getName());
            if (!actor.platformAdmin() && actor.teams().isEmpty()) {
                response.sendRedirect(request.getContextPath() + NoTeamController.PATH);
                return;
            }
            otherwise.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /** The sign-in form's counterpart of the entry point's 503: the error page, not "invalid password". */
    static AuthenticationFailureHandler outageAwareFailure(AuthenticationFailureHandler otherwise) {
        return (request, response, exception) -> {
            if (DatabaseOutage.explains(exception)) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(DatabaseOutage.RETRY_AFTER_SECONDS));
                response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
            otherwise.onAuthenticationFailure(request, response, exception);
        };
    }

    private static AccessDeniedHandler problemAccessDenied(AccessAudit accessAudit) {
        return auditedAccessDenied(accessAudit, (request, response, exception) -> writeProblem(response,
                HttpServletResponse.SC_FORBIDDEN, "Forbidden", "You are signed in but not allowed to do this."));
    }

    /** Every 403 of the address rules (and of CSRF checks) is an audit event before it is answered. */
    private static AccessDeniedHandler auditedAccessDenied(AccessAudit accessAudit, AccessDeniedHandler answer) {
        return (request, response, exception) -> {
            accessAudit.refused(request, exception instanceof CsrfException ? "missing or invalid CSRF token"
                    : "the address needs a role this account does not have");
            answer.handle(request, response, exception);
        };
    }

    static void writeProblem(HttpServletResponse response, int status, String title, String detail)
            throws java.io.IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"https://slipway.dev/problems/" + status + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }
}
