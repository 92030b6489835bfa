package org.d2aflow.metrics.infrastructure.streams;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.d2aflow.metrics.domain.LoggedFact;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.CellValue;
import org.d2aflow.metrics.domain.cells.Contribution;
import org.d2aflow.metrics.domain.cells.ReferralContributions;

/**
 * Keeps the referral side's {@value #CELLS}, {@value #MEMBERS} and {@value #CHANGES} stores in the task of the referral's
 * facts (STREAMS.md sections 3 and 10e), from each event applied: the hook of sub-topology R.
 *
 * <p>The invariant: for every recorded-time bucket boundary {@code b}, the sum of a referral's cells over the buckets up to
 * {@code b} is {@code ReferralContributions.of(facts, end(b))}. An event recorded at {@code t} changes what is known from
 * {@code t} on, so the increments of {@code bucket(t)} and of every later bucket the referral has facts in are rewritten:
 * with {@code D(b) = of(after, end(b)) − of(before, end(b))}, bucket {@code b} moves by {@code D(b) − D(previous)} (the usual
 * case, {@code t} in the referral's newest bucket, is one bucket). A late arrival, one that rewrote more than one bucket,
 * counts in {@code d2a.metrics.timeline.rewrites}.
 *
 * <p>{@value #MEMBERS} gets every (family, business day) of the referral's contribution as known at each of its recorded
 * times from {@code t} on (never removed), and {@value #CHANGES} the entry (bucket of {@code t}, {@code t}, referral).
 */
public final class CellsUpdater implements ReferralFactsChanged {

    public static final String CELLS = "cells";
    public static final String MEMBERS = "members";
    public static final String CHANGES = "changes";

    private final RecordedBuckets buckets;
    private final Counter rewrites;
    private KeyValueStore<Bytes, byte[]> cells;
    private KeyValueStore<Bytes, byte[]> members;
    private KeyValueStore<Bytes, byte[]> changes;

    public CellsUpdater(RecordedBuckets buckets, MeterRegistry registry) {
        this.buckets = buckets;
        this.rewrites = rewrites(registry);
    }

    /** {@code d2a.metrics.timeline.rewrites}: late arrivals of either side (referral or service cells). */
    static Counter rewrites(MeterRegistry registry) {
        return Counter.builder("d2a.metrics.timeline.rewrites")
                .description("Events recorded before a later bucket of their referral's or service's cells, which rewrote the increments of the buckets since")
                .register(registry);
    }

    /**
     * The topology's hooks: this one on the referral side, {@link ServiceCellsUpdater} on the service side (and the fact change
     * counters of {@link FactsTopology.Hooks#counting}).
     */
    public static FactsTopology.Hooks hooks(RecordedBuckets buckets, MeterRegistry registry) {
        FactsTopology.Hooks counting = FactsTopology.Hooks.counting(registry);
        return new FactsTopology.Hooks(() -> {
            ReferralFactsChanged counted = counting.referral().get();
            CellsUpdater cells = new CellsUpdater(buckets, registry);
            return new ReferralFactsChanged() {
                @Override
                public void init(ProcessingContext context) {
                    cells.init(context);
                }

                @Override
                public void changed(String referralId, ReferralFacts before, ReferralFacts after, Instant recordedAt) {
                    counted.changed(referralId, before, after, recordedAt);
                    cells.changed(referralId, before, after, recordedAt);
                }
            };
        }, () -> new ServiceCellsUpdater(buckets, registry, counting.service().get()), stores(), ServiceCellsUpdater.stores());
    }

    /** The three stores: persistent RocksDB, changelogged, behind the record cache. */
    public static List<StoreBuilder<?>> stores() {
        return List.of(store(CELLS), store(MEMBERS), store(CHANGES));
    }

    static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled();
    }

    @Override
    public void init(ProcessingContext context) {
        cells = context.getStateStore(CELLS);
        members = context.getStateStore(MEMBERS);
        changes = context.getStateStore(CHANGES);
    }

    @Override
    public void changed(String referralId, ReferralFacts before, ReferralFacts after, Instant recordedAt) {
        TreeSet<Instant> since = since(after.history(), recordedAt);
        rewrite(cells, buckets, since, rewrites,
                end -> ReferralContributions.of(after, end).minus(before == null ? Contribution.EMPTY : ReferralContributions.of(before, end)));
        for (Instant t : since) {
            for (CellKey k : ReferralContributions.of(after, t).cells().keySet()) {
                Bytes member = CellCodec.memberKey(k.family(), k.businessDay(), referralId);
                if (members.get(member) == null) {
                    members.put(member, CellCodec.nothing());
                }
            }
        }
        changes.put(CellCodec.changeKey(buckets.of(recordedAt), recordedAt, referralId), CellCodec.nothing());
    }

    /** The entity's recorded times from the event's on (the event's included): what the event changes. */
    static TreeSet<Instant> since(List<LoggedFact> history, Instant recordedAt) {
        TreeSet<Instant> since = new TreeSet<>();
        since.add(recordedAt);
        for (LoggedFact f : history) {
            if (!f.recordedAt().isBefore(recordedAt)) {
                since.add(f.recordedAt());
            }
        }
        return since;
    }

    /**
     * Rewrites the increments of the buckets of {@code since}: with {@code D(b) = moved(end(b))} (the entity's contribution
     * after the event minus before, as known at the bucket's end), bucket {@code b} moves by {@code D(b) − D(previous)}.
     * More than one bucket is a late arrival, counted.
     */
    static void rewrite(KeyValueStore<Bytes, byte[]> cells, RecordedBuckets buckets, TreeSet<Instant> since, Counter rewrites,
            Function<Instant, Contribution> moved) {
        TreeSet<Long> rewritten = new TreeSet<>();
        since.forEach(t -> rewritten.add(buckets.of(t)));
        if (rewritten.size() > 1) {
            rewrites.increment();
        }
        Contribution previous = Contribution.EMPTY;
        for (long bucket : rewritten) {
            Contribution d = moved.apply(buckets.end(bucket));
            add(cells, d.minus(previous), bucket);
            previous = d;
        }
    }

    private static void add(KeyValueStore<Bytes, byte[]> cells, Contribution delta, long bucket) {
        for (Map.Entry<CellKey, CellValue> e : delta.cells().entrySet()) {
            Bytes key = CellCodec.cellKey(e.getKey(), bucket);
            byte[] stored = cells.get(key);
            CellValue sum = stored == null ? e.getValue() : CellCodec.cellValue(stored).plus(e.getValue());
            if (sum.isZero()) {
                cells.delete(key);
            } else {
                cells.put(key, CellCodec.cellValue(sum));
            }
        }
    }
}
