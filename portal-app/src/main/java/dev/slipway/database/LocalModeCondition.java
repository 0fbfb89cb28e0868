package dev.slipway.database;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * True when no external database is configured. The environment resolves
 * {@code SPRING_DATASOURCE_URL} to {@code spring.datasource.url}, so either form counts.
 */
public class LocalModeCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isLocalMode(context.getEnvironment());
    }

    public static boolean isLocalMode(org.springframework.core.env.Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        return url == null || url.isBlank();
    }
}
