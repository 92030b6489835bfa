package org.d2aflow.metrics.infrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;

/**
 * Writes the service's own records (escalation, returns submissions) to one of its topics, one at a time, each acknowledged by
 * all in-sync replicas before {@link #write} returns. The producer is made on first use (the broker's address is injected late).
 */
public final class OwnTopicProducer {

    /** The CloudEvents source of everything metrics-service writes. */
    public static final String SOURCE = "/d2a/metrics-service";

    private final String topic;
    private final String clientId;
    private final Supplier<String> bootstrapServers;
    private KafkaProducer<String, EventEnvelope<?>> producer;

    public OwnTopicProducer(String topic, String clientId, Supplier<String> bootstrapServers) {
        this.topic = topic;
        this.clientId = clientId;
        this.bootstrapServers = bootstrapServers;
    }

    /** Writes one event keyed by its stream id and waits (at most 15 s) for the broker to have it. */
    public void write(D2aEvent event, Instant time, long version, String id) throws Exception {
        EventEnvelope<D2aEvent> envelope = EventEnvelope.of(id, SOURCE, time, version, event);
        producer().send(new ProducerRecord<>(topic, envelope.subject(), envelope)).get(15, TimeUnit.SECONDS);
    }

    private synchronized KafkaProducer<String, EventEnvelope<?>> producer() {
        if (producer == null) {
            producer = EventProducers.cloudEvents(bootstrapServers.get(), clientId, 10_000);
        }
        return producer;
    }

    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
