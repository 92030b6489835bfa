package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.kafka.SerializedEvent;
import org.d2aflow.metrics.domain.cells.Ascof2dAssembler;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.CellValue;
import org.d2aflow.metrics.domain.cells.ReferralContributions;
import org.d2aflow.metrics.domain.cells.ServiceContributions;
import org.d2aflow.metrics.infrastructure.streams.BoundedRocksDb;
import org.d2aflow.metrics.infrastructure.streams.CellCodec;
import org.d2aflow.metrics.infrastructure.streams.CellsUpdater;
import org.d2aflow.metrics.infrastructure.streams.FactsTopology;
import org.d2aflow.metrics.infrastructure.streams.RecordedBuckets;
import org.d2aflow.metrics.infrastructure.streams.ServiceCellsUpdater;
import org.d2aflow.metrics.infrastructure.streams.StoreCellPartials;
import org.d2aflow.metrics.infrastructure.streams.StreamsTopics;
import org.d2aflow.metrics.query.CellFigures;
import org.d2aflow.metrics.query.CellPartials;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cells stores of the real topology against the reference (STREAMS.md sections 3, 4 and 10e): the seeded histories of
 * {@link DischargeCellsMatchReferenceTest} (late entries, corrections, voids, withdrawals, follow-ups), published as the
 * services publish them (CloudEvents binary mode, keyed by stream id) on the three topics, shuffled and every third event
 * twice, through a {@code TopologyTestDriver} (exactly_once_v2, RocksDB under target/), with day and hour buckets. Then:
 * <ul>
 * <li>the invariant of section 3: for every bucket the log has, the sum of the stored cells of the buckets up to it is
 * {@code Σ of(facts, end(bucket))}, on both sides (the referral side's {@code cells} against the referrals'
 * contributions, the service side's {@code service-cells} against the services');</li>
 * <li>the read of section 4: every figure {@link CellsTwin#FIGURES} lists but ascof-2d (its person side is not in the
 * topology yet, STREAMS.md 10g), every breakdown, both options where read, four
 * periods, as known at the instants of the differential test (a quarter, half, three quarters and all of the log and a
 * microsecond before each), at events, a microsecond before them, at a bucket's first microsecond and just before, inside
 * the newest bucket, and now: the {@code FigureJson} bytes, drill-down included, equal the reference's
 * ({@link FigureEngine} over the {@link LogFacts} of the same envelopes).</li>
 * </ul>
 */
class StreamingCellsMatchReferenceTest {

    private static final FigureEngine ENGINE = new FigureEngine();
    /** The figures whose cells the stores keep: all but ascof-2d, whose person side (STREAMS.md 10g) is not in the topology yet. */
    private static final List<String> STORED = CellsTwin.FIGURES.stream().filter(f -> !f.equals(Ascof2dAssembler.ASCOF_2D)).toList();

    static Stream<Arguments> histories() {
        return Stream.of(Arguments.of(1L, Duration.ofDays(1)), Arguments.of(2L, Duration.ofHours(1)));
    }

    @ParameterizedTest(name = "seed {0}, buckets of {1}")
    @MethodSource("histories")
    void theStoresPrintTheReferenceBytes(long seed, Duration bucketSize) {
        RecordedBuckets buckets = new RecordedBuckets(bucketSize);
        List<EventEnvelope<? extends D2aEvent>> log = DischargeCellsMatchReferenceTest.seededHistory(seed);
        LogFacts full = TestLog.factsOf(log);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        long started = System.nanoTime();
        try (TopologyTestDriver driver = driver(buckets, registry)) {
            for (EventEnvelope<? extends D2aEvent> e : AsKnownAtPropertyTest.redelivered(log, seed)) {
                SerializedEvent s = CloudEventHeaders.serialize(e);
                driver.createInputTopic(s.topic(), new StringSerializer(), new ByteArraySerializer())
                        .pipeInput(new TestRecord<>(s.key(), s.value(), new RecordHeaders(s.kafkaHeaders()), e.time()));
            }
            // late arrivals happened and rewrote timelines: the case this test is about
            assertThat(registry.get("d2a.metrics.timeline.rewrites").counter().count()).isPositive();

            long delivered = System.nanoTime();
            checkTheInvariant(driver, buckets, log, full);
            long checked = System.nanoTime();

            KeyValueStore<Bytes, byte[]> cells = driver.getKeyValueStore(CellsUpdater.CELLS);
            KeyValueStore<Bytes, byte[]> members = driver.getKeyValueStore(CellsUpdater.MEMBERS);
            KeyValueStore<Bytes, byte[]> changes = driver.getKeyValueStore(CellsUpdater.CHANGES);
            KeyValueStore<String, byte[]> facts = driver.getKeyValueStore(FactsTopology.REFERRAL_FACTS);
            StoreCellPartials.Stores stores = new StoreCellPartials.Stores(cells, members, changes, facts);
            StoreCellPartials.ServiceStores serviceStores = new StoreCellPartials.ServiceStores(driver.getKeyValueStore(ServiceCellsUpdater.SERVICE_CELLS),
                    driver.getKeyValueStore(ServiceCellsUpdater.SERVICE_CHANGES), driver.getKeyValueStore(FactsTopology.SERVICE_FACTS));
            Memo partials = new Memo(new StoreCellPartials(buckets, () -> List.of(stores), () -> List.of(serviceStores)));
            CellFigures figures = new CellFigures(CellsTwin.ASSEMBLERS, partials);

            for (Instant t : instants(log, buckets, seed)) {
                partials.memo.clear();
                for (FigureQuery q : DischargeCellsMatchReferenceTest.queries(t)) {
                    for (String figure : STORED) {
                        if (DischargeCellsMatchReferenceTest.skips(figure, q)) {
                            continue;
                        }
                        Figure reference = ENGINE.compute(figure, full, q);
                        CellsTwin.assertSame("stores as known at " + t, figure, q, reference, figures.figure(figure, q, true));
                        if (t.equals(Queries.LATER)) {
                            CellsTwin.assertSame("stores as known now", figure, q, reference, figures.figureNow(figure, q, true));
                        }
                    }
                }
            }
            System.out.printf("StreamingCellsMatchReferenceTest seed %d, buckets of %s: %d deliveries in %d ms, invariant in %d ms, figures in %d ms%n",
                    seed, bucketSize, log.size() * 4 / 3, (delivered - started) / 1_000_000, (checked - delivered) / 1_000_000,
                    (System.nanoTime() - checked) / 1_000_000);
        }
    }

    /**
     * For every bucket of the log: Σ of the stored cells of the buckets up to it = Σ of(facts, end(bucket)), over the referrals
     * (the referral side's store) and over the services (the service side's).
     */
    private static void checkTheInvariant(TopologyTestDriver driver, RecordedBuckets buckets, List<EventEnvelope<? extends D2aEvent>> log,
            LogFacts full) {
        checkTheInvariant(driver, CellsUpdater.CELLS, buckets, log, at -> {
            TreeMap<CellKey, CellValue> sum = new TreeMap<>();
            full.referrals().forEach(r -> ReferralContributions.of(r, at).addTo(sum));
            return sum;
        });
        checkTheInvariant(driver, ServiceCellsUpdater.SERVICE_CELLS, buckets, log, at -> {
            TreeMap<CellKey, CellValue> sum = new TreeMap<>();
            full.services().forEach(s -> ServiceContributions.of(s, at).addTo(sum));
            return sum;
        });
    }

    private static void checkTheInvariant(TopologyTestDriver driver, String store, RecordedBuckets buckets, List<EventEnvelope<? extends D2aEvent>> log,
            Function<Instant, Map<CellKey, CellValue>> asKnownAt) {
        TreeMap<Long, List<Map.Entry<CellKey, CellValue>>> stored = new TreeMap<>();
        KeyValueStore<Bytes, byte[]> cells = driver.getKeyValueStore(store);
        try (KeyValueIterator<Bytes, byte[]> it = cells.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> e = it.next();
                CellCodec.BucketedCell k = CellCodec.cellKey(e.key);
                stored.computeIfAbsent(k.bucket(), b -> new ArrayList<>()).add(Map.entry(k.key(), CellCodec.cellValue(e.value)));
            }
        }
        TreeSet<Long> boundaries = new TreeSet<>();
        log.forEach(e -> boundaries.add(buckets.of(e.time())));
        assertThat(stored.keySet()).isSubsetOf(boundaries);
        TreeMap<CellKey, CellValue> sum = new TreeMap<>();
        for (long b : boundaries) {
            stored.getOrDefault(b, List.of()).forEach(e -> sum.merge(e.getKey(), e.getValue(), CellValue::plus));
            sum.values().removeIf(CellValue::isZero);
            assertThat(sum).as("%s of the buckets up to %d (ending %s)", store, b, buckets.end(b)).isEqualTo(asKnownAt.apply(buckets.end(b)));
        }
        assertThat(sum).as(store + " of every bucket").isNotEmpty().isEqualTo(asKnownAt.apply(ReferralContributions.ALWAYS));
    }

    /** The differential test's instants, plus events and a microsecond before, bucket starts and just before, the newest bucket. */
    private static List<Instant> instants(List<EventEnvelope<? extends D2aEvent>> log, RecordedBuckets buckets, long seed) {
        TreeSet<Instant> out = new TreeSet<>(AsKnownAtPropertyTest.instants(log));
        Random random = new Random(seed);
        List<Instant> times = log.stream().map(e -> e.time().truncatedTo(ChronoUnit.MICROS)).sorted().toList();
        for (int i = 0; i < 2; i++) {
            Instant t = times.get(random.nextInt(times.size()));
            out.add(t);
            out.add(t.minus(1, ChronoUnit.MICROS));
            Instant start = buckets.start(buckets.of(t));
            out.add(start);
            out.add(start.minus(1, ChronoUnit.MICROS));
        }
        Instant newest = times.get(times.size() - 1);
        Instant newestStart = buckets.start(buckets.of(newest));
        out.add(newestStart.plus(Duration.between(newestStart, newest).dividedBy(2))); // inside the newest bucket, before its last event
        out.add(newest.plus(1, ChronoUnit.MICROS));
        return List.copyOf(out);
    }

    private static TopologyTestDriver driver(RecordedBuckets buckets, SimpleMeterRegistry registry) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "streaming-cells-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target/kafka-streams-ttd", UUID.randomUUID().toString()).toAbsolutePath().toString());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        return new TopologyTestDriver(FactsTopology.build(StreamsTopics.EVENT_LOG, 3, CellsUpdater.hooks(buckets, registry), registry), p);
    }

    /**
     * The partials of one instant's queries, each read once (many figures share a family, dimension and period): the cells
     * per request, the drill-down candidates per family and period (they do not depend on the dimension).
     */
    private static final class Memo implements CellPartials {
        final Map<Request, Partial> memo = new HashMap<>();
        final CellPartials reads;

        Memo(CellPartials reads) {
            this.reads = reads;
        }

        @Override
        public Partial fetch(Request r) {
            Partial cells = memo.computeIfAbsent(new Request(r.family(), r.dimensions(), r.from(), r.to(), r.asKnownAt(), false), reads::fetch);
            if (!r.drillDown()) {
                return cells;
            }
            Partial candidates = memo.computeIfAbsent(new Request(r.family(), Set.of(), r.from(), r.to(), r.asKnownAt(), true), reads::fetch);
            return new Partial(cells.cells(), candidates.candidates());
        }
    }
}
