package org.d2aflow.metrics.infrastructure.streams;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ServiceFacts;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.CellValue;
import org.d2aflow.metrics.domain.cells.Contribution;
import org.d2aflow.metrics.domain.cells.Dimension;
import org.d2aflow.metrics.domain.cells.Family;
import org.d2aflow.metrics.domain.cells.ReferralContributions;
import org.d2aflow.metrics.domain.cells.ServiceContributions;
import org.d2aflow.metrics.query.CellPartials;

/**
 * The cells read from the stores of {@link CellsUpdater} (referral side) and, for {@link Family#SERVICE_DAY}, of
 * {@link ServiceCellsUpdater} (service side) (STREAMS.md section 4), partition by partition, the same rule on both sides:
 * <pre>answer(T) = Σ cells with bucket &lt; bucket(T) + Σ over the referrals in changes[bucket(T), ≤ T]: of(facts, T) − of(facts, start(bucket(T)) − 1 µs)</pre>
 * ("as known now": every bucket, no tail), and for a drill-down the {@code members} of the days, each {@code of(facts, T)}.
 * The subtraction is of what was known just before the bucket, the boundary the cells' invariant holds at (a fact recorded
 * exactly at the bucket's start is in the tail).
 *
 * <p>Reads use the classic per-partition store ({@code KafkaStreams.store(StoreQueryParameters...withPartition(p))}), not
 * IQv2, whose queries deadlock with the stream thread's writes on Kafka Streams 4.1.2 (KAFKA-19629, section 5). Every
 * iterator is closed (it holds a RocksDB snapshot).
 */
public final class StoreCellPartials implements CellPartials {

    /** One partition's stores (task R_p): the three of {@link CellsUpdater} and the referral facts. */
    public record Stores(ReadOnlyKeyValueStore<Bytes, byte[]> cells, ReadOnlyKeyValueStore<Bytes, byte[]> members,
            ReadOnlyKeyValueStore<Bytes, byte[]> changes, ReadOnlyKeyValueStore<String, byte[]> facts) {
    }

    /** One partition's service-side stores (task S_p): the two of {@link ServiceCellsUpdater} and the service facts. */
    public record ServiceStores(ReadOnlyKeyValueStore<Bytes, byte[]> cells, ReadOnlyKeyValueStore<Bytes, byte[]> changes,
            ReadOnlyKeyValueStore<String, byte[]> facts) {
    }

    private final RecordedBuckets buckets;
    private final Supplier<List<Stores>> partitions;
    private final Supplier<List<ServiceStores>> servicePartitions;

    /**
     * @param partitions        the referral side's stores of each partition to read, asked afresh at each fetch
     * @param servicePartitions the service side's (the capacity topic's partitions), read for {@link Family#SERVICE_DAY}
     */
    public StoreCellPartials(RecordedBuckets buckets, Supplier<List<Stores>> partitions, Supplier<List<ServiceStores>> servicePartitions) {
        this.buckets = buckets;
        this.partitions = partitions;
        this.servicePartitions = servicePartitions;
    }

    /**
     * The partitions of a running Kafka Streams client that it holds active (the classic store facade serves those only):
     * {@code partitions} of the referral-keyed topics (task R), {@code servicePartitions} of the capacity topic (task S).
     */
    public static StoreCellPartials local(KafkaStreams streams, RecordedBuckets buckets, Collection<Integer> partitions,
            Collection<Integer> servicePartitions) {
        return new StoreCellPartials(buckets, () -> {
            List<Stores> out = new ArrayList<>();
            for (int p : partitions) {
                out.add(new Stores(store(streams, CellsUpdater.CELLS, p), store(streams, CellsUpdater.MEMBERS, p),
                        store(streams, CellsUpdater.CHANGES, p), store(streams, FactsTopology.REFERRAL_FACTS, p)));
            }
            return out;
        }, () -> {
            List<ServiceStores> out = new ArrayList<>();
            for (int p : servicePartitions) {
                out.add(new ServiceStores(store(streams, ServiceCellsUpdater.SERVICE_CELLS, p), store(streams, ServiceCellsUpdater.SERVICE_CHANGES, p),
                        store(streams, FactsTopology.SERVICE_FACTS, p)));
            }
            return out;
        });
    }

    private static <K> ReadOnlyKeyValueStore<K, byte[]> store(KafkaStreams streams, String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, byte[]>keyValueStore()).withPartition(partition));
    }

    @Override
    public Partial fetch(Request request) {
        Partial sum = Partial.EMPTY;
        if (request.family() == Family.SERVICE_DAY) {
            for (ServiceStores s : servicePartitions.get()) {
                sum = sum.plus(read(s, buckets, request));
            }
            return sum;
        }
        for (Stores s : partitions.get()) {
            sum = sum.plus(read(s, buckets, request));
        }
        return sum;
    }

    /** One partition's partial of the service side (no drill-down: capacity-demand lists referrals, from the referral side). */
    public static Partial read(ServiceStores s, RecordedBuckets buckets, Request r) {
        return new Partial(cells(s.cells(), s.changes(), buckets, r, id -> {
            byte[] log = s.facts().get(id);
            if (log == null) {
                throw new IllegalStateException("service " + id + " is indexed in the cells stores but has no facts");
            }
            ServiceFacts facts = FactLog.serviceFacts(id, FactLog.envelopes(log));
            return at -> ServiceContributions.of(facts, at);
        }), new TreeMap<>());
    }

    /** One partition's partial. */
    public static Partial read(Stores s, RecordedBuckets buckets, Request r) {
        TreeMap<CellKey, CellValue> cells = cells(s.cells(), s.changes(), buckets, r, id -> {
            ReferralFacts facts = facts(s, id);
            return at -> ReferralContributions.of(facts, at);
        });
        TreeMap<String, Contribution> candidates = new TreeMap<>();
        if (r.drillDown()) {
            Instant at = r.asKnownAt() == null ? ReferralContributions.ALWAYS : r.asKnownAt();
            for (String id : ids(s.members(), CellCodec.memberRange(r.family(), r.from(), r.to()), CellCodec::memberReferral)) {
                candidates.put(id, ReferralContributions.of(facts(s, id), at));
            }
        }
        return new Partial(cells, candidates);
    }

    /**
     * Σ of the requested cells with bucket &lt; bucket(T), plus for each entity of {@code changes[bucket(T), ≤ T]} its
     * contribution at T minus just before the bucket ({@code contributionOf}: entity id → its contribution as known at an
     * instant), restricted to the request; as known now (T null): every bucket, no tail.
     */
    private static TreeMap<CellKey, CellValue> cells(ReadOnlyKeyValueStore<Bytes, byte[]> stored, ReadOnlyKeyValueStore<Bytes, byte[]> changes,
            RecordedBuckets buckets, Request r, Function<String, Function<Instant, Contribution>> contributionOf) {
        Instant t = r.asKnownAt();
        Long tailBucket = t == null ? null : buckets.of(t);
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        for (Dimension d : r.dimensions()) {
            Bytes[] range = CellCodec.cellRange(r.family(), d, r.from(), r.to());
            try (KeyValueIterator<Bytes, byte[]> it = stored.range(range[0], range[1])) {
                while (it.hasNext()) {
                    KeyValue<Bytes, byte[]> e = it.next();
                    CellCodec.BucketedCell k = CellCodec.cellKey(e.key);
                    if (tailBucket == null || k.bucket() < tailBucket) {
                        cells.merge(k.key(), CellCodec.cellValue(e.value), CellValue::plus);
                    }
                }
            }
        }
        cells.values().removeIf(CellValue::isZero);
        if (tailBucket != null) {
            Instant before = buckets.start(tailBucket).minus(1, ChronoUnit.MICROS);
            for (String id : ids(changes, CellCodec.changeRange(tailBucket, t), CellCodec::changeReferral)) {
                Function<Instant, Contribution> of = contributionOf.apply(id);
                Contribution tail = of.apply(t).minus(of.apply(before));
                TreeMap<CellKey, CellValue> wanted = new TreeMap<>();
                tail.cells().forEach((k, v) -> {
                    if (r.wants(k)) {
                        wanted.put(k, v);
                    }
                });
                new Contribution(wanted).addTo(cells);
            }
        }
        return cells;
    }

    private static TreeSet<String> ids(ReadOnlyKeyValueStore<Bytes, byte[]> index, Bytes[] range, Function<Bytes, String> idOf) {
        TreeSet<String> out = new TreeSet<>();
        try (KeyValueIterator<Bytes, byte[]> it = index.range(range[0], range[1])) {
            while (it.hasNext()) {
                out.add(idOf.apply(it.next().key));
            }
        }
        return out;
    }

    private static ReferralFacts facts(Stores s, String referralId) {
        byte[] log = s.facts().get(referralId);
        if (log == null) {
            throw new IllegalStateException("referral " + referralId + " is indexed in the cells stores but has no facts");
        }
        return FactLog.referralFacts(referralId, FactLog.envelopes(log));
    }
}
