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
import org.d2aflow.kit.tracing.EventTracing;

import io.opentelemetry.api.trace.Tracer;

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

    @Inject
    Tracer tracer;

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
        List<ConsumerRecord<String, byte[]>> readable = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                envelopes.add(deserialize(record));
                readable.add(record);
            } catch (EventContractException | IllegalArgumentException | NullPointerException e) {
                unreadable.add(record);
            }
        }
        List<Integer> applied = QuarkusTransaction.requiringNew().call(() -> {
            java.util.Set<String> fresh = processed.firstDeliveries(consumer, envelopes.stream().map(EventEnvelope::id).toList());
            List<Integer> done = new ArrayList<>(envelopes.size());
            for (int i = 0; i < envelopes.size(); i++) {
                EventEnvelope<D2aEvent> envelope = envelopes.get(i);
                if (fresh.remove(envelope.id())) {
                    applyTraced(readable.get(i), consumer, envelope, apply);
                    done.add(i);
                } else {
                    LOG.debugf("%s already applied %s", consumer, envelope.id());
                }
            }
            return done;
        });
        Meters.counter(registry, "d2a.consumer.applied", ConsumerMeters.APPLIED, "consumer", consumer).increment(applied.size());
        for (int i : applied) {
            projected(readable.get(i).topic(), consumer, envelopes.get(i));
        }
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
                    applyTraced(record, consumer, envelope, apply);
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

    /**
     * Applies the event in a CONSUMER span, child of the trace context the record carries (the relay's PRODUCER span), and
     * current while it runs: the events the apply writes store it with their outbox rows, and its log lines carry it.
     */
    private void applyTraced(ConsumerRecord<String, byte[]> record, String consumer, EventEnvelope<D2aEvent> envelope,
            Consumer<EventEnvelope<D2aEvent>> apply) {
        EventTracing.within(EventTracing.consumerSpan(tracer, record, consumer), () -> {
            apply.accept(envelope);
            return null;
        });
    }
}
