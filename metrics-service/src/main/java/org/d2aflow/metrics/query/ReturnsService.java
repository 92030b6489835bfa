package org.d2aflow.metrics.query;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.returns.NationalReturn;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.d2aflow.metrics.infrastructure.ProjectionManager;

/** The national returns (README "Returns"), computed from the projection's facts under its read lock. */
@ApplicationScoped
public class ReturnsService {

    @Inject
    ProjectionManager projections;

    public ReturnTable compute(NationalReturn r, ReturnPeriod period, Instant asKnownAt) {
        return projections.read(facts -> r.compute(facts, period, asKnownAt));
    }
}
