package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.d2aflow.contracts.ServiceType;

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
    /**
     * capacity-demand's Home First share counts referrals, not placements: a referral with a Home First placement ended in the
     * period, and among them those with one ended as NO_ONGOING_SUPPORT. Additive over days anyway: +1 on each distinct end day
     * (in {@link Dimension#NONE}, {@code endDay} null) and −1 on each pair of consecutive distinct end days (business day = the
     * first, {@code endDay} = the next). A period holds a run of k consecutive end days and k − 1 of those pairs, so the sum of
     * the singles in it and the pairs wholly in it is 1 when the referral has such an end in it, else 0.
     */
    public static final String HOME_FIRST_ENDED = "homeFirstEnded";
    public static final String HOME_FIRST_NO_ONGOING_SUPPORT = "homeFirstNoOngoingSupport";
    private static final Set<ServiceType> HOME_FIRST = Set.of(ServiceType.REABLEMENT_HOME, ServiceType.REHAB_HOME,
            ServiceType.SHORT_TERM_DOMCARE);

    private PlacementEndCells() {
    }

    public static String endReason(EndReason reason) {
        return END_REASON_PREFIX + reason.name();
    }

    /** What the referral's placements add to the PLACEMENT_END cells as known at the instant; empty when none has ended. */
    public static Contribution of(ReferralFacts r, Instant at) {
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        TreeSet<LocalDate> homeFirstEnded = new TreeSet<>();
        TreeSet<LocalDate> noOngoingSupport = new TreeSet<>();
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
            if (HOME_FIRST.contains(st.get().serviceType())) {
                homeFirstEnded.add(en.get().endDate());
                if (en.get().endReason() == EndReason.NO_ONGOING_SUPPORT) {
                    noOngoingSupport.add(en.get().endDate());
                }
            }
        }
        distinct(cells, HOME_FIRST_ENDED, homeFirstEnded, r, at);
        distinct(cells, HOME_FIRST_NO_ONGOING_SUPPORT, noOngoingSupport, r, at);
        return new Contribution(cells);
    }

    /** +1 on each of the days, −1 on each pair of consecutive days (see {@link #HOME_FIRST_ENDED}). */
    private static void distinct(TreeMap<CellKey, CellValue> cells, String counter, TreeSet<LocalDate> days, ReferralFacts r, Instant at) {
        String group = Groups.of(Dimension.NONE, r, at);
        LocalDate previous = null;
        for (LocalDate day : days) {
            cells.merge(new CellKey(Family.PLACEMENT_END, Dimension.NONE, group, day, null), CellValue.count(counter), CellValue::plus);
            if (previous != null) {
                cells.merge(new CellKey(Family.PLACEMENT_END, Dimension.NONE, group, previous, day), CellValue.count(counter).negate(),
                        CellValue::plus);
            }
            previous = day;
        }
    }
}
