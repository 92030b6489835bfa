package org.d2aflow.metrics.infrastructure.streams;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service started with the Kafka Streams topology switched on (a start-up switch: the same build as every other test's),
 * next to the heap projection: exactly-once v2 (from
 * application.properties), RocksDB under target/, replication factor 1 on the one-broker test stack, a fresh application
 * id per run (a new id is also how a rebuild starts from offset 0 next to the serving one).
 */
public class StreamsOnProfile implements QuarkusTestProfile {

    static final String APPLICATION_ID = "metrics-facts-test-" + UUID.randomUUID().toString().substring(0, 8);
    static final String STATE_DIR = "target/kafka-streams-on";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry(StreamsTopologyProducer.SWITCH, "true"),
                Map.entry("quarkus.kafka-streams.application-id", APPLICATION_ID),
                Map.entry("quarkus.kafka-streams.application-server", "127.0.0.1:18084"),
                Map.entry("kafka-streams.replication.factor", "1"),
                Map.entry("kafka-streams.state.dir", STATE_DIR));
    }
}
