package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;

import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ReferralFacts.Ended;
import org.d2aflow.metrics.domain.ReferralFacts.Placement;
import org.d2aflow.metrics.domain.ReferralFacts.Started;

/**
 * The {@link Family#PLACEMENT_END} cells: what each placement of one referral that has started and ended as known at an
 * instant adds on its end date, in one group of every dimension (in {@link Dimension#SERVICE_TYPE} the placement's own
 * service type, as the reference groups it): its time in service and its end reason. Written again from METRICS.md
 * section 7 and the reference's loop ({@code FigureEngine}), not shared with them.
 */
public final class PlacementEndCells {

    /** Days from the placement's start to its end. */
    public static final String TIME_IN_SERVICE = "timeInService";
    /** One per ended placement: {@code endReason.<reason>}. */
    public static final String END_REASON_PREFIX = "endReason.";

    private PlacementEndCells() {
    }

    public static String endReason(EndReason reason) {
        return END_REASON_PREFIX + reason.name();
    }

    /** What the referral's placements add to the PLACEMENT_END cells as known at the instant; empty when none has ended. */
    public static Contribution of(ReferralFacts r, Instant at) {
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        for (Placement p : r.placements()) {
            Optional<Started> st = p.startedAt(at);
            Optional<Ended> en = p.endedAt(at);
            if (st.isEmpty() || en.isEmpty()) {
                continue;
            }
            CellValue v = CellValue.value(TIME_IN_SERVICE, DischargeCells.days(st.get().startDate(), en.get().endDate()))
                    .plus(CellValue.count(endReason(en.get().endReason())));
            for (Dimension dim : Dimension.values()) {
                String group = dim == Dimension.SERVICE_TYPE ? st.get().serviceType().name() : Groups.of(dim, r, at);
                cells.merge(new CellKey(Family.PLACEMENT_END, dim, group, en.get().endDate(), null), v, CellValue::plus);
            }
        }
        return new Contribution(cells);
    }
}
