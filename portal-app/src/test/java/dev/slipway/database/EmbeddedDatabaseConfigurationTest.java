package dev.slipway.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

class EmbeddedDatabaseConfigurationTest {

    @Test
    void localModeIsOnOnlyWithoutAnExternalDatabaseUrl() {
        assertThat(LocalModeCondition.isLocalMode(new MockEnvironment())).isTrue();
        assertThat(LocalModeCondition.isLocalMode(new MockEnvironment().withProperty("spring.datasource.url", " ")))
                .isTrue();
        assertThat(LocalModeCondition.isLocalMode(
                        new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/slipway")))
                .isFalse();
    }

    @Test
    void dataSurvivesARestartUnderSlipwayHome(@TempDir Path home) throws Exception {
        var configuration = new EmbeddedDatabaseConfiguration();
        SlipwayHome slipwayHome = new SlipwayHome(home.toString());

        try (EmbeddedPostgres first = configuration.embeddedPostgres(slipwayHome)) {
            DataSource dataSource = configuration.dataSource(first);
            new JdbcTemplate(dataSource).execute("create table kept (value text); insert into kept values ('still here')");
            ((AutoCloseable) dataSource).close();
        }

        try (EmbeddedPostgres second = configuration.embeddedPostgres(slipwayHome)) {
            DataSource dataSource = configuration.dataSource(second);
            assertThat(new JdbcTemplate(dataSource).queryForObject("select value from kept", String.class))
                    .isEqualTo("still here");
            ((AutoCloseable) dataSource).close();
        }
        assertThat(home.resolve("pgdata/PG_VERSION")).exists();
    }

    @Test
    void slipwayHomeDefaultsToDotSlipwayInTheUsersHome() {
        assertThat(new SlipwayHome(null).path()).isEqualTo(Path.of(System.getProperty("user.home"), ".slipway"));
        assertThat(new SlipwayHome("/srv/slipway").path()).isEqualTo(Path.of("/srv/slipway"));
    }
}
