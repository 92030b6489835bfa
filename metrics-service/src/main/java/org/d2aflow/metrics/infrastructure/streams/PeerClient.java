package org.d2aflow.metrics.infrastructure.streams;

import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.streams.state.HostInfo;
import org.d2aflow.metrics.query.CellPartials;

/**
 * How {@link FabricCellPartials} asks another instance for the merged partial of partitions it holds active: over HTTP in the
 * service ({@link HttpPeerClient}, {@code GET /internal/partials}), in process in the broker test. The future fails (with
 * {@link org.d2aflow.metrics.query.PeerPartials.NotHeld} when the peer says it does not hold them, with anything else when it
 * cannot be reached or answers nonsense); either way the fabric retries with fresh metadata.
 */
public interface PeerClient {

    CompletableFuture<PartialsCodec.Answer> fetch(HostInfo host, CellPartials.Request request, SortedSet<Integer> partitions,
            SortedSet<Integer> servicePartitions);
}
