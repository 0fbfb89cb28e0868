package dev.slipway.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Local mode: when no {@code spring.datasource.url} is configured, Slipway starts a real PostgreSQL
 * from bundled binaries with its data under {@code SLIPWAY_HOME}, so a newcomer needs no setup and
 * the data survives a restart, also one after a crash ({@link LeftoverPostmaster}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalModeCondition.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(SlipwayHome home) throws IOException {
        Path dataDirectory = home.path().resolve("pgdata");
        Files.createDirectories(dataDirectory);
        LeftoverPostmaster.clear(dataDirectory);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        log.info("Local mode: embedded PostgreSQL on 127.0.0.1:{} with data in {}", postgres.getPort(), dataDirectory);
        return postgres;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPoolName("slipway-embedded");
        config.setMaximumPoolSize(20); // the deployer threads, the web threads and the lease keeper
        return new HikariDataSource(config);
    }
}
