package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.TreeMap;

import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.Recorded;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ReferralFacts.Discharge;
import org.d2aflow.metrics.domain.ReferralFacts.Submitted;

/**
 * The {@link Family#IN_HOSPITAL} cells (length-of-stay-census, delay-census): a submitted referral's stay sits on its
 * <em>end day</em> as known at an instant, the business day of its cells: the earlier of its discharge date (as corrected;
 * none if voided) and the London day its withdrawal was recorded, or {@link #OPEN} when it has neither. The cell records
 * the admission day (histogram {@link #ADMISSION}) and, when a discharge ready date is known, that date under the
 * admission day ({@link #drdOf}), a 2-D count over (admission, discharge ready date). A census on day D is then the cells
 * whose end day is after D ({@code OPEN} included, since it sorts after every day), restricted at query time to admissions
 * on or before D (and for delay-census to ready dates before D): {@link InHospitalFamilyAssembler}. Written again from
 * METRICS.md and the reference's {@code inHospitalOn} ({@code FigureEngine}), not shared with it.
 */
public final class InHospitalCells {

    /** The end day of a stay with neither a discharge nor a withdrawal as known: {@link CellKey#OPEN}, after every real day. */
    public static final LocalDate OPEN = CellKey.OPEN;
    /** Admission days (epoch days) of the stays ending on the cell's day. */
    public static final String ADMISSION = "admission";
    /** Prefix of the histograms of discharge ready dates (epoch days), one per admission day (ISO date after the prefix). */
    public static final String DRD_PREFIX = "drdByAdmission.";

    private InHospitalCells() {
    }

    /** The histogram name of the discharge ready dates of stays admitted on the day. */
    public static String drdOf(LocalDate admission) {
        return DRD_PREFIX + admission;
    }

    /**
     * What the referral adds to the IN_HOSPITAL cells as known at the instant: empty without a submission then, or when its
     * stay ends on or before its admission day (in hospital on no census day: admitted on or before D and ended after D
     * cannot both hold).
     */
    public static Contribution of(ReferralFacts r, Instant at) {
        Optional<Submitted> s = r.submittedAt(at);
        if (s.isEmpty()) {
            return Contribution.EMPTY;
        }
        LocalDate admission = s.get().admissionDate();
        LocalDate end = endDay(r, at);
        if (!end.isAfter(admission)) {
            return Contribution.EMPTY;
        }
        CellValue v = CellValue.value(ADMISSION, epochDay(admission));
        Optional<LocalDate> drd = r.dischargeReadyDateAt(at);
        if (drd.isPresent()) {
            v = v.plus(CellValue.value(drdOf(admission), epochDay(drd.get())));
        }
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        for (Dimension dim : Dimension.values()) {
            cells.merge(new CellKey(Family.IN_HOSPITAL, dim, Groups.of(dim, r, at), end, null), v, CellValue::plus);
        }
        return new Contribution(cells);
    }

    /** The earlier of the discharge date and the London day the withdrawal was recorded, as known at the instant; else OPEN. */
    static LocalDate endDay(ReferralFacts r, Instant at) {
        LocalDate end = OPEN;
        Optional<Discharge> d = r.dischargeAt(at);
        if (d.isPresent()) {
            end = d.get().date();
        }
        Optional<Recorded<String>> w = r.withdrawnAt(at);
        if (w.isPresent() && FigureQuery.dateOf(w.get().at()).isBefore(end)) {
            end = FigureQuery.dateOf(w.get().at());
        }
        return end;
    }

    static int epochDay(LocalDate day) {
        return Math.toIntExact(day.toEpochDay());
    }
}
