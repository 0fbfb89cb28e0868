package dev.slipway.database;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A local-mode Slipway reduced to its database, run in its own JVM by {@link LeftoverPostmasterTest}
 * so that the test can kill it with SIGKILL: starts the embedded PostgreSQL under the given home,
 * writes a row, says "ready" and waits to be killed.
 */
public final class CrashingLocalMode {

    private CrashingLocalMode() {}

    public static void main(String[] args) throws Exception {
        var configuration = new EmbeddedDatabaseConfiguration();
        var postgres = configuration.embeddedPostgres(new SlipwayHome(args[0]));
        DataSource dataSource = configuration.dataSource(postgres);
        new JdbcTemplate(dataSource).execute("create table kept (value text); insert into kept values ('written before the crash')");
        System.out.println("ready " + Path.of(args[0]));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
