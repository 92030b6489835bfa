package org.d2aflow.testkit;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Logger;

import org.d2aflow.stack.DatabaseRoles;
import org.d2aflow.stack.KafkaBroker;
import org.d2aflow.stack.Ports;
import org.d2aflow.stack.PostgresProvisioner;
import org.d2aflow.stack.PostgresServer;

/**
 * The real Kafka broker and PostgreSQL server of one test JVM. Started on first use, shared by every test
 * class that runs in that JVM, and stopped (data deleted) when the JVM exits. The broker also exits by
 * itself if this JVM is killed, so a crashed test run leaves no broker behind.
 *
 * <p>Nothing is skipped when a part is missing: {@link #get()} throws, and the tests that need it fail.
 */
public final class TestStack {

    private static final Logger LOG = Logger.getLogger(TestStack.class.getName());
    private static TestStack instance;

    private final Path home;
    private final KafkaBroker broker;
    private final PostgresServer postgres;
    private final Set<String> databases = new LinkedHashSet<>();

    private TestStack(Path home, KafkaBroker broker, PostgresServer postgres) {
        this.home = home;
        this.broker = broker;
        this.postgres = postgres;
    }

    /**
     * Row counts of tables in one database, read in one snapshot: tests compare two of them to prove that a
     * refused request wrote nothing anywhere.
     */
    public java.util.Map<String, Long> rowCounts(String database, java.util.List<String> tables) {
        return rowCounts(postgres, database, tables);
    }

    static java.util.Map<String, Long> rowCounts(PostgresServer postgres, String database, java.util.List<String> tables) {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        try (java.sql.Connection c = postgres.connect(database)) {
            c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try (java.sql.Statement st = c.createStatement()) {
                for (String table : tables) {
                    try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        counts.put(table, rs.getLong(1));
                    }
                }
            }
            c.rollback();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot count the rows of " + tables + " in " + database, e);
        }
        return counts;
    }

    /** The directory that holds this JVM's broker, database and development keys. */
    public Path home() {
        return home;
    }

    /**
     * The stack of this JVM, started on the first call. Quarkus tests load this class in their own class
     * loader, so the running stack is also published as system properties, which every loader of the JVM sees:
     * whoever comes second attaches to it instead of starting another.
     */
    public static TestStack get() {
        synchronized (System.getProperties()) {
            if (instance == null) {
                instance = attach().orElseGet(() -> {
                    TestStack started = start();
                    started.publish();
                    System.setProperty(PREFIX + "owner.pid", Long.toString(ProcessHandle.current().pid()));
                    Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "d2a-test-stack-stop"));
                    return started;
                });
            }
            return instance;
        }
    }

    /** Creates topics that a test's application subscribes to before it starts (auto-creation is too late for consumers). */
    public void createTopics(java.util.Collection<String> names) {
        try (var admin = broker.admin()) {
            for (String name : names) {
                try {
                    admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(name, 3, (short) 1)
                            .configs(KafkaBroker.topicConfig(false)))).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics " + names, e);
        }
    }

    private static final String PREFIX = "d2a.teststack.";

    private void publish() {
        System.setProperty(PREFIX + "home", home.toString());
        System.setProperty(PREFIX + "kafka.port", Integer.toString(broker.port()));
        System.setProperty(PREFIX + "kafka.controller-port", Integer.toString(broker.controllerPort()));
        System.setProperty(PREFIX + "pg.kind", postgres.kind().name());
        System.setProperty(PREFIX + "pg.host", postgres.host());
        System.setProperty(PREFIX + "pg.port", Integer.toString(postgres.port()));
        System.setProperty(PREFIX + "pg.user", postgres.user());
        System.setProperty(PREFIX + "pg.password", postgres.password() == null ? "" : postgres.password());
        System.setProperty(PREFIX + "pg.pid", postgres.pid() == null ? "" : postgres.pid().toString());
    }

    /**
     * Stops the broker, as an outage would, until {@link #startBroker()}. Meant for tests of what happens while
     * Kafka is away; the test must start it again (in a finally block) for the tests that follow.
     */
    public synchronized void stopBroker() {
        String pid = System.getProperty(PREFIX + "kafka.pid");
        if (pid != null && !pid.isEmpty()) {
            org.d2aflow.stack.Processes.stop(Long.parseLong(pid), Duration.ofSeconds(30));
            System.setProperty(PREFIX + "kafka.pid", "");
        }
    }

    /** Starts the broker again on the same ports and data after {@link #stopBroker()}. */
    public synchronized void startBroker() {
        String pid = System.getProperty(PREFIX + "kafka.pid");
        if (pid != null && !pid.isEmpty() && org.d2aflow.stack.Processes.isAlive(Long.parseLong(pid))) {
            return;
        }
        try {
            long started = broker.start(Long.getLong(PREFIX + "owner.pid"));
            System.setProperty(PREFIX + "kafka.pid", Long.toString(started));
            broker.awaitReady(Duration.ofSeconds(90));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Could not restart the test broker", e);
        }
    }

    private static java.util.Optional<TestStack> attach() {
        String home = System.getProperty(PREFIX + "home");
        if (home == null) {
            return java.util.Optional.empty();
        }
        Path path = Path.of(home);
        KafkaBroker broker = new KafkaBroker(path, path.resolve("kafka"), Integer.getInteger(PREFIX + "kafka.port"),
                Integer.getInteger(PREFIX + "kafka.controller-port"), 3, true);
        String pid = System.getProperty(PREFIX + "pg.pid");
        PostgresServer pg = new PostgresServer(PostgresServer.Kind.valueOf(System.getProperty(PREFIX + "pg.kind")),
                System.getProperty(PREFIX + "pg.host"), Integer.getInteger(PREFIX + "pg.port"), System.getProperty(PREFIX + "pg.user"),
                System.getProperty(PREFIX + "pg.password"), pid.isEmpty() ? null : Long.valueOf(pid));
        return java.util.Optional.of(new TestStack(path, broker, pg));
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public KafkaBroker broker() {
        return broker;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /**
     * A database of this test JVM, created on first use. On a server the tests do not own, the name gets
     * this JVM's pid so that parallel builds do not meet, and it is dropped at exit. The URL is for the test's own
     * checks, which log in as the server's admin; a service gets {@link #database}.
     */
    public String jdbcUrl(String database) {
        return database(database).jdbcUrl();
    }

    /**
     * A database of this test JVM (see {@link #jdbcUrl}) with its owner and service roles: services under test log in
     * as the service role and migrate as the owner, exactly as in the local stack, never as the server's admin.
     */
    public synchronized DatabaseRoles database(String database) {
        String name = postgres.kind().ownedByStack() ? database : database + "_t" + ProcessHandle.current().pid();
        DatabaseRoles roles;
        try {
            roles = postgres.ensureDatabase(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " on " + postgres.describe() + ": " + e.getMessage(), e);
        }
        databases.add(name);
        // Remembered JVM-wide so that the owner drops databases other class loaders created too.
        String all = System.getProperty(PREFIX + "databases", "");
        if (!java.util.List.of(all.split(",")).contains(name)) {
            System.setProperty(PREFIX + "databases", all.isEmpty() ? name : all + "," + name);
        }
        return roles;
    }

    private static TestStack start() {
        long started = System.nanoTime();
        Path home = Path.of("target", "d2a-test-stack-" + ProcessHandle.current().pid()).toAbsolutePath();
        KafkaBroker broker = new KafkaBroker(home, home.resolve("kafka"), Ports.free(), Ports.free(), 3, true);
        PostgresServer pg = null;
        try {
            System.setProperty(PREFIX + "kafka.pid", Long.toString(broker.start(ProcessHandle.current().pid())));
            pg = provisionPostgres(home.resolve("postgres"));
            broker.awaitReady(Duration.ofSeconds(90));
            broker.createEventLogTopics(3);
        } catch (Exception e) {
            broker.stop();
            if (pg != null) {
                PostgresProvisioner.stop(pg, home.resolve("postgres"));
            }
            throw new IllegalStateException("The test stack (real Kafka and PostgreSQL) could not start: " + e.getMessage(), e);
        }
        PostgresServer server = pg;
        LOG.info(() -> String.format("Test stack up in %.1fs: Kafka %s, PostgreSQL %s", (System.nanoTime() - started) / 1e9,
                broker.bootstrapServers(), server.describe()));
        return new TestStack(home, broker, pg);
    }

    /**
     * The private PostgreSQL on a free port. Another program (a parallel build's broker or service) may bind the port
     * chosen between the choice and PostgreSQL's start; then another port is tried, up to three in all.
     */
    private static PostgresServer provisionPostgres(Path dir) throws Exception {
        for (int attempt = 1;; attempt++) {
            int port = Ports.free();
            try {
                return new PostgresProvisioner(dir, port, true, PostgresProvisioner::setting).provision();
            } catch (IllegalStateException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("is taken by another program")) {
                    throw e;
                }
                LOG.warning("PostgreSQL port " + port + " was taken meanwhile; trying another");
            }
        }
    }

    private void stop() {
        stopBroker();
        if (postgres.kind().ownedByStack()) {
            PostgresProvisioner.stop(postgres, home.resolve("postgres"));
        } else {
            for (String db : System.getProperty(PREFIX + "databases", "").split(",")) {
                if (db.isEmpty()) {
                    continue;
                }
                try {
                    postgres.dropDatabase(db);
                } catch (SQLException e) {
                    System.err.println("Could not drop test database " + db + ": " + e.getMessage());
                }
            }
        }
        try {
            PostgresProvisioner.deleteRelocated(home.resolve("postgres"));
            org.d2aflow.stack.Files2.deleteTree(home);
        } catch (Exception e) {
            System.err.println("Could not delete " + home + ": " + e.getMessage());
        }
    }
}
