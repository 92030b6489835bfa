package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.contracts.ServiceType.BEDDED_REABLEMENT;
import static org.d2aflow.contracts.ServiceType.BEDDED_REHAB;
import static org.d2aflow.contracts.ServiceType.REABLEMENT_HOME;
import static org.d2aflow.contracts.ServiceType.REHAB_HOME;
import static org.d2aflow.contracts.ServiceType.SHORT_TERM_DOMCARE;
import static org.d2aflow.contracts.placement.Day91Status.AT_HOME;
import static org.d2aflow.contracts.placement.Day91Status.CARE_HOME;
import static org.d2aflow.contracts.placement.Day91Status.DIED;
import static org.d2aflow.contracts.placement.Day91Status.EXTRA_CARE_HOUSING;
import static org.d2aflow.contracts.placement.Day91Status.IN_HOSPITAL;
import static org.d2aflow.contracts.placement.Day91Status.SHARED_LIVES;
import static org.d2aflow.metrics.domain.FigureEngine.STILL_AT_HOME_91;
import static org.d2aflow.metrics.domain.Queries.dec;
import static org.d2aflow.metrics.domain.Queries.group;
import static org.d2aflow.metrics.domain.Queries.groupKeys;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.util.List;
import java.util.Map;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** METRICS.md §2: still at home 91 days after discharge into reablement or rehabilitation. */
class StillAtHome91Test {

    private static Queries national() {
        return period("2023-10-01", "2023-12-31");
    }

    /** One 80-year-old discharged on 1 Nov 2023 into home reablement, with a follow-up of the given status. */
    private static TestLog oneWithFollowUp(Day91Status status) {
        return aLog().referral("r1").aged(80).admitted("2023-10-20").dischargedHome("2023-11-01")
                .placement("p1", "hf", REABLEMENT_HOME, "2023-11-01").followUp("p1", status);
    }

    @ParameterizedTest(name = "{0} -> {1} of 1")
    @CsvSource(textBlock = """
            AT_HOME,            1
            EXTRA_CARE_HOUSING, 1
            SHARED_LIVES,       1
            IN_HOSPITAL,        0
            CARE_HOME,          0
            DIED,               0
            UNKNOWN,            0
            """)
    void everyStatusStaysInTheDenominatorAndOnlyHomeLikeOnesCount(Day91Status status, long num) {
        Figure f = national().compute(STILL_AT_HOME_91, oneWithFollowUp(status));

        assertThat(f.numerator()).isEqualTo(num);
        assertThat(f.denominator()).isEqualTo(1L);
        assertThat(measure(f, "statuses." + status.name())).isEqualTo(1L);
        assertThat(f.incomplete()).containsEntry("missingFollowUps", 0L);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # case                                                 | ageAtAdmission | ageAtDischarge | placement          | inCohort
            65 at admission, age at discharge not recorded          | 65             | none           | REABLEMENT_HOME    | 1
            64 at admission, age at discharge not recorded          | 64             | none           | REABLEMENT_HOME    | 0
            64 at admission but 65 on the discharge date            | 64             | 65             | REABLEMENT_HOME    | 1
            age at discharge, when recorded, takes precedence      | 66             | 64             | REABLEMENT_HOME    | 0
            rehabilitation at home                                  | 80             | 80             | REHAB_HOME         | 1
            bedded reablement                                       | 80             | 80             | BEDDED_REABLEMENT  | 1
            bedded rehabilitation                                   | 80             | 80             | BEDDED_REHAB       | 1
            short-term home care is not reablement                  | 80             | 80             | SHORT_TERM_DOMCARE | 0
            social support is not reablement                        | 80             | 80             | SOCIAL_SUPPORT     | 0
            short-term care home is not reablement                  | 80             | 80             | SHORT_TERM_CARE_HOME | 0
            no placement at all                                     | 80             | 80             | none               | 0
            """)
    void cohortIsAged65PlusOnTheDischargeDateWithAReablementOrRehabPlacement(String name, int ageAtAdmission, Integer ageAtDischarge,
            ServiceType placement, long inCohort) {
        TestLog log = aLog().referral("r1").aged(ageAtAdmission).admitted("2023-10-20")
                .discharged("2023-11-01", "19", "1", ageAtDischarge);
        if (placement != null) {
            log.placement("p1", "svc", placement, "2023-11-01").followUp("p1", AT_HOME);
        }

        Figure f = national().compute(STILL_AT_HOME_91, log);

        assertThat(f.denominator()).isEqualTo(inCohort);
        assertThat(f.numerator()).isEqualTo(inCohort); // the one follow-up is AT_HOME
    }

    @Test
    void anyReablementPlacementOfTheReferralPutsItInTheCohort() {
        TestLog log = aLog().referral("r1").aged(80).dischargedHome("2023-11-01")
                .placement("p1", "dom", SHORT_TERM_DOMCARE, "2023-11-01")
                .placement("p2", "hf", REABLEMENT_HOME, "2023-11-10").followUp("p2", AT_HOME);

        assertThat(national().compute(STILL_AT_HOME_91, log).denominator()).isEqualTo(1L);
    }

    /**
     * The quarter's cohort, as known at noon on 1 Mar 2024:
     * A, B, C, H, J at home-like; D died; E in hospital; F care home; G no follow-up (day 91 = 29 Feb 2024, passed);
     * I pending (day 91 = 15 Mar 2024); K not reablement; L discharged before the period; M under 65.
     */
    static TestLog quarterCohort() {
        return aLog()
                .referral("A").aged(80).locality("East").dischargedHome("2023-10-02")
                .placement("pA", "hf", REABLEMENT_HOME, "2023-10-02").followUp("pA", AT_HOME)
                .referral("B").aged(70).dischargedHome("2023-10-15")
                .placement("pB", "rh", REHAB_HOME, "2023-10-15").followUp("pB", EXTRA_CARE_HOUSING)
                .referral("C").aged(90).discharged("2023-11-01", "51", "1")
                .placement("pC", "br", BEDDED_REABLEMENT, "2023-11-01").followUp("pC", SHARED_LIVES)
                .referral("D").aged(85).discharged("2023-11-20", "51", "1")
                .placement("pD", "bh", BEDDED_REHAB, "2023-11-20").followUp("pD", DIED)
                .referral("E").aged(75).dischargedHome("2023-11-25")
                .placement("pE", "hf", REABLEMENT_HOME, "2023-11-25").followUp("pE", IN_HOSPITAL)
                .referral("F").aged(66).dischargedHome("2023-11-30")
                .placement("pF", "hf", REABLEMENT_HOME, "2023-11-30").followUp("pF", CARE_HOME)
                .referral("G").aged(68).dischargedHome("2023-11-30")
                .placement("pG", "hf", REABLEMENT_HOME, "2023-11-30")
                .referral("H").aged(77).dischargedHome("2023-12-01")
                .placement("pH", "hf", REABLEMENT_HOME, "2023-12-01").followUp("pH", AT_HOME)
                .referral("I").aged(79).dischargedHome("2023-12-15")
                .placement("pI", "hf", REABLEMENT_HOME, "2023-12-15")
                .referral("J").aged(64).discharged("2023-10-20", "19", "1", 65)
                .placement("pJ", "hf", REABLEMENT_HOME, "2023-10-20").followUp("pJ", AT_HOME)
                .referral("K").aged(80).dischargedHome("2023-10-20")
                .placement("pK", "dom", SHORT_TERM_DOMCARE, "2023-10-20").followUp("pK", AT_HOME)
                .referral("L").aged(80).dischargedHome("2023-09-30")
                .placement("pL", "hf", REABLEMENT_HOME, "2023-09-30").followUp("pL", AT_HOME)
                .referral("M").aged(60).dischargedHome("2023-10-20")
                .placement("pM", "hf", REABLEMENT_HOME, "2023-10-20").followUp("pM", AT_HOME);
    }

    @Test
    void theQuarterCohortAddsUpByHand() {
        Figure f = national().knownAt("2024-03-01T12:00:00Z").compute(STILL_AT_HOME_91, quarterCohort());

        // numerator A, B, C, H, J = 5; denominator A..H without I, plus J = 9
        assertThat(f.drillDown().numerator()).containsExactly("A", "B", "C", "H", "J");
        assertThat(f.drillDown().denominator()).containsExactly("A", "B", "C", "D", "E", "F", "G", "H", "J");
        assertThat(f.numerator()).isEqualTo(5L);
        assertThat(f.denominator()).isEqualTo(9L);
        assertThat(f.value()).isEqualTo(dec("0.5556")); // 5/9 = 0.55555... -> 0.5556
        assertThat(measure(f, "pending")).isEqualTo(1L); // I
        assertThat(f.drillDown().other()).containsEntry("pending", List.of("I")).containsEntry("missingFollowUps", List.of("G"));
        assertThat(f.incomplete()).isEqualTo(Map.of("missingFollowUps", 1L)); // G
        // AT_HOME A, H, J; one each of the others; G counted as UNKNOWN: 3+1+1+1+1+1+1 = 9 = denominator
        assertThat(measure(f, "statuses")).isEqualTo(Map.of("AT_HOME", 3L, "EXTRA_CARE_HOUSING", 1L, "SHARED_LIVES", 1L,
                "IN_HOSPITAL", 1L, "CARE_HOME", 1L, "DIED", 1L, "UNKNOWN", 1L));
        assertThat(f.label()).startsWith("national");
    }

    @Test
    void breakdownByServiceTypeUsesTheReablementPlacement() {
        Figure f = national().knownAt("2024-03-01T12:00:00Z").by(Breakdown.SERVICE_TYPE).compute(STILL_AT_HOME_91, quarterCohort());

        assertThat(groupKeys(f)).containsExactly("BEDDED_REABLEMENT", "BEDDED_REHAB", "REABLEMENT_HOME", "REHAB_HOME");
        assertThat(group(f, "BEDDED_REABLEMENT").value()).isEqualTo(dec("1.0000")); // C: 1/1
        assertThat(group(f, "BEDDED_REHAB").value()).isEqualTo(dec("0.0000")); // D died: 0/1
        // A, E, F, G, H, J: at home A, H, J = 3 of 6
        assertThat(group(f, "REABLEMENT_HOME")).isEqualTo(new Figure.Group("REABLEMENT_HOME", 3L, 6L, dec("0.5000"), null));
        assertThat(group(f, "REHAB_HOME").value()).isEqualTo(dec("1.0000")); // B: 1/1
    }

    @Test
    void aMissingFollowUpAfterDay91CountsAsUnknownAndIsReported() {
        TestLog log = aLog().referral("r1").aged(80).dischargedHome("2023-11-01").placement("p1", "hf", REABLEMENT_HOME, "2023-11-01");

        Figure f = national().compute(STILL_AT_HOME_91, log);

        assertThat(f.numerator()).isEqualTo(0L);
        assertThat(f.denominator()).isEqualTo(1L);
        assertThat(measure(f, "statuses.UNKNOWN")).isEqualTo(1L);
        assertThat(f.incomplete()).containsEntry("missingFollowUps", 1L);
    }

    /**
     * Day 91 is the discharge date + 91 calendar days, compared with the as-known-at date in Europe/London.
     * 2023-12-01 + 91: Dec 31 is +30, Jan 31 +61, Feb 29 (leap) +90, so day 91 = 2024-03-01.
     * 2022-12-01 + 91: Dec 31 +30, Jan 31 +61, Feb 28 +89, Mar 1 +90, so day 91 = 2023-03-02.
     * 2024-04-01 + 91: Apr 30 +29, May 31 +60, Jun 30 +90, so day 91 = 2024-07-01; London is on BST (UTC+1) then.
     */
    @ParameterizedTest(name = "discharged {0}, known at {1} -> pending {2}, in cohort {3}")
    @CsvSource(textBlock = """
            2023-12-01, 2024-02-29T23:59:59Z, 1, 0
            2023-12-01, 2024-03-01T00:00:00Z, 0, 1
            2022-12-01, 2023-03-01T23:59:59Z, 1, 0
            2022-12-01, 2023-03-02T00:00:00Z, 0, 1
            2024-04-01, 2024-06-30T22:59:59Z, 1, 0
            2024-04-01, 2024-06-30T23:00:00Z, 0, 1
            """)
    void day91IsReachedOnTheCalendarDateInLondon(String discharged, String knownAt, long pending, long inCohort) {
        TestLog log = aLog().referral("r1").aged(80).admitted("2022-11-01").dischargedHome(discharged)
                .placement("p1", "hf", REABLEMENT_HOME, discharged);

        Figure f = period(discharged, discharged).knownAt(knownAt).compute(STILL_AT_HOME_91, log);

        assertThat(measure(f, "pending")).isEqualTo(pending);
        assertThat(f.denominator()).isEqualTo(inCohort);
        assertThat(f.numerator()).isEqualTo(0L); // pending is in neither count; a reached member without follow-up is UNKNOWN
        assertThat(f.incomplete()).containsEntry("missingFollowUps", inCohort);
    }

    @ParameterizedTest(name = "known at {0} -> {1} of {2}, missing {3}")
    @CsvSource(textBlock = """
            2024-02-29T12:00:00Z, 0, 0, 0
            2024-03-01T09:00:00Z, 0, 1, 1
            2024-03-01T10:00:00Z, 1, 1, 0
            """)
    void aFollowUpRecordedAfterTheAsKnownAtTimeIsIgnored(String knownAt, long num, long den, long missing) {
        // discharged 2023-12-01 (day 91 = 2024-03-01); the AT_HOME follow-up is recorded at 10:00 on 1 Mar 2024
        TestLog log = aLog().referral("r1").aged(80).admitted("2023-11-20").dischargedHome("2023-12-01")
                .placement("p1", "hf", REABLEMENT_HOME, "2023-12-01")
                .at("2024-03-01T10:00:00Z").followUp("p1", AT_HOME);

        Figure f = national().knownAt(knownAt).compute(STILL_AT_HOME_91, log);

        assertThat(f.numerator()).isEqualTo(num);
        assertThat(f.denominator()).isEqualTo(den);
        assertThat(f.incomplete()).containsEntry("missingFollowUps", missing);
        assertThat(measure(f, "pending")).isEqualTo(1L - den); // pending before day 91, then in the cohort
    }

    @ParameterizedTest(name = "{0} to {1} -> {2}")
    @CsvSource(textBlock = """
            2023-10-01, 2023-12-31, national
            2024-10-01, 2024-12-31, national
            2023-10-01, 2023-12-30, local proxy
            2023-10-02, 2023-12-31, local proxy
            2023-01-01, 2023-12-31, local proxy
            2023-10-01, 2024-12-31, local proxy
            2023-04-01, 2024-03-31, local proxy
            """)
    void onlyAnOctoberToDecemberPeriodIsLabelledNational(String from, String to, String labelStart) {
        Figure f = period(from, to).compute(STILL_AT_HOME_91, quarterCohort());

        assertThat(f.label()).startsWith(labelStart);
    }
}
