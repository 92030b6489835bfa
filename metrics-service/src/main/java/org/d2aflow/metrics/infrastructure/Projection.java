package org.d2aflow.metrics.infrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventContractException;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventTypes;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.kit.tracing.EventTracing;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;

/**
 * One build of the facts from the event log: its own consumer, assigned every partition of the three
 * topics and started at offset 0, applying records in a thread of its own. A record that cannot be read
 * goes to the dead-letter topic and the projection goes on. Readers take the read lock; the consumer the
 * write lock, once per polled batch.
 */
public final class Projection implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Projection.class);
    private static final EventTypes TYPES = EventTypes.standard();

    /** What to do with a record that cannot be read. */
    public interface PoisonHandler {
        void handle(ConsumerRecord<String, byte[]> record, Exception error);
    }

    /** Told of each event applied live (the build serving and caught up), once readers can see it. */
    public interface AppliedListener {
        void applied(String topic, Instant recordedAt, Instant appliedAt);

        AppliedListener NONE = (topic, recordedAt, appliedAt) -> {
        };
    }

    private final String name;
    private final List<String> topics;
    private final Properties consumerConfig;
    private final PoisonHandler poison;
    private final AppliedListener listener;
    private final Tracer tracer;
    private volatile boolean commitOffsets;
    private final LogFacts facts = new LogFacts();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong version = new AtomicLong();
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile long recordsRead;
    private volatile long poisonRecords;
    private volatile long lag = -1;
    private volatile Instant startedAt;
    private volatile Instant caughtUpAt;
    private volatile String failure;
    private final Map<String, Long> positions = new TreeMap<>();

    public Projection(String name, String bootstrapServers, String groupId, List<String> topics, PoisonHandler poison, boolean commitOffsets,
            Tracer tracer) {
        this(name, bootstrapServers, groupId, topics, poison, commitOffsets, tracer, AppliedListener.NONE);
    }

    /**
     * A build whose live events (applied while it serves, after it caught up: not a replay of the log) are told to
     * {@code listener}, for the delay from recorded to projected.
     */
    public Projection(String name, String bootstrapServers, String groupId, List<String> topics, PoisonHandler poison, boolean commitOffsets,
            Tracer tracer, AppliedListener listener) {
        this.name = name;
        this.tracer = tracer;
        this.topics = List.copyOf(topics);
        this.poison = poison;
        this.listener = listener;
        this.commitOffsets = commitOffsets;
        this.consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The outbox relays publish in Kafka transactions: an aborted attempt must never count.
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumerConfig.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
        consumerConfig.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "metrics-" + name);
        this.thread = new Thread(this::run, "projection-" + name);
        thread.setDaemon(true);
    }

    /** Lets the build commit its positions to the consumer group (only the serving build does, for lag monitoring). */
    public void commitOffsets(boolean commit) {
        this.commitOffsets = commit;
    }

    public void start() {
        startedAt = Instant.now();
        thread.start();
    }

    /** Reads the facts consistently. */
    public <T> T read(Function<LogFacts, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(facts);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Goes up by one each time applied records changed the facts. */
    public long version() {
        return version.get();
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Progress of this build, for the status endpoint and the SSE freshness fields. */
    public Status status() {
        Instant end = caughtUpAt != null ? caughtUpAt : Instant.now();
        double seconds = startedAt == null ? 0 : Math.max(0.001, Duration.between(startedAt, end).toMillis() / 1000.0);
        // Positions and facts under one read lock: the positions are those of exactly the records the facts hold.
        return read(f -> {
            Map<String, Long> pos;
            synchronized (positions) {
                pos = new TreeMap<>(positions);
            }
            return new Status(name, caughtUp ? "LIVE" : "CATCHING_UP", recordsRead, f.applied(), f.duplicatesIgnored(), poisonRecords, lag,
                    Math.round(recordsRead / Math.max(seconds, 0.001)), startedAt, caughtUpAt, f.newestRecordedAt(), pos, failure);
        });
    }

    /** Records that could not be read and went to the dead-letter topic, since this build started. */
    public long poisonRecords() {
        return poisonRecords;
    }

    /** Records on the log (all partitions) not yet applied, as of the last poll; -1 before the first. */
    public long lag() {
        return lag;
    }

    /** How far a build has got. {@code rate} is records per second since it started (until it caught up). */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ProjectionStatus")
    public record Status(String name, String state, long recordsRead, long eventsApplied, long duplicatesIgnored, long poisonRecords,
            long lag, long rate, Instant startedAt, Instant caughtUpAt, Instant newestRecordedAt, Map<String, Long> positions,
            String failure) {
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = partitions(c);
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> target = c.endOffsets(partitions);
            LOG.infof("Projection %s reading %d partitions from offset 0 (%d records to catch up)", name, partitions.size(),
                    target.values().stream().mapToLong(Long::longValue).sum());
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    apply(records);
                }
                long behind = 0;
                for (TopicPartition tp : partitions) {
                    behind += c.currentLag(tp).orElse(0);
                }
                lag = behind;
                if (!caughtUp && reached(c, target)) {
                    caughtUp = true;
                    caughtUpAt = Instant.now();
                    LOG.infof("Projection %s caught up: %d records in %s", name, recordsRead, Duration.between(startedAt, caughtUpAt));
                }
                if (commitOffsets && !records.isEmpty()) {
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (TopicPartition tp : partitions) {
                        offsets.put(tp, new OffsetAndMetadata(c.position(tp)));
                    }
                    c.commitAsync(offsets, null);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.errorf(e, "Projection %s stopped", name);
        }
    }

    /**
     * Whether this build traces what it applies: only the build serving figures, once it is live. A build catching up
     * replays the whole log, where a span per historic event would bury the traces of today's requests.
     */
    private boolean tracing() {
        return caughtUp && commitOffsets;
    }

    private void apply(ConsumerRecords<String, byte[]> records) {
        boolean traced = tracing();
        List<Span> spans = traced ? new ArrayList<>(records.count()) : null;
        List<EventEnvelope<D2aEvent>> batch = new ArrayList<>(records.count());
        List<String> batchTopics = new ArrayList<>(records.count());
        Map<String, Long> reached = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            recordsRead++;
            reached.put(r.topic() + "-" + r.partition(), r.offset() + 1);
            try {
                if (r.value() == null) {
                    throw new org.d2aflow.contracts.MalformedEventException("the record has no value");
                }
                batch.add(CloudEventHeaders.deserialize(r.headers(), r.value(), TYPES));
                batchTopics.add(r.topic());
                if (traced) {
                    spans.add(EventTracing.consumerSpan(tracer, r, "metrics-service"));
                }
            } catch (EventContractException | IllegalArgumentException | NullPointerException e) {
                poisonRecords++;
                poison.handle(r, e);
            }
        }
        boolean changed = false;
        boolean[] fresh = new boolean[batch.size()];
        lock.writeLock().lock();
        try {
            for (int i = 0; i < batch.size(); i++) {
                fresh[i] = traced ? applyTraced(batch.get(i), spans.get(i)) : facts.apply(batch.get(i));
                changed |= fresh[i];
            }
            // Published with the facts, so that a reader never sees a position ahead of what it can read.
            synchronized (positions) {
                positions.putAll(reached);
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (changed) {
            version.incrementAndGet();
        }
        if (commitOffsets && caughtUp) {
            Instant now = Instant.now();
            for (int i = 0; i < batch.size(); i++) {
                if (fresh[i]) {
                    listener.applied(batchTopics.get(i), batch.get(i).time(), now);
                }
            }
        }
    }

    /** Applies one event under its record's CONSUMER span, in a child span around the figure update; ends both. */
    private boolean applyTraced(EventEnvelope<D2aEvent> event, Span consumer) {
        return EventTracing.within(consumer, () -> {
            Span update = tracer.spanBuilder("d2a.figures update").setAttribute("d2a.event.type", event.type()).startSpan();
            return EventTracing.within(update, () -> {
                boolean changed = facts.apply(event);
                update.setAttribute("d2a.figures.changed", changed);
                return changed;
            });
        });
    }

    private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> c) {
        List<TopicPartition> out = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
            for (PartitionInfo p : infos) {
                out.add(new TopicPartition(topic, p.partition()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
