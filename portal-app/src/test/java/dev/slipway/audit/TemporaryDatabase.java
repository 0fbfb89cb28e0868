package dev.slipway.audit;

import dev.slipway.testsupport.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database of its own on the shared test server, migrated like Slipway's, for what must not happen to
 * the shared one: rows altered as a superuser, a million generated events without a valid chain. Dropped
 * on close.
 */
final class TemporaryDatabase implements AutoCloseable {

    final String name;
    final DataSource dataSource;
    final JdbcTemplate jdbc;
    final TransactionTemplate tx;

    private TemporaryDatabase(String name) {
        this.name = name;
        this.dataSource = TestDatabase.postgres().getDatabase("postgres", name);
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    static TemporaryDatabase create() {
        String name = "audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        admin().execute("create database " + name);
        TemporaryDatabase database = new TemporaryDatabase(name);
        Flyway.configure().dataSource(database.dataSource).locations("classpath:db/migration").load().migrate();
        return database;
    }

    /** Appends events through the same code as the application, so their chain is valid. */
    void append(AuditEntry entry) {
        tx.executeWithoutResult(status -> new ChainAppender(jdbc, Clock.systemUTC()).append(entry));
    }

    /**
     * Runs a bulk insert into audit_events with its indexes and unique constraints taken off and rebuilt
     * after from their own definitions: far quicker than keeping eight indexes up to date row by row.
     */
    void bulkLoad(Runnable load) {
        List<String> uniques = jdbc.queryForList("select 'alter table audit_events add constraint ' || conname || ' '"
                + " || pg_get_constraintdef(oid) from pg_constraint where conrelid = 'audit_events'::regclass"
                + " and contype = 'u'", String.class);
        List<String> indexes = jdbc.queryForList("select indexdef from pg_indexes where tablename = 'audit_events'"
                + " and indexname not in (select conname from pg_constraint where conrelid = 'audit_events'::regclass)",
                String.class);
        jdbc.execute("alter database " + name + " set maintenance_work_mem = '256MB'");
        for (String unique : uniques) {
            jdbc.execute("alter table audit_events drop constraint " + unique.split(" ")[5]);
        }
        for (String index : indexes) {
            jdbc.execute("drop index " + index.replaceFirst("(?i)^CREATE (UNIQUE )?INDEX (\\S+) ON .*$", "$2"));
        }
        load.run();
        uniques.forEach(jdbc::execute);
        indexes.forEach(jdbc::execute);
        jdbc.execute("vacuum analyze audit_events");
    }

    @Override
    public void close() {
        admin().execute("drop database if exists " + name + " with (force)");
    }

    private static JdbcTemplate admin() {
        return new JdbcTemplate(TestDatabase.postgres().getPostgresDatabase());
    }
}
