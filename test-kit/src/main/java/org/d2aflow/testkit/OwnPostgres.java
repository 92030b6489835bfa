package org.d2aflow.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.d2aflow.stack.Ports;
import org.d2aflow.stack.PostgresProvisioner;
import org.d2aflow.stack.PostgresServer;

/**
 * A PostgreSQL server of its own for a test that takes the database away, as an outage would: {@link #stop()} and
 * {@link #start()} act on it alone, never on the server that {@link TestStack} shares between the JVM's other test
 * classes (which would then fail). Always a private cluster (or zonky's embedded one), never a configured or local
 * server the tests do not own. Started on first use, stopped and deleted when the JVM exits; like {@link TestStack},
 * it is published as system properties so that every class loader of the JVM sees the same one.
 *
 * <p>{@code @WithTestResource(value = D2aStackResource.class, initArgs = {..., @ResourceArg(name = "postgres", value = "own")})}
 */
public final class OwnPostgres {

    private static final String PREFIX = "d2a.ownpostgres.";

    private final Path dir;
    private final int port;

    private OwnPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The JVM's own server, started on the first call. */
    public static OwnPostgres get() {
        synchronized (System.getProperties()) {
            String dir = System.getProperty(PREFIX + "dir");
            if (dir != null) {
                return new OwnPostgres(Path.of(dir), Integer.getInteger(PREFIX + "port"));
            }
            OwnPostgres pg = new OwnPostgres(Path.of("target", "d2a-own-postgres-" + ProcessHandle.current().pid()).toAbsolutePath(),
                    Ports.free());
            pg.start();
            System.setProperty(PREFIX + "dir", pg.dir.toString());
            System.setProperty(PREFIX + "port", Integer.toString(pg.port));
            Runtime.getRuntime().addShutdownHook(new Thread(pg::remove, "d2a-own-postgres-stop"));
            return pg;
        }
    }

    /** Starts the server (again, on the same port and data, after {@link #stop()}); returns once it accepts connections. */
    public void start() {
        synchronized (System.getProperties()) {
            try {
                // Never a configured server: a test must not stop a server someone else uses.
                Function<String, String> settings = name -> name.equals("D2A_PG_HOST") ? null : PostgresProvisioner.setting(name);
                PostgresServer server = new PostgresProvisioner(dir, port, false, settings).provision();
                System.setProperty(PREFIX + "kind", server.kind().name());
                System.setProperty(PREFIX + "user", server.user());
                System.setProperty(PREFIX + "password", server.password() == null ? "" : server.password());
                System.setProperty(PREFIX + "pid", server.pid() == null ? "" : server.pid().toString());
            } catch (IOException e) {
                throw new IllegalStateException("The test's own PostgreSQL could not start: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Stops the server the way an operator or a crash-restart would (fast shutdown: every connection is cut). */
    public void stop() {
        synchronized (System.getProperties()) {
            PostgresProvisioner.stop(server(), dir);
        }
    }

    public PostgresServer server() {
        String pid = System.getProperty(PREFIX + "pid", "");
        return new PostgresServer(PostgresServer.Kind.valueOf(System.getProperty(PREFIX + "kind")), "127.0.0.1", port,
                System.getProperty(PREFIX + "user"), System.getProperty(PREFIX + "password"), pid.isEmpty() ? null : Long.valueOf(pid));
    }

    /** A database on this server, created if needed (the URL is for the test's own checks, as the admin). */
    public String jdbcUrl(String database) {
        database(database);
        return server().jdbcUrl(database);
    }

    /** A database on this server with its owner and service roles, created if needed: the service logs in as the service role. */
    public org.d2aflow.stack.DatabaseRoles database(String database) {
        try {
            return server().ensureDatabase(database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + database + " on the test's own PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Row counts of tables in one database, read in one snapshot (see {@link TestStack#rowCounts}). */
    public Map<String, Long> rowCounts(String database, List<String> tables) {
        return TestStack.rowCounts(server(), database, tables);
    }

    private void remove() {
        PostgresProvisioner.stop(server(), dir);
        try {
            PostgresProvisioner.deleteRelocated(dir);
            org.d2aflow.stack.Files2.deleteTree(dir);
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }
}
