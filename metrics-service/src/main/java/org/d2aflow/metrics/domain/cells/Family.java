package org.d2aflow.metrics.domain.cells;

/**
 * A set of figures that share a business date, and so share cells (STREAMS.md section 2). The ordinals are the store
 * format ({@code CellCodec}): families are only appended. {@code ASCOF_2D} is the one family whose cells come from a
 * person (every referral of a patient key, {@link PatientContributions}), not from one referral.
 */
public enum Family {
    DISCHARGE, DECISION, PLACEMENT_END, IN_HOSPITAL, WAITING, SERVICE_DAY, ASCOF_2D
}
