package org.d2aflow.metrics.streams;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Turns the feasibility topology on, with the settings the real one will use: exactly-once v2, RocksDB under
 * target/, replication factor 1 on the one-broker test stack, a fresh application id per run (a new id is also how a
 * rebuild starts from offset 0 next to the serving one).
 */
public class StreamsSpikeProfile implements QuarkusTestProfile {

    static final String APPLICATION_ID = "metrics-streams-spike-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("streams-spike.enabled", "true"),
                Map.entry("quarkus.kafka-streams.health.enabled", "true"),
                Map.entry("quarkus.kafka-streams.application-id", APPLICATION_ID),
                Map.entry("quarkus.kafka-streams.application-server", "127.0.0.1:18084"),
                Map.entry("quarkus.kafka-streams.topics", "d2a.referrals,d2a.placements,d2a.capacity"),
                Map.entry("kafka-streams.processing.guarantee", "exactly_once_v2"),
                Map.entry("kafka-streams.replication.factor", "1"),
                Map.entry("kafka-streams.commit.interval.ms", "100"),
                Map.entry("kafka-streams.num.standby.replicas", "0"),
                Map.entry("kafka-streams.num.stream.threads", "1"),
                Map.entry("kafka-streams.auto.offset.reset", "earliest"),
                Map.entry("kafka-streams.state.dir", "target/kafka-streams-spike"));
    }
}
