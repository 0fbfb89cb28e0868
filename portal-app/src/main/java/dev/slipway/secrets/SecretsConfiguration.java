package dev.slipway.secrets;

import dev.slipway.database.LocalModeCondition;
import dev.slipway.database.SlipwayHome;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Loads the master keys once at startup, so a missing or malformed key stops Slipway before it serves. */
@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    @Bean
    MasterKeys masterKeys(MasterKeyProperties properties, Environment environment, SlipwayHome home) {
        return MasterKeyLoader.load(properties, LocalModeCondition.isLocalMode(environment), home.path());
    }

    @Bean
    SecretCipher secretCipher(MasterKeys masterKeys) {
        return new SecretCipher(masterKeys);
    }
}
