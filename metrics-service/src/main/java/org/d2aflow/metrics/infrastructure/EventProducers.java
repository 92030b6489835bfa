package org.d2aflow.metrics.infrastructure;

import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.kafka.CloudEventSerializer;

/** The service's own producers of CloudEvents (figure snapshots, escalation): acks from all replicas, idempotent. */
public final class EventProducers {

    private EventProducers() {
    }

    /** A producer keyed by stream id; {@code send} blocks at most {@code maxBlockMs} for metadata or buffer space. */
    public static KafkaProducer<String, EventEnvelope<?>> cloudEvents(String bootstrapServers, String clientId, int maxBlockMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaProducer<>(p, new StringSerializer(), new CloudEventSerializer());
    }
}
