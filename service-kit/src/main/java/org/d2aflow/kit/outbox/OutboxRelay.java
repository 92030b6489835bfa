package org.d2aflow.kit.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes outbox rows to Kafka after they commit, oldest first, with an idempotent producer and acks=all,
 * and stamps each row once Kafka has acknowledged it. When Kafka is down, rows simply wait: writes go on
 * being accepted and nothing is lost. A key never has more than one record in flight, so a failure never
 * lets a later event of a key overtake an earlier one (different keys go out in parallel); one relay at a
 * time holds a PostgreSQL advisory lock, so several instances of a service cannot interleave either.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long ADVISORY_LOCK = 0x6432614f7574L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingMillis = new AtomicLong();
    private static final long GAUGE_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** When the gauges were last counted; only the relay thread touches it. */
    private long gaugesUpdatedNanos = System.nanoTime() - GAUGE_REFRESH_NANOS;
    private Producer<String, byte[]> producer;
    private Counter published;
    private Counter failures;

    void onStart(@Observes StartupEvent e) {
        published = registry.counter("d2a.outbox.published");
        failures = registry.counter("d2a.outbox.publish.failures");
        Gauge.builder("d2a.outbox.pending", pending, AtomicLong::get)
                .description("Events written but not yet acknowledged by Kafka").register(registry);
        Gauge.builder("d2a.outbox.lag.seconds", oldestPendingMillis, v -> v.get() / 1000.0)
                .description("Age of the oldest event not yet published").register(registry);
        wake();
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        wake();
    }

    /** Safety net: picks up rows left by a failed round or by another instance. */
    @Scheduled(every = "${d2a.outbox.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
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

    /** Rows not yet published, as of the last round. */
    public long pending() {
        return pending.get();
    }

    /** Publishes until the outbox is empty or Kafka stops acknowledging. Runs on the relay thread only. */
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
        try {
            while (true) {
                Round round = QuarkusTransaction.requiringNew().timeout((int) config.sendTimeout().toSeconds() + 30).call(this::publishBatch);
                if (round.failed() || round.published() < config.batchSize()) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbox round failed: %s", e.toString());
        }
    }

    private record Round(int published, boolean failed) {
    }

    private Round publishBatch() {
        Boolean locked = (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(" + ADVISORY_LOCK + ")").getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return new Round(0, false);
        }
        // Read-only: the round stamps what Kafka acknowledged with one UPDATE below, not one per row at flush.
        List<OutboxMessage> rows = em.createQuery("FROM OutboxMessage WHERE publishedAt IS NULL ORDER BY id", OutboxMessage.class)
                .setHint(org.hibernate.jpa.HibernateHints.HINT_READ_ONLY, true)
                .setMaxResults(config.batchSize()).getResultList();
        if (rows.isEmpty()) {
            updateGauges(true);
            return new Round(0, false);
        }
        // Waves of at most one record per key: a key's next event is sent only once its previous one is
        // acknowledged, so a failure can never let a later event of the key reach the log before an earlier one.
        java.util.Set<String> blocked = new java.util.HashSet<>();
        int acknowledged = 0;
        boolean failed = false;
        boolean unreachable = false;
        while (!unreachable) {
            java.util.Map<String, OutboxMessage> wave = new java.util.LinkedHashMap<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (OutboxMessage row : rows) {
                if (row.publishedAt == null && seen.add(row.messageKey) && !blocked.contains(row.messageKey)) {
                    wave.put(row.messageKey, row);
                }
            }
            if (wave.isEmpty()) {
                break;
            }
            java.util.Map<OutboxMessage, Future<RecordMetadata>> sent = new java.util.LinkedHashMap<>();
            for (OutboxMessage row : wave.values()) {
                try {
                    sent.put(row, producer().send(toRecord(row)));
                } catch (RuntimeException e) {
                    // send() itself gave up (no metadata within max.block.ms): the broker is out of reach, stop the round.
                    fail(row, e.toString(), blocked);
                    failed = true;
                    unreachable = true;
                    break;
                }
            }
            long deadline = System.nanoTime() + config.sendTimeout().toNanos();
            for (java.util.Map.Entry<OutboxMessage, Future<RecordMetadata>> e : sent.entrySet()) {
                try {
                    e.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    e.getKey().publishedAt = clock.instant();
                    acknowledged++;
                } catch (Exception ex) {
                    fail(e.getKey(), ex.getCause() != null ? ex.getCause().toString() : ex.toString(), blocked);
                    failed = true;
                }
            }
        }
        stamp(rows, blocked);
        published.increment(acknowledged);
        if (failed) {
            failures.increment();
            LOG.warnf("Kafka did not acknowledge every outbox row; %d row(s) wait for the next round", rows.size() - acknowledged);
            resetProducer();
        }
        em.flush();
        updateGauges(failed);
        return new Round(acknowledged, failed);
    }

    /** Writes the round's outcome: one UPDATE for the acknowledged rows, one per row that failed (rare). */
    private void stamp(List<OutboxMessage> rows, java.util.Set<String> blocked) {
        List<Long> acknowledged = rows.stream().filter(r -> r.publishedAt != null).map(r -> r.id).toList();
        if (!acknowledged.isEmpty()) {
            em.createNativeQuery("UPDATE outbox SET published_at = ?1 WHERE id IN (?2)")
                    .setParameter(1, java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC))
                    .setParameter(2, acknowledged).executeUpdate();
        }
        for (OutboxMessage row : rows) {
            if (row.publishedAt == null && row.lastError != null && blocked.contains(row.messageKey)) {
                em.createNativeQuery("UPDATE outbox SET attempts = ?1, last_error = ?2 WHERE id = ?3")
                        .setParameter(1, row.attempts).setParameter(2, row.lastError).setParameter(3, row.id).executeUpdate();
            }
        }
    }

    private static void fail(OutboxMessage row, String error, java.util.Set<String> blocked) {
        row.attempts++;
        row.lastError = error;
        blocked.add(row.messageKey);
    }

    /**
     * Refreshes the pending and lag gauges: always when the outbox is found empty or a round failed, else at most
     * once a second (under load a round follows every commit, and counting the outbox each time cost a query per write).
     */
    private void updateGauges(boolean now) {
        long nowNanos = System.nanoTime();
        if (!now && nowNanos - gaugesUpdatedNanos < GAUGE_REFRESH_NANOS) {
            return;
        }
        gaugesUpdatedNanos = nowNanos;
        Object[] r = (Object[]) em.createNativeQuery(
                "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM (now() - min(created_at))) * 1000, 0) FROM outbox WHERE published_at IS NULL")
                .getSingleResult();
        pending.set(((Number) r[0]).longValue());
        oldestPendingMillis.set(((Number) r[1]).longValue());
    }

    private static ProducerRecord<String, byte[]> toRecord(OutboxMessage row) {
        List<Header> headers = new ArrayList<>();
        try {
            Map<String, String> map = JSON.readValue(row.headers, new TypeReference<java.util.LinkedHashMap<String, String>>() {
            });
            map.forEach((k, v) -> headers.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Outbox row " + row.id + " has unreadable headers", e);
        }
        return new ProducerRecord<>(row.topic, null, row.messageKey, row.payload, headers);
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(10000, config.sendTimeout().toMillis() - 1000));
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void resetProducer() {
        if (producer != null) {
            try {
                producer.close(java.time.Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.debugf("Closing the producer: %s", e);
            }
            producer = null;
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
        resetProducer();
    }
}
