package org.d2aflow.metrics.escalation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.escalation.EscalationEvent;
import org.d2aflow.contracts.kafka.CloudEventDeserializer;
import org.d2aflow.metrics.infrastructure.EventProducers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The d2a.escalation topic: where level changes and acknowledgements are written (the audit, and the only store the
 * service has), and read back from offset 0 at start.
 */
@ApplicationScoped
public class EscalationLog {

    static final String SOURCE = "/d2a/metrics-service";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaProducer<String, EventEnvelope<?>> producer;

    /** Every escalation event of {@code system} on the topic, in the order written. */
    List<EventEnvelope<EscalationEvent>> readAll(String system, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "escalation-restore");
        List<EventEnvelope<EscalationEvent>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, EventEnvelope<D2aEvent>> c = new KafkaConsumer<>(p, new StringDeserializer(), new CloudEventDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(Topics.ESCALATION, timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("d2a.escalation not read to its end within " + timeout);
                }
                for (ConsumerRecord<String, EventEnvelope<D2aEvent>> r : c.poll(Duration.ofMillis(200))) {
                    if (system.equals(r.key()) && r.value() != null && r.value().event() instanceof EscalationEvent) {
                        out.add(r.value().narrow(EscalationEvent.class));
                    }
                }
            }
        }
        return out;
    }

    /** The broker's address (a method: this bean is reached through a proxy, whose fields are not its own). */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Writes one event and waits for the broker to have it. */
    void write(EscalationEvent event, java.time.Instant time, long version, String id) throws Exception {
        EventEnvelope<EscalationEvent> envelope = EventEnvelope.of(id, SOURCE, time, version, event);
        producer().send(new ProducerRecord<>(Topics.ESCALATION, envelope.subject(), envelope)).get(15, TimeUnit.SECONDS);
    }

    private synchronized KafkaProducer<String, EventEnvelope<?>> producer() {
        if (producer == null) {
            producer = EventProducers.cloudEvents(bootstrapServers, "escalation-publisher", 10_000);
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
