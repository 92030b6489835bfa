package org.d2aflow.metrics.infrastructure.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.d2aflow.metrics.query.CellPartials;
import org.d2aflow.metrics.query.FiguresUnavailable;
import org.d2aflow.metrics.query.PartialsUnavailable;

/**
 * The {@link CellPartials} a serving instance answers figures with (STREAMS.md sections 5 and 10f): the query fabric
 * ({@link FabricCellPartials}: every partition, this instance's read locally, the others' asked of their active holders), once
 * this instance's client can serve ({@link StreamsServing}: RUNNING and caught up with the log, else {@link FiguresUnavailable},
 * 503). So any instance answers any figure, and one instance alone reads every partition locally. The fabric is made on
 * the first fetch only: an instance started with the switch off never makes it. A partition that no holder answers for
 * within {@code d2a-streams.partials.wait} is {@link PartialsUnavailable}, 503 too: never a partial figure.
 */
@ApplicationScoped
public class ServingCellPartials implements CellPartials {

    @Inject
    StreamsServing serving;

    @Inject
    Instance<FabricCellPartials> fabric;

    @Override
    public Partial fetch(Request request) {
        serving.serving();
        return fabric.get().fetch(request);
    }
}
