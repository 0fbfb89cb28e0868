package dev.slipway.common;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock the release flow reads (deployment windows, soak times): UTC by default, so that a test can
 * hand the pure rules a clock of its own and nothing waits for real time (docs/release-flow.md).
 */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
