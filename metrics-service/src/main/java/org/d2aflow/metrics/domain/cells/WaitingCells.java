package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.TreeMap;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ReferralFacts.Decision;
import org.d2aflow.metrics.domain.ReferralFacts.Discharge;
import org.d2aflow.metrics.domain.ReferralFacts.Submitted;

/**
 * The {@link Family#WAITING} cell: one referral's wait for capacity as known at an instant, keyed by the day it started
 * (the decision date of its latest decision) and the day it ended (the earliest of its first claim's date, a decline of
 * that decision, the London day its withdrawal was recorded and its discharge date; null while none is known). It waits on
 * day D when {@code businessDay <= D < endDay}. Only a P1-P3 decision with a known submission waits; a wait that ends on or
 * before the day it starts is no wait and adds nothing. Group: service type of the decision × locality of the submission
 * ({@code "<TYPE>|<locality>"}, the waiting list's own rows), in {@link Dimension#NONE} (capacity-demand has no breakdown).
 * Written again from METRICS.md section 6 and the reference's {@code FigureEngine.waitingList}.
 */
public final class WaitingCells {

    /** Referrals whose wait started on the cell's business day and ended on its end day. */
    public static final String WAITING = "waiting";

    private WaitingCells() {
    }

    public static Contribution of(ReferralFacts r, Instant at) {
        Optional<Decision> found = r.decisionAt(at);
        Optional<Submitted> s = r.submittedAt(at);
        if (found.isEmpty() || s.isEmpty() || found.get().pathway() == Pathway.P0) {
            return Contribution.EMPTY;
        }
        Decision d = found.get();
        LocalDate end = earlier(null, r.firstClaimedOnAt(at).orElse(null));
        end = earlier(end, r.declinesOfDecisionAt(d, at).map(ReferralFacts.Decline::declinedOn).min(LocalDate::compareTo).orElse(null));
        end = earlier(end, r.withdrawnAt(at).map(w -> FigureQuery.dateOf(w.at())).orElse(null));
        end = earlier(end, r.dischargeAt(at).map(Discharge::date).orElse(null));
        if (end != null && !end.isAfter(d.decidedAt())) {
            return Contribution.EMPTY;
        }
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        cells.put(new CellKey(Family.WAITING, Dimension.NONE, group(d, s.get()), d.decidedAt(), end), CellValue.count(WAITING));
        return new Contribution(cells);
    }

    static String group(Decision d, Submitted s) {
        return d.serviceType().name() + "|" + s.locality();
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return a == null || (b != null && b.isBefore(a)) ? b : a;
    }
}
