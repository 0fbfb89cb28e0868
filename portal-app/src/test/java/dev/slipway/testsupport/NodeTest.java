package dev.slipway.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that needs pods to run: the shared cluster with a node ({@link KubeCluster#withNode()}), and a
 * fresh namespace per test method when it declares a {@link KubeNamespace} parameter. Tagged
 * {@code node}: Maven runs these in a second test JVM after all others, so the API-only server of the
 * other tests is already stopped. Without a node the test is skipped with one line saying why, except
 * under {@code CI=true}, where that fails the run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("node")
@ExtendWith(KubeClusterExtension.class)
public @interface NodeTest {}
