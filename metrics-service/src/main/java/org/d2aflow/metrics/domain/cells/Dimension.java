package org.d2aflow.metrics.domain.cells;

import org.d2aflow.metrics.domain.FigureQuery.Breakdown;

/** How cells are split: one per breakdown a query can ask for; every contribution goes to one group of each. */
public enum Dimension {
    NONE, LOCALITY, SITE, PATHWAY, SERVICE_TYPE, AGE_BAND;

    public static Dimension of(Breakdown breakdown) {
        return valueOf(breakdown.name());
    }
}
