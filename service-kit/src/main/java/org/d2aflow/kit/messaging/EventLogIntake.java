package org.d2aflow.kit.messaging;

import org.d2aflow.kit.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventContractException;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventTypes;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.d2aflow.kit.metrics.Meters;
import org.d2aflow.kit.metrics.ProjectionDelay;

/**
 * The front door of every event-log consumer. Channels receive raw records ({@code ByteArrayDeserializer});
 * this reads each as a CloudEvent, sends what cannot be read to the dead-letter topic, and applies what
 * can in one transaction together with the record of its event id, so that a redelivery changes nothing.
 *
 * <pre>{@code
 * @Incoming("referrals") @Blocking(ordered = true)
 * public void on(ConsumerRecord<String, byte[]> record) { intake.consume(record, "capacity.referrals", this::apply); }
 * }</pre>
 */
@ApplicationScoped
public class EventLogIntake {

    private static final Logger LOG = Logger.getLogger(EventLogIntake.class);
    private static final EventTypes TYPES = EventTypes.standard();

    @Inject
    ProcessedEvents processed;

    @Inject
    DeadLetters deadLetters;

    @Inject
    MeterRegistry registry;

    @Inject
    java.time.Clock clock;

    /** Reads the record; a poison one is dead-lettered and gives empty. */
    public Optional<EventEnvelope<D2aEvent>> read(ConsumerRecord<String, byte[]> record, String consumer) {
        try {
            return Optional.of(deserialize(record));
        } catch (EventContractException | IllegalArgumentException | NullPointerException e) {
            deadLetters.send(record, record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), consumer, e);
            Meters.counter(registry, "d2a.consumer.dead.letters", ConsumerMeters.DEAD_LETTERS, "consumer", consumer).increment();
            return Optional.empty();
        }
    }

    private static EventEnvelope<D2aEvent> deserialize(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new org.d2aflow.contracts.MalformedEventException("the record has no value");
        }
        return CloudEventHeaders.deserialize(record.headers(), record.value(), TYPES);
    }

    /**
     * Applies every readable record of a batch, in order, in one new transaction (each with the record of its event
     * id, as {@link #consume} does), and gives back the records that could not be read, untouched: the caller sends
     * them to the dead-letter topic once this has committed. If anything throws, the whole transaction rolls back and
     * nothing of the batch is applied.
     */
    public List<ConsumerRecord<String, byte[]>> consumeTogether(List<ConsumerRecord<String, byte[]>> records, String consumer,
            Consumer<EventEnvelope<D2aEvent>> apply) {
        List<ConsumerRecord<String, byte[]>> unreadable = new ArrayList<>();
        List<EventEnvelope<D2aEvent>> envelopes = new ArrayList<>(records.size());
        java.util.Map<String, String> topics = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                EventEnvelope<D2aEvent> envelope = deserialize(record);
                envelopes.add(envelope);
                topics.put(envelope.id(), record.topic());
            } catch (EventContractException | IllegalArgumentException | NullPointerException e) {
                unreadable.add(record);
            }
        }
        List<EventEnvelope<D2aEvent>> applied = QuarkusTransaction.requiringNew().call(() -> {
            java.util.Set<String> fresh = processed.firstDeliveries(consumer, envelopes.stream().map(EventEnvelope::id).toList());
            List<EventEnvelope<D2aEvent>> done = new ArrayList<>(envelopes.size());
            for (EventEnvelope<D2aEvent> envelope : envelopes) {
                if (fresh.remove(envelope.id())) {
                    apply.accept(envelope);
                    done.add(envelope);
                } else {
                    LOG.debugf("%s already applied %s", consumer, envelope.id());
                }
            }
            return done;
        });
        Meters.counter(registry, "d2a.consumer.applied", ConsumerMeters.APPLIED, "consumer", consumer).increment(applied.size());
        applied.forEach(envelope -> projected(topics.get(envelope.id()), consumer, envelope));
        return unreadable;
    }

    /**
     * Reads the record and, unless it is poison or was applied before, applies it in a new transaction that also
     * records its event id under {@code consumer}.
     */
    public void consume(ConsumerRecord<String, byte[]> record, String consumer, Consumer<EventEnvelope<D2aEvent>> apply) {
        read(record, consumer).ifPresent(envelope -> {
            boolean applied = QuarkusTransaction.requiringNew().call(() -> {
                if (processed.firstDelivery(consumer, envelope.id())) {
                    apply.accept(envelope);
                    return true;
                }
                LOG.debugf("%s already applied %s", consumer, envelope.id());
                return false;
            });
            if (applied) {
                Meters.counter(registry, "d2a.consumer.applied", ConsumerMeters.APPLIED, "consumer", consumer).increment();
                projected(record.topic(), consumer, envelope);
            }
        });
    }

    /** Records, once its transaction has committed, how long after its recording the event was applied here. */
    private void projected(String topic, String consumer, EventEnvelope<D2aEvent> envelope) {
        ProjectionDelay.record(registry, consumer, topic, envelope.time(), clock.instant());
    }
}
