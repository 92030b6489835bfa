package org.d2aflow.metrics.infrastructure.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.kafka.SerializedEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.junit.jupiter.api.Test;

/**
 * The store gauges read the RocksDB property metrics Kafka Streams registers per store and task (tag
 * {@code rocksdb-state-id}), for every store of the topology, and the freshness timer counts each applied referral event.
 */
class StreamsMetersTest {

    private static final int REFERRALS = 200;

    @Test
    void everyStoreOfTheTopologyIsMeteredFromItsRocksDbPropertiesAndAppliedEventsAreTimed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Topology topology = FactsTopology.build(StreamsTopics.EVENT_LOG, 3, CellsUpdater.hooks(new RecordedBuckets(Duration.ofDays(1)), registry),
                registry);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "streams-meters-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target/kafka-streams-ttd", UUID.randomUUID().toString()).toAbsolutePath().toString());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, p)) {
            assertThat(StreamsMeters.stores(driver.metrics())).contains(FactsTopology.REFERRAL_FACTS,
                    FactsTopology.SERVICE_FACTS, CellsUpdater.CELLS, CellsUpdater.MEMBERS, CellsUpdater.CHANGES);
            assertThat(StreamsMeters.sum(driver.metrics(), FactsTopology.REFERRAL_FACTS, "estimate-num-keys")).isZero();
            double empty = StreamsMeters.sum(driver.metrics(), FactsTopology.REFERRAL_FACTS, "total-sst-files-size", "size-all-mem-tables");
            for (int i = 0; i < REFERRALS; i++) {
                String id = UUID.randomUUID().toString();
                EventEnvelope<D2aEvent> e = EventEnvelope.of(UUID.randomUUID().toString(), "/d2a/referral-service", Instant.now(), 1,
                        new ReferralSubmitted(id, "k" + id.replace("-", ""), 80, Sex.FEMALE, "East", "County Hospital",
                                LocalDate.of(2012, 4, 20), UsualResidence.PRIVATE_HOME));
                SerializedEvent s = CloudEventHeaders.serialize(e);
                driver.createInputTopic(s.topic(), new StringSerializer(), new ByteArraySerializer())
                        .pipeInput(new TestRecord<>(s.key(), s.value(), new RecordHeaders(s.kafkaHeaders()), e.time()));
            }
            // The test driver commits (and flushes the record cache) after each record.
            assertThat(StreamsMeters.sum(driver.metrics(), FactsTopology.REFERRAL_FACTS, "estimate-num-keys")).isEqualTo(REFERRALS);
            // An empty store already holds its memtable's first arena block; the facts of 200 referrals outgrow it.
            assertThat(StreamsMeters.sum(driver.metrics(), FactsTopology.REFERRAL_FACTS, "total-sst-files-size", "size-all-mem-tables"))
                    .isGreaterThan(empty);
            assertThat(StreamsMeters.sum(driver.metrics(), FactsTopology.SERVICE_FACTS, "estimate-num-keys")).isZero();
            assertThat(StreamsMeters.sum(driver.metrics(), "no-such-store", "estimate-num-keys")).isZero();
        }
        assertThat(registry.get("d2a.metrics.freshness").tag("stage", "cells").timer().count()).isEqualTo(REFERRALS);
    }
}
