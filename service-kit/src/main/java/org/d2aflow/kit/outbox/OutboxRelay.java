package org.d2aflow.kit.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.d2aflow.kit.metrics.Meters;
import org.d2aflow.kit.tracing.EventTracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

/**
 * Publishes outbox rows to Kafka after they commit, oldest first, in Kafka transactions of up to
 * {@code d2a.outbox.batch-size} rows, and stamps a transaction's rows right after it commits. When Kafka is down,
 * rows simply wait: writes go on being accepted and nothing is lost.
 *
 * <p>One relay per database publishes: the instance holding the {@link OutboxLease} row in PostgreSQL. Every
 * holder publishes with the same transactional.id (one per database), so taking over starts with
 * {@code initTransactions()}, which fences every earlier holder (a hung one can never commit again) and settles its
 * last transaction. The rows that transaction committed but its holder had no time to stamp are then found on the
 * log (read_committed, the tail of each partition) and stamped, not sent again. So a row reaches the log once, a
 * transaction is all or nothing, and a key's events are in id order within a transaction and across them: never
 * twice, never out of order, for consumers that read committed records only (every consumer of the suite does).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Tracer tracer;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "service")
    String application;

    /** Runs the rounds, one at a time, and the poll that wakes them (Quarkus' scheduler runs nothing more often than once a second). */
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong leaseHeld = new AtomicLong();
    private OutboxDepth depth;
    private OutboxLease lease;
    /** The transactional producer of the current holding, null until taken over (and after any doubt). */
    private Producer<String, byte[]> producer;
    /** The lease epoch the producer was started under. */
    private long producerEpoch = -1;
    /** After failures in a row, rounds wait (doubling from the poll interval up to 5 s) instead of failing four times a second. */
    private int failuresInARow;
    private long nextAttemptNanos = System.nanoTime();
    private Counter published;
    private Counter failures;
    private Counter reconciled;
    private Counter takeovers;
    private Timer relayLag;

    void onStart(@Observes StartupEvent e) {
        published = Meters.counter(registry, "d2a.outbox.published", "Outbox events published to Kafka by this instance's relay");
        failures = Meters.counter(registry, "d2a.outbox.publish.failures", "Relay rounds that failed (broker or database away); the rows stay pending and are retried");
        reconciled = Meters.counter(registry, "d2a.outbox.reconciled", "Rows found already on the log at a takeover and stamped published without sending them again");
        takeovers = Meters.counter(registry, "d2a.outbox.takeovers", "Times this instance took the outbox lease and fenced the previous producer");
        relayLag = Meters.delay(registry, "d2a.outbox.relay.lag", "Time from an event's recording (its outbox row written) to Kafka "
                + "acknowledging its publication (the relay's transaction committed), per event published by this instance");
        // Counted from the database when scraped (at most once a second), so the first scrape after a restart already
        // shows what waits, whether or not this instance holds the lease or can reach the broker.
        depth = new OutboxDepth(dataSource, System::nanoTime);
        Gauge.builder("d2a.outbox.pending", depth, d -> d.read().pending())
                .description("Events written to this database's outbox and not yet published to Kafka (counted at scrape time)")
                .register(registry);
        Gauge.builder("d2a.outbox.oldest.age.seconds", depth, d -> d.read().oldestAgeSeconds())
                .description("Age in seconds of the oldest outbox event not yet published; 0 when none waits (counted at scrape time)")
                .register(registry);
        Gauge.builder("d2a.outbox.lease.held", leaseHeld, AtomicLong::get)
                .description("1 on the instance whose relay publishes this database's outbox").register(registry);
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("host");
        lease = new OutboxLease(dataSource, host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8),
                config.leaseTtl());
        if (config.enabled()) {
            // Safety net and lease renewal: picks up rows left by a failed round and rows another instance wrote (only
            // a relay's own commits wake it), and takes over from an instance that died. Idle, a round is one indexed
            // query on the holder and one single-row UPDATE that matches nothing on the others.
            long every = Math.max(10, config.pollInterval().toMillis());
            worker.scheduleWithFixedDelay(this::wake, every, every, TimeUnit.MILLISECONDS);
        }
        wake();
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        wake();
    }

    /** Asks for a publishing round; rounds never overlap and requests made during one are coalesced into the next. */
    public void wake() {
        if (!config.enabled()) {
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                worker.submit(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                scheduled.set(false);
            }
        }
    }

    /** Rows not yet published, counted from the database (at most a second old); -1 while it cannot be counted. */
    public long pending() {
        double pending = depth.read().pending();
        return Double.isNaN(pending) ? -1 : (long) pending;
    }

    /** Whether this instance's relay held the lease at its last round. */
    public boolean holdsLease() {
        return leaseHeld.get() == 1;
    }

    /**
     * Forgets the producer, as after a failure whose outcome is unknown: the next round starts a new one (fencing
     * this one) and reconciles the outbox with the log before it sends anything. For tests of that path.
     */
    public void restart() {
        restart(() -> {
        });
    }

    /**
     * As {@link #restart()}, and runs {@code meanwhile} on the relay's thread right after, before any other round: what a
     * test does there (clearing stamps, as if the holder had died between Kafka's commit and its stamp) cannot race a
     * round of the old producer.
     */
    public void restart(Runnable meanwhile) {
        Future<?> done = worker.submit(() -> {
            dropProducer();
            meanwhile.run();
        });
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The relay did not restart: " + e, e);
        }
    }

    /** Publishes until the outbox is empty, Kafka fails, or the lease is elsewhere. Runs on the relay thread only. */
    void drain() {
        long linger = config.linger().toMillis();
        if (linger > 0) {
            // Commits that come during the wait join this round instead of each starting one of their own.
            try {
                Thread.sleep(linger);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        scheduled.set(false);
        if (System.nanoTime() - nextAttemptNanos < 0) {
            return;
        }
        try {
            while (publishChunk() == config.batchSize()) {
                // a full chunk: there may be more
            }
            failuresInARow = 0;
        } catch (Exception e) {
            failuresInARow++;
            long backoff = Math.min(TimeUnit.SECONDS.toNanos(5), config.pollInterval().toNanos() << Math.min(failuresInARow - 1, 10));
            nextAttemptNanos = System.nanoTime() + backoff;
            failures.increment();
            LOG.warnf("Outbox round failed: %s", e.toString());
            dropProducer();
        }
    }

    /** One step: hold the lease, take over if needed, send the oldest rows in one transaction, stamp them. */
    private int publishChunk() throws Exception {
        if (lease == null) {
            return 0;
        }
        Optional<OutboxLease.Grant> grant = lease.hold();
        leaseHeld.set(grant.isPresent() ? 1 : 0);
        if (grant.isEmpty()) {
            if (producer != null) {
                LOG.infof("Outbox relay lease is held by another instance; %s stops publishing", lease.holder());
                dropProducer();
            }
            return 0;
        }
        if (producer == null || producerEpoch != grant.get().epoch()) {
            takeOver(grant.get());
            // A slow takeover (a cold JVM, a busy machine) can outlast the lease: renew it before sending, or leave.
            Optional<OutboxLease.Grant> still = lease.hold();
            if (still.isEmpty() || still.get().epoch() != producerEpoch) {
                leaseHeld.set(0);
                dropProducer();
                return 0;
            }
        }
        List<Row> rows = readChunk();
        if (rows.isEmpty()) {
            return 0;
        }
        send(rows);
        Instant acknowledged = clock.instant();
        for (Row row : rows) {
            Duration lag = Duration.between(row.createdAt(), acknowledged);
            relayLag.record(lag.isNegative() ? Duration.ZERO : lag);
        }
        stamp(rows);
        published.increment(rows.size());
        return rows.size();
    }

    /**
     * Starts this holding's producer: {@code initTransactions()} fences every other producer of this outbox and
     * settles its last transaction (committed if it was committing, else aborted); then the rows that reached the
     * log without being stamped are stamped.
     */
    private void takeOver(OutboxLease.Grant grant) throws SQLException {
        dropProducer();
        long started = System.nanoTime();
        String id = config.transactionalId().orElse("d2a-outbox-" + application + "-" + grant.relayId());
        Producer<String, byte[]> p = newProducer(id);
        int found;
        try {
            p.initTransactions();
            // Nothing is sent before this has succeeded: it is what keeps a committed row from going out twice.
            found = reconcile();
        } catch (SQLException | RuntimeException e) {
            close(p);
            throw e;
        }
        producer = p;
        producerEpoch = grant.epoch();
        takeovers.increment();
        LOG.infof("Outbox relay %s publishes as %s (lease epoch %d) after %d ms; %d row(s) were already on the log", lease.holder(), id,
                grant.epoch(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), found);
    }

    /**
     * Stamps the unstamped rows whose events are already on the log (by the CloudEvents id header, the row's event_id). Only the last transaction of an earlier
     * holding can be such (a holder stamps each transaction's rows before it sends the next), and it lies in the
     * last {@code batch-size} records of each partition; twice that is read, plus some room for other writers.
     */
    int reconcile() throws SQLException {
        List<String> topics = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT DISTINCT topic FROM outbox WHERE published_at IS NULL")) {
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    topics.add(rs.getString(1));
                }
            }
        }
        if (topics.isEmpty()) {
            return 0;
        }
        Set<UUID> onLog = tailEventIds(topics, 2L * config.batchSize() + 100);
        if (onLog.isEmpty()) {
            return 0;
        }
        int stamped;
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "UPDATE outbox SET published_at = ? WHERE published_at IS NULL AND event_id = ANY (?)")) {
            st.setObject(1, java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
            Array ids = c.createArrayOf("uuid", onLog.toArray(new UUID[0]));
            st.setArray(2, ids);
            stamped = st.executeUpdate();
        }
        if (stamped > 0) {
            reconciled.increment(stamped);
            LOG.infof("Outbox relay found %d unstamped row(s) already on the log: stamped, not sent again", stamped);
        }
        return stamped;
    }

    /** The event ids of the last {@code window} committed records of every partition of the topics. */
    private Set<UUID> tailEventIds(List<String> topics, long window) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "outbox-relay-reconcile");
        Set<UUID> ids = new HashSet<>();
        Duration timeout = config.sendTimeout();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                }
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : partitions) {
                long from = Math.max(begin.get(tp), end.get(tp) - window);
                if (from < end.get(tp)) {
                    consumer.seek(tp, from);
                    remaining.put(tp, end.get(tp));
                }
            }
            consumer.assign(remaining.keySet());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the end of " + remaining.keySet() + " within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Header id = r.headers().lastHeader(CloudEventHeaders.ID);
                    if (id != null && id.value() != null) {
                        try {
                            ids.add(UUID.fromString(new String(id.value(), StandardCharsets.UTF_8)));
                        } catch (IllegalArgumentException notOurs) {
                            // another writer's record
                        }
                    }
                }
                remaining.keySet().removeIf(tp -> consumer.position(tp) >= remaining.get(tp));
            }
        }
        return ids;
    }

    /** A row as it goes to Kafka, with the trace context of the request that wrote it (null when none). */
    private record Row(long id, String topic, String key, String headers, byte[] payload, Instant createdAt, String traceparent,
            String tracestate) {
    }

    private List<Row> readChunk() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "SELECT id, topic, message_key, headers, payload, created_at, traceparent, tracestate FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ?")) {
            st.setInt(1, config.batchSize());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                            rs.getObject(6, java.time.OffsetDateTime.class).toInstant(), rs.getString(7), rs.getString(8)));
                }
            }
        }
        return rows;
    }

    /**
     * Sends the rows in id order in one Kafka transaction and commits it, provided the lease is still certainly
     * ours. On any failure the transaction is left to the next holding's {@code initTransactions()} to abort (or to
     * complete, if the commit had got through), and the first row that failed records the error.
     */
    private void send(List<Row> rows) throws Exception {
        Row current = rows.get(0);
        // One PRODUCER span per row that carries its writer's trace context, ended once the transaction has committed
        // (or failed): the record is on the log, for read_committed consumers, only then.
        Span[] spans = new Span[rows.size()];
        try {
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                current = rows.get(i);
                sent.add(producer.send(toRecord(current, i, spans)));
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                current = rows.get(i);
                sent.get(i).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!lease.valid() && lease.hold().map(g -> g.epoch() != producerEpoch).orElse(true)) {
                throw new IllegalStateException("the relay lease was not renewed in time; leaving the rows to the next holder");
            }
            current = rows.get(0);
            producer.commitTransaction();
            endSpans(spans, null);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            endSpans(spans, cause);
            recordFailure(current, cause.toString());
            LOG.warnf("Kafka did not take %d outbox row(s) from id %d: %s; they wait for the next round", rows.size(), rows.get(0).id(),
                    cause.toString());
            throw e;
        }
    }

    private void recordFailure(Row row, String error) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?")) {
            st.setString(1, error.length() > 2000 ? error.substring(0, 2000) : error);
            st.setLong(2, row.id());
            st.executeUpdate();
        } catch (SQLException e) {
            LOG.debugf("Could not record the failure of outbox row %d: %s", row.id(), e);
        }
    }

    /**
     * Stamps a committed transaction's rows with one UPDATE. If that fails (the database is away), the producer is
     * dropped: nothing more is sent until a new holding has found these rows on the log and stamped them.
     */
    private void stamp(List<Row> rows) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("UPDATE outbox SET published_at = ? WHERE id = ANY (?)")) {
            st.setObject(1, java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC));
            st.setArray(2, c.createArrayOf("bigint", rows.stream().map(Row::id).toArray(Long[]::new)));
            st.executeUpdate();
        }
    }

    /** The row's PRODUCER span, child of the context stored with it; null for a row written with no span active. */
    private Span producerSpan(Row row, String eventId) {
        if (row.traceparent() == null) {
            return null;
        }
        return EventTracing.producerSpan(tracer, EventTracing.parent(row.traceparent(), row.tracestate()), row.topic(), eventId);
    }

    private static void endSpans(Span[] spans, Throwable failure) {
        for (Span span : spans) {
            if (span != null) {
                if (failure != null) {
                    span.recordException(failure);
                    span.setStatus(StatusCode.ERROR, "not published; the row waits for the next round");
                }
                span.end();
            }
        }
    }

    /** The row as a record; starts its PRODUCER span in {@code spans[i]} and puts that span's context in the headers. */
    private ProducerRecord<String, byte[]> toRecord(Row row, int i, Span[] spans) {
        List<Header> headers = new ArrayList<>();
        try {
            Map<String, String> map = JSON.readValue(row.headers(), new TypeReference<LinkedHashMap<String, String>>() {
            });
            map.forEach((k, v) -> headers.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Outbox row " + row.id() + " has unreadable headers", e);
        }
        Span span = producerSpan(row, headerValue(headers, CloudEventHeaders.ID));
        spans[i] = span;
        if (span != null) {
            EventTracing.inject(span, (k, v) -> headers.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        }
        return new ProducerRecord<>(row.topic(), null, row.key(), row.payload(), headers);
    }

    private static String headerValue(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.key().equals(name)) {
                return new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private Producer<String, byte[]> newProducer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Bounds send() waiting for metadata, and initTransactions() / commitTransaction() waiting for the coordinator.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(10000, config.sendTimeout().toMillis() - 1000));
        // A holder that hangs mid-transaction holds back read_committed consumers until the next holder takes over, or this.
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private void dropProducer() {
        if (producer != null) {
            close(producer);
            producer = null;
            producerEpoch = -1;
        }
    }

    private static void close(Producer<String, byte[]> p) {
        try {
            p.close(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            LOG.debugf("Closing the producer: %s", e);
        }
    }

    void onStop(@Observes ShutdownEvent e) {
        shutdown();
    }

    @PreDestroy
    void shutdown() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropProducer();
        if (lease != null && lease.held()) {
            try {
                lease.release();
            } catch (SQLException | RuntimeException e) {
                LOG.debugf("Could not release the outbox relay lease (it lapses by itself): %s", e);
            }
        }
    }
}
