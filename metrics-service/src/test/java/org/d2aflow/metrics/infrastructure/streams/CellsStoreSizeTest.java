package org.d2aflow.metrics.infrastructure.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.kafka.SerializedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes per referral of the {@code cells}, {@code members} and {@code changes} stores (STREAMS.md section 10e), on
 * {@link FactLogSizeTest}'s generated history published through the real topology (TopologyTestDriver, day buckets); each
 * store's entries are then written to a RocksDB with LZ4, flushed and compacted, as there. Cells grow with days × groups,
 * not with referrals: the line says how many cells there were for how many business days.
 */
class CellsStoreSizeTest {

    private static final int REFERRALS = 500;

    @Test
    void measuresTheCellsStoresBytesPerReferral(@TempDir Path dir) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "cells-store-size-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        int[] events = {0};
        StringBuilder line = new StringBuilder("cells stores: " + REFERRALS + " referrals, day buckets;");
        try (TopologyTestDriver driver = new TopologyTestDriver(FactsTopology.build(StreamsTopics.EVENT_LOG, 3,
                CellsUpdater.hooks(new RecordedBuckets(Duration.ofDays(1)), registry), registry), p)) {
            FactLogSizeTest.history(REFERRALS, e -> {
                SerializedEvent s = CloudEventHeaders.serialize(e);
                driver.createInputTopic(s.topic(), new StringSerializer(), new ByteArraySerializer())
                        .pipeInput(new TestRecord<>(s.key(), s.value(), new RecordHeaders(s.kafkaHeaders()), e.time()));
                events[0]++;
            });
            long total = 0;
            for (String name : new String[] {CellsUpdater.CELLS, CellsUpdater.MEMBERS, CellsUpdater.CHANGES}) {
                KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(name);
                Map<byte[], byte[]> entries = new LinkedHashMap<>();
                long logical = 0;
                try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
                    while (it.hasNext()) {
                        KeyValue<Bytes, byte[]> e = it.next();
                        entries.put(e.key.get(), e.value);
                        logical += e.key.get().length + e.value.length;
                    }
                }
                long sst = FactLogSizeTest.sstBytes(dir.resolve(name + "-" + UUID.randomUUID()), entries);
                total += sst;
                line.append(String.format(" %s %d entries, %.1f B per referral as stored, %.1f B per referral on disk;", name, entries.size(),
                        logical / (double) REFERRALS, sst / (double) REFERRALS));
                assertThat(entries).as(name).isNotEmpty();
            }
            System.out.println(line.append(String.format(" together %.1f B per referral on disk (RocksDB SST, LZ4), %.1f events each",
                    total / (double) REFERRALS, events[0] / (double) REFERRALS)));
        }
    }
}
