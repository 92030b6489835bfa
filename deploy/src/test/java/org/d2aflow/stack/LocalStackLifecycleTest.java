package org.d2aflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.d2aflow.contracts.TopicSpec;
import org.d2aflow.contracts.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The infrastructure half of {@code deploy/d2a}: up starts a real broker and PostgreSQL with the suite's
 * topics and databases, down leaves no process behind, reset wipes the home. Ports are free ones, so a
 * developer's running stack is never touched.
 */
class LocalStackLifecycleTest {

    private static final String[] SETTINGS = {"d2a.kafka.port", "d2a.kafka.controller.port", "d2a.pg.private.port", "d2a.pg.probe.local"};

    private StackCli cli;

    @BeforeEach
    void isolatedStack() {
        System.setProperty("d2a.kafka.port", Integer.toString(Ports.free()));
        System.setProperty("d2a.kafka.controller.port", Integer.toString(Ports.free()));
        System.setProperty("d2a.pg.private.port", Integer.toString(Ports.free()));
        System.setProperty("d2a.pg.probe.local", "false");
        cli = new StackCli(Path.of("."), Path.of("target", "stack-lifecycle-" + System.nanoTime()));
    }

    @AfterEach
    void cleanUp() throws Exception {
        cli.reset();
        for (String s : SETTINGS) {
            System.clearProperty(s);
        }
    }

    @Test
    void upStartsBrokerAndDatabaseAndDownLeavesNoProcessBehind() throws Exception {
        assertThat(cli.up(true)).isZero();

        Map<String, Long> pids = cli.recordedPids();
        assertThat(pids).containsKeys("kafka", "pg");
        assertThat(Processes.isAlive(pids.get("kafka"))).isTrue();
        assertThat(Processes.isAlive(pids.get("pg"))).isTrue();

        KafkaBroker broker = new KafkaBroker(cli.home(), cli.home().resolve("kafka"), Integer.getInteger("d2a.kafka.port"), 0, 3, false);
        try (var admin = broker.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .containsAll(Topics.ALL.stream().map(TopicSpec::name).toList());
        }
        PostgresServer pg = new PostgresServer(PostgresServer.Kind.PRIVATE_CLUSTER, "127.0.0.1", Integer.getInteger("d2a.pg.private.port"),
                "d2a", Files.readString(cli.home().resolve("postgres/password")).trim(), null);
        try (var c = pg.connect("postgres");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'd2a\\_%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(ServiceSpec.ALL.stream().filter(x -> x.database() != null).count());
        }
        // Each database belongs to its owner role, and its service role is no superuser and owns nothing.
        try (var c = pg.connect("postgres"); ResultSet rs = c.createStatement().executeQuery("""
                SELECT d.datname, o.rolname, o.rolsuper OR o.rolcreatedb OR o.rolcreaterole,
                       s.rolsuper OR s.rolcreatedb OR s.rolcreaterole OR pg_has_role(s.oid, o.oid, 'MEMBER'), s.rolcanlogin
                  FROM pg_database d JOIN pg_roles o ON o.oid = d.datdba JOIN pg_roles s ON s.rolname = d.datname || '_service'
                 WHERE d.datname LIKE 'd2a\\_%'""")) {
            int checked = 0;
            while (rs.next()) {
                assertThat(rs.getString(2)).isEqualTo(rs.getString(1) + "_owner");
                assertThat(rs.getBoolean(3)).as("owner role of " + rs.getString(1) + " is privileged").isFalse();
                assertThat(rs.getBoolean(4)).as("service role of " + rs.getString(1) + " is privileged").isFalse();
                assertThat(rs.getBoolean(5)).isTrue();
                checked++;
            }
            assertThat(checked).isEqualTo(ServiceSpec.ALL.stream().filter(x -> x.database() != null).count());
        }
        // A service started alone gets the same logins from db-env.
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(cli.databaseEnvironment("referral-service")).isZero();
        } finally {
            System.setOut(out);
        }
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("export QUARKUS_DATASOURCE_USERNAME='d2a_referral_service'", "export QUARKUS_FLYWAY_USERNAME='d2a_referral_owner'")
                .doesNotContain("'d2a'");

        assertThat(cli.down()).isZero();

        assertThat(Processes.isAlive(pids.get("kafka"))).isFalse();
        assertThat(Processes.isAlive(pids.get("pg"))).isFalse();
        assertThat(Processes.markedWith(cli.home())).isEmpty();
        assertThat(Ports.answering("127.0.0.1", Integer.getInteger("d2a.kafka.port"))).isFalse();
    }

    /**
     * A clone in root's home (mode 0700) with a space in its path: PostgreSQL, which runs as its own user, cannot
     * reach the stack's home there, so its cluster lives where it can, the home says where, and reset removes both.
     */
    @Test
    void worksFromAClosedDirectoryWithASpaceInItsPath() throws Exception {
        Path closed = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "closed",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        try {
            StackCli inClosed = new StackCli(Path.of("."), closed.resolve("d 2a").resolve(".d2a"));
            try {
                assertThat(inClosed.up(true)).isZero();
                Path cluster = PostgresProvisioner.clusterDir(inClosed.home().resolve("postgres"));
                assertThat(cluster.resolve("data").resolve("PG_VERSION")).exists();
                if (Processes.isRoot()) {
                    assertThat(cluster.startsWith(closed)).as("cluster %s outside %s", cluster, closed).isFalse();
                    assertThat(inClosed.home().resolve("postgres").resolve(PostgresProvisioner.LOCATION_FILE)).exists();
                }
                PostgresServer pg = new PostgresServer(PostgresServer.Kind.PRIVATE_CLUSTER, "127.0.0.1", Integer.getInteger("d2a.pg.private.port"),
                        "d2a", Files.readString(inClosed.home().resolve("postgres/password")).trim(), null);
                try (var c = pg.connect("postgres"); ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                }
                assertThat(inClosed.down()).isZero();
                // A second up finds the same cluster again (its data survived down).
                assertThat(inClosed.up(true)).isZero();
                assertThat(PostgresProvisioner.clusterDir(inClosed.home().resolve("postgres"))).isEqualTo(cluster);

                assertThat(inClosed.reset()).isZero();
                assertThat(cluster).doesNotExist();
                assertThat(inClosed.home()).doesNotExist();
            } finally {
                inClosed.reset();
            }
        } finally {
            Files2.deleteTree(closed);
        }
    }

    @Test
    void upTwiceReusesWhatIsRunningAndResetDeletesTheHome() throws Exception {
        assertThat(cli.up(true)).isZero();
        long broker = cli.recordedPids().get("kafka");

        assertThat(cli.up(true)).isZero();
        assertThat(cli.recordedPids().get("kafka")).isEqualTo(broker);

        assertThat(cli.reset()).isZero();
        assertThat(cli.home()).doesNotExist();
        assertThat(Processes.isAlive(broker)).isFalse();
    }
}
