package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.metrics.domain.ReferralFacts.Discharge;
import org.d2aflow.metrics.domain.ReferralFacts.OutcomeKind;
import org.d2aflow.metrics.domain.ReferralFacts.Placement;
import org.d2aflow.metrics.domain.ReferralFacts.Submitted;

/**
 * Who the two ASCOF reablement measures count and what became of each, one case per discharged referral: ASCOF 2D (2024-25
 * on, RETURNS.md section 5) and the legacy 2B(1), still at home 91 days later (METRICS.md section 2). The figures
 * ({@link FigureEngine}) and the {@code ascof-reablement} return both build on these cases, so they cannot disagree.
 */
public final class ReablementCases {

    /** RETURNS.md §5 exclusions that the log holds: admission methods, discharge methods and discharge destinations. */
    static final Set<String> ASCOF_2D_EXCLUDED_ADMISSION_METHODS = Set.of("31", "32", "82", "83");
    static final Set<String> ASCOF_2D_EXCLUDED_DISCHARGE_METHODS = Set.of("4", "5");
    static final Set<String> ASCOF_2D_EXCLUDED_DESTINATIONS = Set.of("49", "50", "51", "52", "79", "87", "88");
    /** CLD Service_Component "Reablement" of Service_Type "Short Term Support: ST-Max": the suite's reablement services. */
    public static final Set<ServiceType> ST_MAX_REABLEMENT = Set.of(ServiceType.REABLEMENT_HOME, ServiceType.BEDDED_REABLEMENT);
    public static final int ASCOF_2D_DAYS = 84;
    public static final int LEGACY_DAYS = 91;
    /** The follow-up statuses the legacy measure counts as still at home. */
    public static final Set<Day91Status> AT_HOME = Set.of(Day91Status.AT_HOME, Day91Status.EXTRA_CARE_HOUSING, Day91Status.SHARED_LIVES);

    /** Why a 65+ discharge is not eligible for ASCOF 2D, each with the name of its count in the figure. */
    public enum Exclusion {
        ZERO_DAY_STAY("excludedZeroDayStays"),
        ADMISSION_METHOD("excludedAdmissionMethods"),
        DISCHARGE_METHOD("excludedDischargeMethods"),
        DESTINATION("excludedDestinations");

        public final String measure;

        Exclusion(String measure) {
            this.measure = measure;
        }
    }

    /**
     * One 65+ discharge for ASCOF 2D. {@code exclusion} is null when eligible; {@code linked} when discharged into ST-Max
     * reablement; {@code pending} when day 84 is not yet reached; the outcomes are only looked at for a linked discharge whose
     * day 84 is reached; {@code readmissions} are the referral ids of the emergency readmissions within the 84 days.
     */
    public record Ascof2dCase(ReferralFacts referral, int age, Exclusion exclusion, boolean linked, boolean pending, boolean died,
            boolean longTermCare, Set<String> readmissions) {

        public String referralId() {
            return referral.referralId;
        }

        public String ageBand() {
            return FigureEngine.ageBand(age);
        }

        public boolean eligible() {
            return exclusion == null;
        }

        /** In the denominator: linked, and day 84 reached. */
        public boolean counted() {
            return linked && !pending;
        }

        public boolean readmitted() {
            return !readmissions.isEmpty();
        }

        /** In the numerator: counted, and none of death, emergency readmission or long-term care within the 84 days. */
        public boolean remained() {
            return counted() && !died && !readmitted() && !longTermCare;
        }
    }

    /**
     * One 65+ discharge into reablement or rehabilitation for the legacy measure: {@code serviceType} of its first such
     * placement; {@code status} the follow-up as known (null when none was recorded), only looked at once day 91 is reached.
     */
    public record LegacyCase(ReferralFacts referral, int age, ServiceType serviceType, boolean pending, Day91Status status) {

        public String referralId() {
            return referral.referralId;
        }

        public String ageBand() {
            return FigureEngine.ageBand(age);
        }

        /** The status counted at day 91: UNKNOWN when no follow-up was recorded. */
        public Day91Status counted() {
            return status == null ? Day91Status.UNKNOWN : status;
        }

        public boolean atHome() {
            return !pending && AT_HOME.contains(counted());
        }

        public boolean missingFollowUp() {
            return !pending && status == null;
        }
    }

    /** Another spell of a pseudonymised patient: the referral and its submission. */
    public record Spell(String referralId, Submitted submitted) {
    }

    private ReablementCases() {
    }

    /** Every submission known at the instant that carries a patient key, by key (for emergency readmissions). */
    public static Map<String, List<Spell>> spellsByPatient(LogFacts facts, Instant at) {
        Map<String, List<Spell>> byPatient = new TreeMap<>();
        for (ReferralFacts r : facts.referrals()) {
            r.submittedAt(at).filter(s -> s.patientKey() != null)
                    .ifPresent(s -> byPatient.computeIfAbsent(s.patientKey(), k -> new ArrayList<>()).add(new Spell(r.referralId, s)));
        }
        return byPatient;
    }

    /**
     * The ASCOF 2D case of a discharge, or empty when the person was under 65 at discharge (age at discharge, else at
     * admission). {@code known} is the London date of the instant: day 84 is reached on or before it.
     */
    public static Optional<Ascof2dCase> ascof2d(DischargedSpell x, Map<String, List<Spell>> byPatient, Instant at, LocalDate known) {
        Submitted s = x.submitted();
        Discharge d = x.discharge();
        LocalDate discharged = d.date();
        int age = d.ageAtDischarge() != null ? d.ageAtDischarge() : s.ageAtAdmission();
        if (age < 65) {
            return Optional.empty();
        }
        Exclusion exclusion = exclusion(s, d);
        if (exclusion != null) {
            return Optional.of(new Ascof2dCase(x.referral(), age, exclusion, false, false, false, false, Set.of()));
        }
        boolean linked = x.referral().placements().stream().map(p -> p.startedAt(at)).flatMap(Optional::stream)
                .filter(st -> ST_MAX_REABLEMENT.contains(st.serviceType()))
                .anyMatch(st -> !s.admissionDate().isAfter(st.startDate())
                        && !discharged.isBefore(st.startDate().minusDays(7)) && !discharged.isAfter(st.startDate().plusDays(3)));
        LocalDate end = discharged.plusDays(ASCOF_2D_DAYS);
        if (!linked || end.isAfter(known)) {
            return Optional.of(new Ascof2dCase(x.referral(), age, null, linked, linked, false, false, Set.of()));
        }
        boolean died = x.referral().outcomesAt(at).stream().anyMatch(o -> o.kind() == OutcomeKind.DIED
                && !o.date().isBefore(discharged) && !o.date().isAfter(end));
        boolean longTermCare = x.referral().outcomesAt(at).stream().anyMatch(o -> o.kind() == OutcomeKind.LONG_TERM_CARE
                && !o.date().isBefore(discharged) && !o.date().isAfter(end));
        Set<String> readmissions = new TreeSet<>();
        for (Spell o : byPatient.getOrDefault(s.patientKey(), List.of())) {
            if (!o.referralId().equals(x.referralId()) && o.submitted().emergencyAdmission()
                    && !o.submitted().admissionDate().isBefore(discharged) && !o.submitted().admissionDate().isAfter(end)) {
                readmissions.add(o.referralId());
            }
        }
        return Optional.of(new Ascof2dCase(x.referral(), age, null, true, false, died, longTermCare, readmissions));
    }

    private static Exclusion exclusion(Submitted s, Discharge d) {
        if (!s.admissionDate().isBefore(d.date())) {
            return Exclusion.ZERO_DAY_STAY;
        }
        if (s.admissionMethod() != null && ASCOF_2D_EXCLUDED_ADMISSION_METHODS.contains(s.admissionMethod())) {
            return Exclusion.ADMISSION_METHOD;
        }
        if (d.methodCode() != null && ASCOF_2D_EXCLUDED_DISCHARGE_METHODS.contains(d.methodCode())) {
            return Exclusion.DISCHARGE_METHOD;
        }
        if (d.destinationCode() != null && ASCOF_2D_EXCLUDED_DESTINATIONS.contains(d.destinationCode())) {
            return Exclusion.DESTINATION;
        }
        return null;
    }

    /**
     * The legacy case of a referral discharged (as known at {@code at}) on {@code d}, or empty when under 65 at discharge (age
     * unknown counts as under) or when no reablement or rehabilitation placement of it had started as known at the instant.
     */
    public static Optional<LegacyCase> legacy(ReferralFacts r, Discharge d, Instant at, LocalDate known) {
        Integer age = d.ageAtDischarge() != null ? d.ageAtDischarge() : r.submittedAt(at).map(Submitted::ageAtAdmission).orElse(null);
        if (age == null || age < 65) {
            return Optional.empty();
        }
        List<Placement> reablement = r.placements().stream()
                .filter(p -> p.startedAt(at).map(st -> st.serviceType().isReablementOrRehab()).orElse(false)).toList();
        if (reablement.isEmpty()) {
            return Optional.empty();
        }
        ServiceType type = reablement.get(0).startedAt(at).get().serviceType();
        if (d.date().plusDays(LEGACY_DAYS).isAfter(known)) {
            return Optional.of(new LegacyCase(r, age, type, true, null));
        }
        return Optional.of(new LegacyCase(r, age, type, false, latestFollowUp(reablement, at).orElse(null)));
    }

    /** The legacy cases of the referrals discharged from {@code from} to {@code to} inclusive, as known at the instant. */
    public static List<LegacyCase> legacy(LogFacts facts, LocalDate from, LocalDate to, Instant at, LocalDate known) {
        List<LegacyCase> out = new ArrayList<>();
        for (ReferralFacts r : facts.referrals()) {
            r.dischargeAt(at).filter(d -> d.date() != null && !d.date().isBefore(from) && !d.date().isAfter(to))
                    .flatMap(d -> legacy(r, d, at, known)).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The status of the referral at day 91: each placement's follow-up as known at the instant (latest recorded or corrected by
     * version), and across placements the one obtained last (then the one recorded last; then the lowest placement id).
     */
    private static Optional<Day91Status> latestFollowUp(List<Placement> placements, Instant at) {
        Recorded<ReferralFacts.FollowUp> best = null;
        for (Placement p : placements) {
            Optional<Recorded<ReferralFacts.FollowUp>> f = p.followUpAt(at);
            if (f.isPresent() && (best == null || LATEST_OBTAINED.compare(f.get(), best) > 0)) {
                best = f.get();
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.value().status());
    }

    private static final Comparator<Recorded<ReferralFacts.FollowUp>> LATEST_OBTAINED = Comparator
            .comparing((Recorded<ReferralFacts.FollowUp> f) -> f.value().obtainedOn()).thenComparing(Recorded::at);
}
