package dev.slipway.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testsupport.SlipwayTest;
import dev.slipway.testsupport.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** With spring.datasource.url set (as SPRING_DATASOURCE_URL does), Slipway starts no database of its own. */
@SlipwayTest
class ExternalDatabaseTest {

    @Autowired ApplicationContext context;
    @Autowired JdbcTemplate jdbc;

    @Test
    void anExternalDatabaseUrlMeansNoEmbeddedServer() {
        assertThat(context.getBeanNamesForType(EmbeddedPostgres.class)).isEmpty();
        Integer port = jdbc.queryForObject("select inet_server_port()", Integer.class);
        assertThat(port).isEqualTo(TestDatabase.postgres().getPort());
    }

    @Test
    void flywayOwnsTheSchemaAndHibernateOnlyValidates() {
        assertThat(context.getEnvironment().getProperty("spring.jpa.hibernate.ddl-auto")).isEqualTo("validate");
        assertThat(context.getEnvironment().getProperty("spring.jpa.open-in-view")).isEqualTo("false");
        Integer applied = jdbc.queryForObject("select count(*) from flyway_schema_history where success", Integer.class);
        assertThat(applied).isGreaterThanOrEqualTo(4);
    }
}
