package dev.slipway.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Local mode after a crash, with real embedded PostgreSQL servers: the postmaster outlives a Slipway
 * killed with SIGKILL, and a pid file can outlive its process; the next start must still succeed,
 * with the data intact, while the database of a Slipway that still runs is never touched.
 */
class LeftoverPostmasterTest {

    private final EmbeddedDatabaseConfiguration configuration = new EmbeddedDatabaseConfiguration();

    @Test
    void aStartAfterKillMinus9StopsThePostgresTheDeadRunLeftAndKeepsItsData(@TempDir Path home) throws Exception {
        long orphan = crashAfterStartingTheDatabase(home);
        try {
            assertThat(ProcessHandle.of(orphan).map(LeftoverPostmaster::isRunning)).as("postmaster outlived its JVM")
                    .contains(true);

            try (EmbeddedPostgres again = configuration.embeddedPostgres(new SlipwayHome(home.toString()))) {
                assertThat(read(again)).isEqualTo("written before the crash");
            }
            assertThat(ProcessHandle.of(orphan).map(LeftoverPostmaster::isRunning).orElse(false)).isFalse();
        } finally {
            ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void aLeftOverPidFileNamingAnotherProcessIsRemoved(@TempDir Path home) throws Exception {
        SlipwayHome slipwayHome = new SlipwayHome(home.toString());
        try (EmbeddedPostgres first = configuration.embeddedPostgres(slipwayHome)) {
            write(first);
        }
        // What a reboot can leave: the pid file of a server that is gone, naming a pid now in use (this JVM's).
        Files.writeString(home.resolve("pgdata/postmaster.pid"), ProcessHandle.current().pid() + "\n"
                + home.resolve("pgdata") + "\n1700000000\n5432\n/tmp\n127.0.0.1\n  1234567   7\nready   \n");

        try (EmbeddedPostgres again = configuration.embeddedPostgres(slipwayHome)) {
            assertThat(read(again)).isEqualTo("written before the crash");
        }
    }

    @Test
    void theDatabaseOfASlipwayThatStillRunsIsNeverStopped(@TempDir Path home) throws Exception {
        try (EmbeddedPostgres running = configuration.embeddedPostgres(new SlipwayHome(home.toString()))) {
            write(running);

            assertThatThrownBy(() -> LeftoverPostmaster.clear(home.resolve("pgdata")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another Slipway process that is still running");
            assertThat(read(running)).isEqualTo("written before the crash");
        }
    }

    /** Starts local mode's database in another JVM, kills that JVM with SIGKILL; the postmaster's pid. */
    private static long crashAfterStartingTheDatabase(Path home) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                CrashingLocalMode.class.getName(), home.toString()));
        Process slipway = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var out = new BufferedReader(new InputStreamReader(slipway.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("ready ")) {
                seen.append(line).append('\n');
            }
            assertThat(line).as("the other JVM started its database:\n" + seen).isNotNull();
            slipway.destroyForcibly();
            assertThat(slipway.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return Long.parseLong(Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(0).strip());
    }

    private void write(EmbeddedPostgres postgres) throws Exception {
        DataSource dataSource = configuration.dataSource(postgres);
        new JdbcTemplate(dataSource).execute("create table kept (value text); insert into kept values ('written before the crash')");
        ((AutoCloseable) dataSource).close();
    }

    private String read(EmbeddedPostgres postgres) throws Exception {
        DataSource dataSource = configuration.dataSource(postgres);
        try {
            return new JdbcTemplate(dataSource).queryForObject("select value from kept", String.class);
        } finally {
            ((AutoCloseable) dataSource).close();
        }
    }
}
