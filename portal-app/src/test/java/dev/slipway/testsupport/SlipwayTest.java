package dev.slipway.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one application context that integration tests share: the full application on the shared
 * real PostgreSQL, with the demo accounts and a fixed test master key, served on a random port of
 * 127.0.0.1 (browser tests) and through MockMvc (everything else). Keep every integration test
 * on exactly this annotation (no per-test property or bean overrides) so the context is built once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // A real server too, for the browser journeys; on loopback only.
            "server.address=127.0.0.1",
            "slipway.demo-data=true",
            // 32 bytes of test key material, base64. Never used outside tests.
            "slipway.master-key=dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMDEyMzQ=",
            "spring.thymeleaf.cache=false",
            // MockMvc hands sessions over as MockHttpSession objects, which Spring Session's filter cannot
            // see; sessions in PostgreSQL are proven over real HTTP by ReplicasTest's second context.
            "slipway.sessions.store=container",
            // Usage samples every 3 s instead of 15 s, so a history of several samples is there within seconds.
            "slipway.metrics.sample-interval=3s"
        })
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
public @interface SlipwayTest {}
