package dev.slipway.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Where browser sessions live ({@code slipway.sessions.store}): {@code jdbc}, the default, keeps them in
 * PostgreSQL (Spring Session, tables owned by Flyway), so a session survives a restart and any replica
 * behind a load balancer can serve it; {@code container} keeps them in this process only, as the servlet
 * container does. Spring Session has no switch of its own, so {@code container} leaves its
 * auto-configuration out before the context starts.
 */
public final class SessionStoreEnvironment implements EnvironmentPostProcessor {

    static final String PROPERTY = "slipway.sessions.store";
    private static final List<String> SPRING_SESSION = List.of(
            "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
            "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String store = environment.getProperty(PROPERTY, "jdbc").strip();
        switch (store) {
            case "jdbc" -> {
                // Spring Session's own auto-configuration does it all; Flyway owns its tables.
            }
            case "container" -> {
                List<String> excluded = new ArrayList<>(StringUtils.commaDelimitedListToSet(
                        environment.getProperty("spring.autoconfigure.exclude", "")));
                excluded.removeIf(String::isBlank);
                excluded.addAll(SPRING_SESSION);
                environment.getPropertySources().addFirst(new MapPropertySource("slipwaySessionStore",
                        Map.of("spring.autoconfigure.exclude", String.join(",", excluded))));
            }
            default -> throw new IllegalStateException(PROPERTY + " (SLIPWAY_SESSION_STORE) is '" + store
                    + "'; it must be 'jdbc' (sessions in PostgreSQL, for several replicas) or 'container'"
                    + " (sessions in this process only).");
        }
    }
}
