package org.d2aflow.kit.messaging;

import org.d2aflow.kit.deadletter.DeadLetters;
import org.d2aflow.kit.logging.LogContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import org.d2aflow.kit.metrics.Meters;

/**
 * {@link EventLogIntake} plus what to do when applying a readable event fails, so that a channel never dies
 * on one record: a transient failure (database or broker away, lock conflict) is retried with backoff, in
 * order, until it passes; any other failure means this code cannot apply the record, which then goes to the
 * dead-letter topic like an unreadable one.
 */
@ApplicationScoped
public class GuardedIntake {

    private static final Logger LOG = Logger.getLogger(GuardedIntake.class);
    private static final String RETRIES = "Records retried after a failed apply, by consumer";
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    @Inject
    EventLogIntake intake;

    @Inject
    DeadLetters deadLetters;

    @Inject
    MeterRegistry registry;

    /**
     * Registers the meters of {@code consumer} reading {@code topic} (applied, retries, dead letters, projection delay) before its
     * first record, so that each is scraped from the start: a consumer calls this when the application starts.
     */
    public void register(String consumer, String topic) {
        Meters.counter(registry, "d2a.consumer.applied", ConsumerMeters.APPLIED, "consumer", consumer);
        Meters.counter(registry, "d2a.consumer.dead.letters", ConsumerMeters.DEAD_LETTERS, "consumer", consumer);
        Meters.counter(registry, "d2a.consumer.retries", RETRIES, "consumer", consumer);
        deadLetters.register(consumer, topic);
        org.d2aflow.kit.metrics.ProjectionDelay.register(registry, consumer, topic);
    }

    public void consume(ConsumerRecord<String, byte[]> record, String consumer, Consumer<EventEnvelope<D2aEvent>> apply) {
        LogContext.run(LogContext.STREAM_ID, record.key(), () -> consumeRetrying(record, consumer, apply));
    }

    private void consumeRetrying(ConsumerRecord<String, byte[]> record, String consumer, Consumer<EventEnvelope<D2aEvent>> apply) {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                consumeOnce(record, consumer, apply);
                return;
            } catch (RuntimeException e) {
                // Transient, or the dead-letter topic itself out of reach: the record must be seen again, not skipped.
                Meters.counter(registry, "d2a.consumer.retries", RETRIES, "consumer", consumer).increment();
                LOG.warnf("%s could not apply %s-%d@%d yet, retrying in %d ms: %s", consumer, record.topic(), record.partition(),
                        record.offset(), backoff, e.toString());
                pause(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    /**
     * Applies a poll's worth of records in as few transactions as it can: all of them in one when that works (the
     * usual case, and far cheaper under load than a commit per event), else one by one through {@link #consume}, so a
     * record that cannot be applied is retried or dead-lettered alone and the rest still go in, in their order.
     * Unreadable records are dead-lettered after the others have committed.
     */
    public void consumeAll(ConsumerRecords<String, byte[]> records, String consumer, Consumer<EventEnvelope<D2aEvent>> apply) {
        List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        consumeAll(list, consumer, apply);
    }

    /** As {@link #consumeAll(ConsumerRecords, String, Consumer)}, for records in the order they are to be applied. */
    public void consumeAll(List<ConsumerRecord<String, byte[]>> records, String consumer, Consumer<EventEnvelope<D2aEvent>> apply) {
        if (records.size() <= 1) {
            records.forEach(record -> consume(record, consumer, apply));
            return;
        }
        List<ConsumerRecord<String, byte[]>> unreadable;
        try {
            unreadable = intake.consumeTogether(records, consumer, apply);
        } catch (RuntimeException e) {
            Meters.counter(registry, "d2a.consumer.batch.fallbacks", "Batches that failed as a whole and were applied record by record, by consumer", "consumer", consumer).increment();
            LOG.debugf("%s could not apply a batch of %d together (%s); applying them one by one", consumer, records.size(), e.toString());
            records.forEach(record -> consume(record, consumer, apply));
            return;
        }
        Meters.summary(registry, "d2a.consumer.batch.size", "Records per batch polled from Kafka, by consumer", "consumer", consumer).record(records.size());
        unreadable.forEach(record -> consume(record, consumer, apply));
    }

    private void consumeOnce(ConsumerRecord<String, byte[]> record, String consumer, Consumer<EventEnvelope<D2aEvent>> apply) {
        try {
            intake.consume(record, consumer, apply);
        } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw e;
            }
            LOG.errorf(e, "%s cannot apply %s-%d@%d; dead-lettering it", consumer, record.topic(), record.partition(), record.offset());
            deadLetters.send(record, record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), consumer, e);
            Meters.counter(registry, "d2a.consumer.dead.letters", ConsumerMeters.DEAD_LETTERS, "consumer", consumer).increment();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry a record", e);
        }
    }
}
