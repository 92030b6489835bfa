package org.d2aflow.metrics.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.metrics.domain.returns.DischargeSitrep;
import org.d2aflow.metrics.domain.returns.DrdTimeliness;
import org.d2aflow.metrics.domain.returns.ReturnRow;
import org.d2aflow.metrics.infrastructure.ProjectionManager;

/** The national returns (README "Returns"), computed from the projection's facts under its read lock. */
@ApplicationScoped
public class ReturnsService {

    @Inject
    ProjectionManager projections;

    public ReturnRow dischargeSitrep(LocalDate day, Instant asKnownAt) {
        return projections.read(facts -> DischargeSitrep.compute(facts, day, asKnownAt));
    }

    public ReturnRow drdTimeliness(YearMonth month, Instant asKnownAt) {
        return projections.read(facts -> DrdTimeliness.compute(facts, month, asKnownAt));
    }
}
