package org.d2aflow.metrics.domain.returns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.reference.DelayReasonCodeList;
import org.d2aflow.contracts.reference.DelayReasonCodeLists;
import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ReferralFacts.Discharge;

/**
 * The daily acute discharge situation report for the trust, for one day, as known at an instant (RETURNS.md section 1):
 * the patients who no longer meet the criteria to reside (in hospital on the day, on or past their discharge ready date),
 * those of them discharged that day by intended destination (the 12 published destination columns, in file order),
 * those remaining, and the reasons for delay of those remaining whose stay has reached 7, 14 and 21 days, by the 18
 * categories of the 2023 list. Pure: the same facts, day and instant give the same row, byte for byte.
 */
public final class DischargeSitrep {

    /** The 12 destination columns of the published Table 4 (Jan-Dec 2023), verbatim and in file order. */
    public static final List<String> DESTINATIONS = List.of(
            "P0 - Domestic home without reablement support",
            "P0 - Other without reablement support",
            "P1 - Domestic home with reablement support",
            "P1 - Other with reablement support",
            "P1 - Hotel with reablement support",
            "P2 - Care Home (24hr support)",
            "P2 - Designated Setting (isolation before moving to care home)",
            "P2 - Hospice (24hr support)",
            "P2 - Community Rehab Setting (24hr support)",
            "P3 - Care Home (new admission, likely permanent)",
            "P3b - Care Home (existing resident discharged back)",
            "P3b - Designated Setting (isolation before moving to care home as a new admission)");

    /** The lengths of stay (days since admission) the reasons for delay are given for. */
    public static final List<Integer> STAY_THRESHOLDS = List.of(7, 14, 21);

    /** The reasons list the weekly table uses: the 2023 acute sitrep's 18 categories. */
    public static final DelayReasonCodeList REASONS = DelayReasonCodeLists.defaults().latest(DelayReasonCodeLists.DEFAULT_LIST_ID)
            .orElseThrow();

    /** NHS Data Dictionary destinations 49-53: another NHS hospital provider (51 is the usual community-hospital ward). */
    private static final Set<String> NHS_HOSPITAL = Set.of("49", "50", "51", "52", "53");
    private static final String HOSPICE = "88";

    public static final List<ReturnColumn> COLUMNS = columns();

    /** The dictionary's notes: how a discharge maps to a destination column, and what is always 0. */
    public static final String NOTES = """
            ### Destination mapping

            From the pathway decided (the latest known) and the NHS Data Dictionary discharge destination code.
            A care-home resident is one whose usual residence on the referral is CARE_HOME.

            | Pathway | Destination code | Column |
            |---|---|---|
            | P0 | 19, 54, 65 or 85, care-home resident | P3b - Care Home (existing resident discharged back) |
            | P0 | 19 | P0 - Domestic home without reablement support |
            | P0 | any other code but 79, 98, 99 | P0 - Other without reablement support |
            | P1 | 19 | P1 - Domestic home with reablement support |
            | P1 | any other code but 79, 98, 99 | P1 - Other with reablement support |
            | P2 | 54, 65, 85 | P2 - Care Home (24hr support) |
            | P2 | 88 | P2 - Hospice (24hr support) |
            | P2 | 49-53 | P2 - Community Rehab Setting (24hr support) |
            | P3 | 19, 54, 65 or 85, care-home resident | P3b - Care Home (existing resident discharged back) |
            | P3 | 54, 65, 85 | P3 - Care Home (new admission, likely permanent) |
            | none decided, or code 79, 98, 99, or any other | none: counted in Number of patients discharged only |

            No fact in the log tells a hotel or a designated setting, so P1 - Hotel and both Designated Setting columns are
            always 0. The reasons for delay are a snapshot on the day, not the published weekly average; a reason
            recorded under another list or version, or none, is counted in no reason column. The published Table 5's weekly
            average per day, by the same reasons and thresholds, is the return `discharge-sitrep-weekly-reasons`.
            """;


    private DischargeSitrep() {
    }

    private static List<ReturnColumn> columns() {
        List<ReturnColumn> c = new ArrayList<>();
        c.add(new ReturnColumn("Date", "The day reported (Europe/London), yyyy-MM-dd."));
        c.add(new ReturnColumn("Number of patients who no longer meet the criteria to reside",
                "Patients admitted on or before the day, whose discharge ready date (the latest known) is on or before the day, and who"
                        + " were not discharged before the day (still in hospital at its start, or discharged on it)."));
        c.add(new ReturnColumn("Number of patients discharged", "Of those, the patients discharged on the day, whatever the destination."
                + " Discharges that fit none of the 12 destination columns (died, destination not known, no pathway decided, other"
                + " hospitals outside pathway 2) are counted here only."));
        for (String d : DESTINATIONS) {
            c.add(new ReturnColumn(d, "Patients discharged on the day to this intended destination; see the mapping table."));
        }
        c.add(new ReturnColumn("Number of patients remaining in hospital who no longer meet the criteria to reside",
                "Patients who no longer meet the criteria to reside minus those discharged on the day."));
        for (int days : STAY_THRESHOLDS) {
            for (DelayReasonCodeList.Code code : REASONS.codes()) {
                c.add(new ReturnColumn(reasonColumn(days, code), "Patients remaining whose stay on the day is " + days
                        + " days or more (day minus admission date) and whose reason for delay in force on the day is code " + code.code()
                        + " of " + REASONS.listId() + " v" + REASONS.version() + "."));
            }
        }
        return List.copyOf(c);
    }

    static String reasonColumn(int days, DelayReasonCodeList.Code code) {
        return "LoS " + days + "+ days: " + code.label();
    }

    /**
     * A patient who no longer meets the criteria to reside on a day, as known at an instant: the referral, its submission, its
     * discharge when it was on the day (empty when the patient remains), the stay on the day (day minus admission date) and the
     * reason for delay in force on the day when it is one of {@link #REASONS} (empty when none, or under another list).
     */
    public record Nctr(ReferralFacts referral, ReferralFacts.Submitted submitted, Optional<Discharge> dischargedOnTheDay, long stay,
            Optional<DelayReasonCodeList.Code> reason) {

        /** Not discharged on the day: one of the patients remaining in hospital. */
        public boolean remaining() {
            return dischargedOnTheDay.isEmpty();
        }

        /** The subject the referral's facts are named by in a revision report. */
        public String subject() {
            return CellSources.referral(referral.referralId);
        }
    }

    /**
     * The patients who no longer meet the criteria to reside on the day as known at the instant (admitted on or before it,
     * discharge ready on or before it, not discharged before it, not withdrawn without a discharge), in log order: the
     * daily sitrep and the weekly reasons both count these.
     */
    public static List<Nctr> nctrOn(LogFacts facts, LocalDate day, Instant asKnownAt) {
        List<Nctr> out = new ArrayList<>();
        for (ReferralFacts r : facts.referrals()) {
            Optional<ReferralFacts.Submitted> submitted = r.submittedAt(asKnownAt);
            Optional<LocalDate> drd = r.dischargeReadyDateAt(asKnownAt);
            if (submitted.isEmpty() || drd.isEmpty() || submitted.get().admissionDate().isAfter(day) || drd.get().isAfter(day)) {
                continue;
            }
            Optional<Discharge> discharge = r.dischargeAt(asKnownAt);
            if (discharge.isPresent() && discharge.get().date().isBefore(day)) {
                continue;
            }
            if (discharge.isEmpty() && r.withdrawnAt(asKnownAt).isPresent()) {
                continue; // withdrawn with no discharge: when the person left is not known
            }
            Optional<DelayReasonCodeList.Code> reason = r.delayReasonOn(day, asKnownAt)
                    .filter(d -> d.listId().equals(REASONS.listId()) && d.listVersion() == REASONS.version())
                    .flatMap(d -> REASONS.codes().stream().filter(c -> c.code().equals(d.code())).findFirst());
            out.add(new Nctr(r, submitted.get(), discharge.filter(d -> d.date().equals(day)),
                    ChronoUnit.DAYS.between(submitted.get().admissionDate(), day), reason));
        }
        return out;
    }

    /** The row for the day as known at the instant, each count with the referrals counted in it. */
    public static ReturnRow compute(LogFacts facts, LocalDate day, Instant asKnownAt) {
        CellSources sources = new CellSources(COLUMNS.size());
        int remainingColumn = 3 + DESTINATIONS.size();
        int nctr = 0;
        int discharged = 0;
        Map<String, Integer> byDestination = new LinkedHashMap<>();
        DESTINATIONS.forEach(d -> byDestination.put(d, 0));
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (Nctr n : nctrOn(facts, day, asKnownAt)) {
            String subject = n.subject();
            nctr++;
            sources.add(1, subject);
            if (!n.remaining()) {
                discharged++;
                sources.add(2, subject);
                Pathway pathway = n.referral().decisionAt(asKnownAt).map(ReferralFacts.Decision::pathway).orElse(null);
                destination(pathway, n.dischargedOnTheDay().get().destinationCode(), n.submitted().usualResidence()).ifPresent(d -> {
                    byDestination.merge(d, 1, Integer::sum);
                    sources.add(3 + DESTINATIONS.indexOf(d), subject);
                });
                continue;
            }
            sources.add(remainingColumn, subject);
            n.reason().ifPresent(code -> STAY_THRESHOLDS.stream().filter(t -> n.stay() >= t).forEach(t -> {
                reasons.merge(reasonColumn(t, code), 1, Integer::sum);
                sources.add(remainingColumn + 1 + STAY_THRESHOLDS.indexOf(t) * REASONS.codes().size() + REASONS.codes().indexOf(code),
                        subject);
            }));
        }
        List<String> values = new ArrayList<>();
        values.add(day.toString());
        values.add(String.valueOf(nctr));
        values.add(String.valueOf(discharged));
        byDestination.values().forEach(v -> values.add(String.valueOf(v)));
        values.add(String.valueOf(nctr - discharged));
        for (int days : STAY_THRESHOLDS) {
            REASONS.codes().forEach(code -> values.add(String.valueOf(reasons.getOrDefault(reasonColumn(days, code), 0))));
        }
        return new ReturnRow("discharge-sitrep", COLUMNS, values, sources.cells());
    }

    /**
     * The published destination column a discharge counts in, from the pathway decided and the NHS Data Dictionary
     * destination (the mapping table in RETURNS-COLUMNS.md); empty when it fits none. Nothing the suite records tells a
     * hotel or a designated setting, so those three columns stay 0.
     */
    public static Optional<String> destination(Pathway pathway, String destinationCode, UsualResidence usualResidence) {
        if (pathway == null || destinationCode == null || DischargeCodes.DESTINATION_DIED.equals(destinationCode)
                || DischargeCodes.DESTINATION_NOT_KNOWN.equals(destinationCode)
                || DischargeCodes.DESTINATION_SPELL_NOT_FINISHED.equals(destinationCode)) {
            return Optional.empty();
        }
        boolean home = DischargeCodes.DESTINATION_USUAL_RESIDENCE.equals(destinationCode);
        boolean careHome = DischargeCodes.CARE_HOME_DESTINATIONS.contains(destinationCode);
        boolean careHomeResident = usualResidence == UsualResidence.CARE_HOME;
        return Optional.ofNullable(switch (pathway) {
            case P0 -> careHomeResident && (home || careHome) ? DESTINATIONS.get(10) : home ? DESTINATIONS.get(0) : DESTINATIONS.get(1);
            case P1 -> home ? DESTINATIONS.get(2) : DESTINATIONS.get(3);
            case P2 -> careHome ? DESTINATIONS.get(5) : HOSPICE.equals(destinationCode) ? DESTINATIONS.get(7)
                    : NHS_HOSPITAL.contains(destinationCode) ? DESTINATIONS.get(8) : null;
            case P3 -> careHomeResident && (home || careHome) ? DESTINATIONS.get(10) : careHome ? DESTINATIONS.get(9) : null;
        });
    }
}
