package org.d2aflow.metrics.infrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.returns.ReturnEvent;
import org.d2aflow.contracts.returns.ReturnSubmitted;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The d2a.returns topic: where each submission of a national return is written (the only store the service has for them,
 * acks from all in-sync replicas) and read back from offset 0.
 */
@ApplicationScoped
public class ReturnsLog {

    static final String SOURCE = "/d2a/metrics-service";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProducer<String, EventEnvelope<?>> producer;

    /** Every submission on the topic, in the order written per return. */
    public List<EventEnvelope<ReturnSubmitted>> readAll(Duration timeout) {
        return TopicReplay.readAll(bootstrapServers, Topics.RETURNS, "returns-restore", ReturnEvent.class, k -> true, timeout).stream()
                .filter(e -> e.event() instanceof ReturnSubmitted).map(e -> e.narrow(ReturnSubmitted.class)).toList();
    }

    /** Writes one submission and waits (at most 15 s) for the broker to have it. */
    public void write(ReturnSubmitted event, Instant time, long version, String id) throws Exception {
        EventEnvelope<ReturnSubmitted> envelope = EventEnvelope.of(id, SOURCE, time, version, event);
        producer().send(new ProducerRecord<>(Topics.RETURNS, envelope.subject(), envelope)).get(15, TimeUnit.SECONDS);
    }

    private synchronized KafkaProducer<String, EventEnvelope<?>> producer() {
        if (producer == null) {
            producer = EventProducers.cloudEvents(bootstrapServers, "returns-publisher", 10_000);
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
