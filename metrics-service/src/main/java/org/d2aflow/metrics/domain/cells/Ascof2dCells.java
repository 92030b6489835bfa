package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ReferralFacts.Discharge;
import org.d2aflow.metrics.domain.ReferralFacts.OutcomeKind;
import org.d2aflow.metrics.domain.ReferralFacts.Submitted;

/**
 * The {@link Family#ASCOF_2D} cells: what one 65+ discharge adds on its discharge date (as known at an instant; none if
 * voided, none without a submission), in one group of every dimension: one counter, its class. An excluded discharge
 * counts under its exclusion's measure name; an eligible one not linked to an ST-Max reablement start under
 * {@link #NOT_LINKED}; a linked one under {@code linked.<age band>.<died><readmitted><long-term care>} (each 0 or 1), the
 * outcomes within the 84 days as known at the instant, whatever the query's date: whether day 84 is reached
 * ({@code pending}) is query time ({@link Ascof2dAssembler}), as the 91-day split of {@link DischargeCells}.
 *
 * <p>An emergency readmission is another referral of the same person, so the case reads the person's other spells: the
 * cells are a function of the person ({@link PatientContributions}), and a change of any of the person's referrals moves
 * them. Written again from RETURNS.md section 5 and the reference ({@code ReablementCases.ascof2d}), not shared with it,
 * so that the two can be tested against each other.
 */
public final class Ascof2dCells {

    public static final String NOT_LINKED = "notLinked";
    public static final String LINKED_PREFIX = "linked.";
    /** The exclusions' counters, in the order the figure prints them: each is its measure's name. */
    public static final String ZERO_DAY_STAY = "excludedZeroDayStays";
    public static final String ADMISSION_METHOD = "excludedAdmissionMethods";
    public static final String DISCHARGE_METHOD = "excludedDischargeMethods";
    public static final String DESTINATION = "excludedDestinations";
    public static final int DAYS = 84;

    private static final Set<String> EXCLUDED_ADMISSION_METHODS = Set.of("31", "32", "82", "83");
    private static final Set<String> EXCLUDED_DISCHARGE_METHODS = Set.of("4", "5");
    private static final Set<String> EXCLUDED_DESTINATIONS = Set.of("49", "50", "51", "52", "79", "87", "88");
    /** CLD "Short Term Support: ST-Max", Service_Component "Reablement": the services a discharge links to. */
    private static final Set<ServiceType> ST_MAX = Set.of(ServiceType.REABLEMENT_HOME, ServiceType.BEDDED_REABLEMENT);

    private Ascof2dCells() {
    }

    /** The counter of a linked case: its age band and which outcomes happened within the 84 days. */
    public static String linked(String ageBand, boolean died, boolean readmitted, boolean longTermCare) {
        return LINKED_PREFIX + ageBand + "." + (died ? 1 : 0) + (readmitted ? 1 : 0) + (longTermCare ? 1 : 0);
    }

    /**
     * What the referral's discharge adds, as known at the instant, given every referral of its person ({@code person}, the
     * referral itself may be among them): empty when it has no dated discharge or no submission then, or was under 65.
     */
    public static Contribution of(ReferralFacts r, Collection<ReferralFacts> person, Instant at) {
        Optional<Discharge> found = r.dischargeAt(at);
        Optional<Submitted> submitted = r.submittedAt(at);
        if (found.isEmpty() || found.get().date() == null || submitted.isEmpty()) {
            return Contribution.EMPTY;
        }
        Discharge d = found.get();
        Submitted s = submitted.get();
        int age = d.ageAtDischarge() != null ? d.ageAtDischarge() : s.ageAtAdmission();
        if (age < 65) {
            return Contribution.EMPTY;
        }
        CellValue v = CellValue.count(caseClass(r, person, s, d, age, at));
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        for (Dimension dim : Dimension.values()) {
            cells.put(new CellKey(Family.ASCOF_2D, dim, Groups.of(dim, r, at), d.date(), null), v);
        }
        return new Contribution(cells);
    }

    private static String caseClass(ReferralFacts r, Collection<ReferralFacts> person, Submitted s, Discharge d, int age, Instant at) {
        LocalDate discharged = d.date();
        if (!s.admissionDate().isBefore(discharged)) {
            return ZERO_DAY_STAY;
        }
        if (s.admissionMethod() != null && EXCLUDED_ADMISSION_METHODS.contains(s.admissionMethod())) {
            return ADMISSION_METHOD;
        }
        if (d.methodCode() != null && EXCLUDED_DISCHARGE_METHODS.contains(d.methodCode())) {
            return DISCHARGE_METHOD;
        }
        if (d.destinationCode() != null && EXCLUDED_DESTINATIONS.contains(d.destinationCode())) {
            return DESTINATION;
        }
        // linked: an ST-Max reablement start (as known) on or after the admission, the discharge from 7 days before it to 3 after
        boolean linked = r.placements().stream().map(p -> p.startedAt(at)).flatMap(Optional::stream)
                .anyMatch(st -> ST_MAX.contains(st.serviceType()) && !st.startDate().isBefore(s.admissionDate())
                        && !discharged.isBefore(st.startDate().minusDays(7)) && !discharged.isAfter(st.startDate().plusDays(3)));
        if (!linked) {
            return NOT_LINKED;
        }
        LocalDate end = discharged.plusDays(DAYS);
        boolean died = within(r, OutcomeKind.DIED, discharged, end, at);
        boolean longTermCare = within(r, OutcomeKind.LONG_TERM_CARE, discharged, end, at);
        boolean readmitted = person.stream().filter(o -> !o.referralId.equals(r.referralId)).map(o -> o.submittedAt(at))
                .flatMap(Optional::stream).anyMatch(o -> o.emergencyAdmission() && !o.admissionDate().isBefore(discharged)
                        && !o.admissionDate().isAfter(end));
        return linked(Groups.ageBand(age), died, readmitted, longTermCare);
    }

    private static boolean within(ReferralFacts r, OutcomeKind kind, LocalDate from, LocalDate to, Instant at) {
        return r.outcomesAt(at).stream().anyMatch(o -> o.kind() == kind && !o.date().isBefore(from) && !o.date().isAfter(to));
    }
}
