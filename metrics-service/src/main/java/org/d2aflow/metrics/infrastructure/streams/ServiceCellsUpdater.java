package org.d2aflow.metrics.infrastructure.streams;

import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.d2aflow.metrics.domain.ServiceFacts;
import org.d2aflow.metrics.domain.cells.Contribution;
import org.d2aflow.metrics.domain.cells.ServiceContributions;

/**
 * The service side of {@link CellsUpdater} (STREAMS.md sections 3 and 10e), the hook of sub-topology S: keeps the
 * {@code SERVICE_DAY} cells in {@value #SERVICE_CELLS} (same {@link CellCodec}, same recorded-time buckets) and the exact
 * tail's index in {@value #SERVICE_CHANGES} (bucket of {@code t}, {@code t}, service id), in the task of the service's facts.
 * The invariant is the referral side's: for every bucket boundary {@code b}, the sum of a service's cells over the buckets up
 * to {@code b} is {@code ServiceContributions.of(facts, end(b))}; a late arrival rewrites the later buckets. No
 * {@code members}: the drill-down of capacity-demand lists referrals (the referral side's DECISION and PLACEMENT_END).
 */
public final class ServiceCellsUpdater implements ServiceFactsChanged {

    public static final String SERVICE_CELLS = "service-cells";
    public static final String SERVICE_CHANGES = "service-changes";

    private final RecordedBuckets buckets;
    private final Counter rewrites;
    private final ServiceFactsChanged next;
    private KeyValueStore<Bytes, byte[]> cells;
    private KeyValueStore<Bytes, byte[]> changes;

    /** @param next told of each change after the cells are written (the fact change counter of {@link FactsTopology.Hooks#counting}) */
    public ServiceCellsUpdater(RecordedBuckets buckets, MeterRegistry registry, ServiceFactsChanged next) {
        this.buckets = buckets;
        this.rewrites = CellsUpdater.rewrites(registry);
        this.next = next;
    }

    /** The two stores: persistent RocksDB, changelogged, behind the record cache. */
    public static List<StoreBuilder<?>> stores() {
        return List.of(CellsUpdater.store(SERVICE_CELLS), CellsUpdater.store(SERVICE_CHANGES));
    }

    @Override
    public void init(ProcessingContext context) {
        cells = context.getStateStore(SERVICE_CELLS);
        changes = context.getStateStore(SERVICE_CHANGES);
    }

    @Override
    public void changed(String serviceId, ServiceFacts before, ServiceFacts after, Instant recordedAt) {
        CellsUpdater.rewrite(cells, buckets, CellsUpdater.since(after.history(), recordedAt), rewrites,
                end -> ServiceContributions.of(after, end).minus(before == null ? Contribution.EMPTY : ServiceContributions.of(before, end)));
        changes.put(CellCodec.changeKey(buckets.of(recordedAt), recordedAt, serviceId), CellCodec.nothing());
        next.changed(serviceId, before, after, recordedAt);
    }
}
