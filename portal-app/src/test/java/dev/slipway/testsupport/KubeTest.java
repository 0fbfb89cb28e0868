package dev.slipway.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs a real Kubernetes API server: one shared by the whole run ({@link KubeCluster}),
 * and a fresh namespace per test method when it declares a {@link KubeNamespace} parameter. Without
 * any API server the test is skipped with one line saying why and how to fix it, except under
 * {@code CI=true}, where that fails the run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KubeClusterExtension.class)
public @interface KubeTest {}
