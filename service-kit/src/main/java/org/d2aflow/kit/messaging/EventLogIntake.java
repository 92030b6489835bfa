package org.d2aflow.kit.messaging;

import org.d2aflow.kit.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
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

    /** Reads the record; a poison one is dead-lettered and gives empty. */
    public Optional<EventEnvelope<D2aEvent>> read(ConsumerRecord<String, byte[]> record, String consumer) {
        try {
            if (record.value() == null) {
                throw new org.d2aflow.contracts.MalformedEventException("the record has no value");
            }
            return Optional.of(CloudEventHeaders.deserialize(record.headers(), record.value(), TYPES));
        } catch (EventContractException | IllegalArgumentException | NullPointerException e) {
            deadLetters.send(record, record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), consumer, e);
            registry.counter("d2a.consumer.dead.letters", "consumer", consumer).increment();
            return Optional.empty();
        }
    }

    /**
     * Reads the record and, unless it is poison or was applied before, applies it in a new transaction that also
     * records its event id under {@code consumer}.
     */
    public void consume(ConsumerRecord<String, byte[]> record, String consumer, Consumer<EventEnvelope<D2aEvent>> apply) {
        read(record, consumer).ifPresent(envelope -> QuarkusTransaction.requiringNew().run(() -> {
            if (processed.firstDelivery(consumer, envelope.id())) {
                apply.accept(envelope);
                registry.counter("d2a.consumer.applied", "consumer", consumer).increment();
            } else {
                LOG.debugf("%s already applied %s", consumer, envelope.id());
            }
        }));
    }
}
