package org.d2aflow.metrics.domain.cells;

/** A set of figures that share a business date, and so share cells (STREAMS.md section 2). */
public enum Family {
    DISCHARGE, DECISION, PLACEMENT_END, IN_HOSPITAL, WAITING, SERVICE_DAY
}
