package dev.slipway.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears the way for the embedded PostgreSQL of local mode after Slipway died without stopping it
 * ({@code kill -9}, an OOM kill, a crashed machine). The postmaster of that run may still be running
 * on the data directory (it does not die with the JVM), or its {@code postmaster.pid} may be left over
 * naming a process id that now belongs to something else; either way PostgreSQL refuses to start.
 *
 * <p>The embedded server's own lock file ({@code epg-lock}, held by the JVM that started it and freed
 * by the kernel when that JVM dies) tells the two cases apart from a Slipway that is still running:
 * its database is never touched.
 */
final class LeftoverPostmaster {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);

    /** The lock file the embedded PostgreSQL library holds while its server runs. */
    static final String LOCK_FILE = "epg-lock";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private LeftoverPostmaster() {}

    static void clear(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        requireNoLiveOwner(dataDirectory);
        Optional<ProcessHandle> postmaster = postmasterOf(pidFile, dataDirectory);
        if (postmaster.isEmpty()) {
            log.info("Removing {}: it names no running PostgreSQL (left over by a Slipway that did not stop cleanly)",
                    pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        stop(postmaster.get(), dataDirectory);
    }

    /** Fails when another live process (another Slipway on the same SLIPWAY_HOME) owns the server. */
    private static void requireNoLiveOwner(Path dataDirectory) throws IOException {
        try (FileChannel channel = FileChannel.open(dataDirectory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw anotherSlipway(dataDirectory);
            }
        } catch (OverlappingFileLockException e) {
            throw anotherSlipway(dataDirectory);
        }
    }

    private static IllegalStateException anotherSlipway(Path dataDirectory) {
        return new IllegalStateException("The embedded PostgreSQL in " + dataDirectory + " belongs to another Slipway"
                + " process that is still running. Stop it first, or give this one its own SLIPWAY_HOME.");
    }

    /** The process {@code postmaster.pid} names, if it is alive and a PostgreSQL server on this directory. */
    private static Optional<ProcessHandle> postmasterOf(Path pidFile, Path dataDirectory) throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().matches("[0-9]{1,10}")) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                .filter(LeftoverPostmaster::isRunning)
                .filter(process -> isPostgresOn(process, dataDirectory));
    }

    private static boolean isPostgresOn(ProcessHandle process, Path dataDirectory) {
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command().map(Path::of).map(Path::getFileName)
                .map(name -> name.toString().equals("postgres"))
                .orElse(false);
        // The arguments name the data directory (-D); they are missing only where the OS hides them.
        boolean here = info.arguments()
                .map(arguments -> List.of(arguments).contains(dataDirectory.toString()))
                .orElse(true);
        return postgres && here;
    }

    /**
     * A fast shutdown with the server's own pg_ctl (found beside the running binary), which ends the dead
     * run's sessions and writes a checkpoint. pg_ctl refuses to run as root, where the embedded server
     * still runs; there a SIGTERM (smart shutdown) does it, since the dead run's sessions are gone.
     */
    private static void stop(ProcessHandle postmaster, Path dataDirectory) throws IOException {
        log.warn("PostgreSQL (pid {}) from an earlier run still uses {}; stopping it before starting again",
                postmaster.pid(), dataDirectory);
        if (!stoppedWithPgCtl(postmaster, dataDirectory)) {
            postmaster.destroy();
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (isRunning(postmaster) && System.nanoTime() < deadline) {
            sleep();
        }
        if (isRunning(postmaster)) {
            throw new IllegalStateException("PostgreSQL (pid " + postmaster.pid() + ") from an earlier run still uses "
                    + dataDirectory + " and did not stop within " + STOP_TIMEOUT.toSeconds() + " s; stop it (kill "
                    + postmaster.pid() + ") and start Slipway again.");
        }
        log.info("Stopped PostgreSQL (pid {}) left running by an earlier run", postmaster.pid());
    }

    private static boolean stoppedWithPgCtl(ProcessHandle postmaster, Path dataDirectory) throws IOException {
        Optional<Path> pgCtl = postmaster.info().command()
                .map(command -> Path.of(command).resolveSibling("pg_ctl"))
                .filter(Files::isExecutable);
        if (pgCtl.isEmpty()) {
            return false;
        }
        Process stop = new ProcessBuilder(pgCtl.get().toString(), "-D", dataDirectory.toString(), "stop", "-m", "fast",
                "-w", "-t", String.valueOf(STOP_TIMEOUT.toSeconds()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            return stop.waitFor(STOP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS) && stop.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping PostgreSQL (pid " + postmaster.pid() + ")", e);
        }
    }

    /**
     * Alive and not a zombie: a stopped postmaster whose parent (init, once its JVM died) has not reaped
     * it yet still has a process entry, and Java counts it as alive.
     */
    static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no /proc here, or the process has just gone
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for PostgreSQL to stop", e);
        }
    }
}
