package org.d2aflow.kit.messaging;

import org.d2aflow.kit.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link EventLogIntake} plus what to do when applying a readable event fails, so that a channel never dies
 * on one record: a transient failure (database or broker away, lock conflict) is retried with backoff, in
 * order, until it passes; any other failure means this code cannot apply the record, which then goes to the
 * dead-letter topic like an unreadable one.
 */
@ApplicationScoped
public class GuardedIntake {

    private static final Logger LOG = Logger.getLogger(GuardedIntake.class);
    private static final long FIRST_BACKOFF_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    @Inject
    EventLogIntake intake;

    @Inject
    DeadLetters deadLetters;

    @Inject
    MeterRegistry registry;

    public void consume(ConsumerRecord<String, byte[]> record, String consumer, Consumer<EventEnvelope<D2aEvent>> apply) {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                consumeOnce(record, consumer, apply);
                return;
            } catch (RuntimeException e) {
                // Transient, or the dead-letter topic itself out of reach: the record must be seen again, not skipped.
                registry.counter("d2a.consumer.retries", "consumer", consumer).increment();
                LOG.warnf("%s could not apply %s-%d@%d yet, retrying in %d ms: %s", consumer, record.topic(), record.partition(),
                        record.offset(), backoff, e.toString());
                pause(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
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
            registry.counter("d2a.consumer.dead.letters", "consumer", consumer).increment();
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
