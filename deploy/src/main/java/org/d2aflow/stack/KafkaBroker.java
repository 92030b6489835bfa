package org.d2aflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.d2aflow.contracts.Topics;

/**
 * A single-node Apache Kafka broker in KRaft mode, run in its own JVM from the Kafka jars on the stack's
 * classpath. Data lives under {@code dir}; the process can outlive the JVM that started it (the local stack)
 * or follow it (tests, through {@code watchOwner}).
 */
public final class KafkaBroker {

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());

    private final Path dir;
    private final Path home;
    private final int port;
    private final int controllerPort;
    private final int defaultPartitions;
    private final boolean autoCreateTopics;
    private Process process;

    public KafkaBroker(Path home, Path dir, int port, int controllerPort, int defaultPartitions, boolean autoCreateTopics) {
        this.home = home.toAbsolutePath().normalize();
        this.dir = dir.toAbsolutePath().normalize();
        this.port = port;
        this.controllerPort = controllerPort;
        this.defaultPartitions = defaultPartitions;
        this.autoCreateTopics = autoCreateTopics;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logFile() {
        return dir.resolve("broker.log");
    }

    /** Starts the broker JVM and returns its pid; {@code ownerPid} non-null makes it exit when that process dies. */
    public long start(Long ownerPid) throws IOException {
        if (Ports.answering("127.0.0.1", port)) {
            throw new IllegalStateException("Port " + port + " is already taken: another Kafka broker may be running. "
                    + "Stop it, or choose another port (D2A_KAFKA_PORT).");
        }
        Files.createDirectories(dir);
        Path config = writeServerProperties();
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, log4jConfig(), StandardCharsets.UTF_8);
        String clusterId = clusterId();

        List<String> cmd = new ArrayList<>();
        cmd.add(Processes.javaExecutable());
        cmd.add(Processes.HOME_MARKER + home);
        cmd.add("-Xms256m");
        cmd.add("-Xmx768m");
        cmd.add("-XX:+UseG1GC");
        // C1 only, like the services: on two cores C2 compiling the broker was its largest cost (11 of 30 CPU seconds
        // over 60 simulated days, per-thread times from /proc), for a load that C1-compiled code carries easily.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlog4j2.configurationFile=" + log4j);
        cmd.add("-Dkafka.logs.dir=" + dir);
        cmd.add("-cp");
        cmd.add(StackClasspath.get());
        cmd.add(BrokerMain.class.getName());
        cmd.add(config.toString());
        cmd.add(clusterId);
        if (ownerPid != null) {
            cmd.add("--watch-pid");
            cmd.add(Long.toString(ownerPid));
        }
        process = Processes.startLogged(cmd, logFile(), Map.of());
        LOG.info(() -> "Kafka broker starting (pid " + process.pid() + ") on " + bootstrapServers() + ", log " + logFile());
        return process.pid();
    }

    /** Waits until the broker answers metadata requests, failing early when its process dies. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("The Kafka broker exited (code " + process.exitValue() + "). Last log lines:\n"
                        + Processes.tail(logFile(), 40));
            }
            if (!Ports.answering("127.0.0.1", port)) {
                sleep(200);
                continue;
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                sleep(300);
            }
        }
        throw new IllegalStateException("The Kafka broker did not become ready within " + timeout.toSeconds() + "s: " + last
                + "\nLast log lines:\n" + Processes.tail(logFile(), 40));
    }

    /** Creates the event-log topics (no time or size retention; the figures topic compacted); existing ones are kept. */
    public void createEventLogTopics(int partitions) {
        try (Admin admin = admin()) {
            List<NewTopic> topics = Topics.ALL.stream()
                    .map(t -> new NewTopic(t.name(), partitions, (short) 1).configs(topicConfig(t.compacted())))
                    .toList();
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + topic.name() + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating topics", e);
        }
    }

    /** Topic settings of the event log: kept forever, replayable from offset 0. */
    public static Map<String, String> topicConfig(boolean compacted) {
        return compacted
                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1")
                : Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1");
    }

    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /** Stops the broker this object started. */
    public void stop() {
        if (process != null) {
            Processes.stop(process.pid(), Duration.ofSeconds(20));
        }
    }

    private String clusterId() throws IOException {
        Path idFile = dir.resolve("cluster.id");
        if (Files.exists(idFile)) {
            return Files.readString(idFile, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(idFile, id, StandardCharsets.UTF_8);
        return id;
    }

    private Path writeServerProperties() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", Integer.toString(defaultPartitions));
        p.setProperty("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
        // The event log is the record of cross-service facts: nothing expires by time or size.
        p.setProperty("log.retention.ms", "-1");
        p.setProperty("log.retention.bytes", "-1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "Written by the D2A Flow stack; rewritten on every start");
        }
        return file;
    }

    private static String log4jConfig() throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("broker-log4j2.properties")) {
            if (in == null) {
                throw new IOException("broker-log4j2.properties missing from the stack jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
