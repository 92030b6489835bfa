package org.d2aflow.metrics.domain.cells;

import java.time.Instant;

import org.d2aflow.metrics.domain.ReferralFacts;

/**
 * What one referral adds to every cell, from the facts known at the instant (STREAMS.md section 3): the heart of the
 * incremental figures: the DISCHARGE, DECISION, PLACEMENT_END, IN_HOSPITAL and WAITING families (SERVICE_DAY is a service's,
 * {@link ServiceContributions}; ASCOF_2D a person's, {@link PatientContributions}). A fact change
 * moves the cells by {@code of(after, t).minus(of(before, t))}. Input is today's {@link ReferralFacts} for now; the streaming store will keep a
 * binary {@code ReferralRecord} with the same known-at reads.
 */
public final class ReferralContributions {

    /** "As known now": every fact the record holds. */
    public static final Instant ALWAYS = Instant.MAX;

    private ReferralContributions() {
    }

    public static Contribution of(ReferralFacts r, Instant knownAt) {
        return DischargeCells.of(r, knownAt).plus(DecisionCells.of(r, knownAt)).plus(PlacementEndCells.of(r, knownAt))
                .plus(InHospitalCells.of(r, knownAt))
                .plus(WaitingCells.of(r, knownAt));
    }
}
