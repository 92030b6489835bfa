package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.contracts.ServiceType.BEDDED_REABLEMENT;
import static org.d2aflow.contracts.ServiceType.REABLEMENT_HOME;
import static org.d2aflow.contracts.placement.Day91Status.CARE_HOME;
import static org.d2aflow.contracts.placement.Day91Status.DIED;
import static org.d2aflow.metrics.domain.FigureEngine.ASCOF_2D;
import static org.d2aflow.metrics.domain.Queries.dec;
import static org.d2aflow.metrics.domain.Queries.group;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.math.BigDecimal;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RETURNS.md §5: ASCOF 2D (2024-25 on), remained in the community 84 days after discharge into reablement. */
class Ascof2dTest {

    private static Queries year() {
        return period("2024-04-01", "2025-03-31");
    }

    /** An 80-year-old admitted 1 Jun 2024 (emergency), discharged home on 10 Jun 2024 into home reablement started that day. */
    private static TestLog oneLinked() {
        return aLog().referral("r1").patient("pk-ann").aged(80).admitted("2024-06-01").admissionMethod("21")
                .dischargedHome("2024-06-10").placement("p1", "hf", REABLEMENT_HOME, "2024-06-10");
    }

    @Test
    void aLinkedDischargeWithNoEventInTheWindowRemainedInTheCommunity() {
        Figure f = year().compute(ASCOF_2D, oneLinked());

        assertThat(f.numerator()).isEqualTo(1L);
        assertThat(f.denominator()).isEqualTo(1L);
        assertThat(f.value()).isEqualByComparingTo(dec("1"));
        assertThat(f.label()).startsWith("national");
        assertThat(f.drillDown().numerator()).containsExactly("r1");
        assertThat(measure(f, "died")).isEqualTo(0L);
        assertThat(measure(f, "readmitted")).isEqualTo(0L);
        assertThat(measure(f, "enteredLongTermCare")).isEqualTo(0L);
    }

    @ParameterizedTest(name = "discharge {0}, reablement start {1} -> {2}")
    @CsvSource(textBlock = """
            2024-06-10, 2024-06-17, 1
            2024-06-10, 2024-06-18, 0
            2024-06-10, 2024-06-07, 1
            2024-06-10, 2024-06-06, 0
            """)
    void dischargeLinksFrom7DaysBeforeTo3DaysAfterTheStart(String discharged, String start, long linked) {
        // start 17 Jun: discharge is start - 7 (in); 18 Jun: start - 8 (out); 7 Jun: start + 3 (in); 6 Jun: start + 4 (out).
        // Admitted 1 Jun, on or before every start.
        TestLog log = aLog().referral("r1").aged(80).admitted("2024-06-01").dischargedHome(discharged)
                .placement("p1", "hf", REABLEMENT_HOME, start);

        Figure f = year().compute(ASCOF_2D, log);

        assertThat(f.denominator()).isEqualTo(linked);
        assertThat(measure(f, "eligibleDischarges")).isEqualTo(1L);
        assertThat(measure(f, "dischargedIntoReablement")).isEqualTo(linked);
    }

    @Test
    void admissionAfterTheReablementStartDoesNotLink() {
        TestLog log = aLog().referral("r1").aged(80).admitted("2024-06-09").dischargedHome("2024-06-10")
                .placement("p1", "hf", REABLEMENT_HOME, "2024-06-08");

        assertThat(year().compute(ASCOF_2D, log).denominator()).isZero();
    }

    @ParameterizedTest(name = "{0} is not ST-Max reablement -> {1}")
    @CsvSource(textBlock = """
            REABLEMENT_HOME,      1
            BEDDED_REABLEMENT,    1
            REHAB_HOME,           0
            BEDDED_REHAB,         0
            SHORT_TERM_DOMCARE,   0
            SHORT_TERM_CARE_HOME, 0
            """)
    void onlyReablementServicesLink(ServiceType type, long linked) {
        TestLog log = aLog().referral("r1").aged(80).admitted("2024-06-01").dischargedHome("2024-06-10")
                .placement("p1", "svc", type, "2024-06-10");

        assertThat(year().compute(ASCOF_2D, log).denominator()).isEqualTo(linked);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # case                               | age | admitted   | method | destination | dischargeMethod | excludedBy               | eligible
            aged 65                              | 65  | 2024-06-01 | 21     | 19          | 1               | none                     | 1
            aged 64                              | 64  | 2024-06-01 | 21     | 19          | 1               | none                     | 0
            zero-day stay                        | 80  | 2024-06-10 | 21     | 19          | 1               | excludedZeroDayStays     | 0
            admission method 31                  | 80  | 2024-06-01 | 31     | 19          | 1               | excludedAdmissionMethods | 0
            admission method 32                  | 80  | 2024-06-01 | 32     | 19          | 1               | excludedAdmissionMethods | 0
            admission method 82                  | 80  | 2024-06-01 | 82     | 19          | 1               | excludedAdmissionMethods | 0
            admission method 83                  | 80  | 2024-06-01 | 83     | 19          | 1               | excludedAdmissionMethods | 0
            admission method 81 stays            | 80  | 2024-06-01 | 81     | 19          | 1               | none                     | 1
            admission method not recorded stays  | 80  | 2024-06-01 | none   | 19          | 1               | none                     | 1
            discharge method 4 (died)            | 80  | 2024-06-01 | 21     | 79          | 4               | excludedDischargeMethods | 0
            discharge method 5 (stillbirth)      | 80  | 2024-06-01 | 21     | 79          | 5               | excludedDischargeMethods | 0
            destination 49                       | 80  | 2024-06-01 | 21     | 49          | 1               | excludedDestinations     | 0
            destination 50                       | 80  | 2024-06-01 | 21     | 50          | 1               | excludedDestinations     | 0
            destination 51                       | 80  | 2024-06-01 | 21     | 51          | 1               | excludedDestinations     | 0
            destination 52                       | 80  | 2024-06-01 | 21     | 52          | 1               | excludedDestinations     | 0
            destination 87                       | 80  | 2024-06-01 | 21     | 87          | 1               | excludedDestinations     | 0
            destination 88                       | 80  | 2024-06-01 | 21     | 88          | 1               | excludedDestinations     | 0
            destination 54 (care home) stays     | 80  | 2024-06-01 | 21     | 54          | 1               | none                     | 1
            """)
    void exclusionsAreExactlyThoseOfReturnsMd(String name, int age, String admitted, String method, String destination,
            String dischargeMethod, String excludedBy, long eligible) {
        TestLog log = aLog().referral("r1").aged(age).admitted(admitted).admissionMethod(method)
                .discharged("2024-06-10", destination, dischargeMethod).placement("p1", "hf", REABLEMENT_HOME, "2024-06-10");

        Figure f = year().compute(ASCOF_2D, log);

        assertThat(f.denominator()).isEqualTo(eligible);
        assertThat(measure(f, "eligibleDischarges")).isEqualTo(eligible);
        if (excludedBy != null) {
            assertThat(measure(f, excludedBy)).isEqualTo(1L);
            assertThat(f.drillDown().other().get(excludedBy)).containsExactly("r1");
        }
    }

    @ParameterizedTest(name = "death on {0} -> remained {1}")
    @CsvSource(textBlock = """
            2024-09-02, 0
            2024-09-03, 1
            """)
    void deathCountsOnDay84NotDay85(String diedOn, long remained) {
        // discharge 10 Jun 2024 + 84 days = 2 Sep 2024
        Figure f = year().compute(ASCOF_2D, oneLinked().placementEnded("p1", diedOn, EndReason.DIED));

        assertThat(f.denominator()).isEqualTo(1L);
        assertThat(f.numerator()).isEqualTo(remained);
        assertThat(measure(f, "died")).isEqualTo(1L - remained);
    }

    @ParameterizedTest(name = "long-term care from {0} -> remained {1}")
    @CsvSource(textBlock = """
            2024-09-02, 0
            2024-09-03, 1
            """)
    void longTermCareCountsOnDay84NotDay85(String since, long remained) {
        Figure f = year().compute(ASCOF_2D, oneLinked().followUpSince("p1", CARE_HOME, "2024-09-10", since));

        assertThat(f.numerator()).isEqualTo(remained);
        assertThat(measure(f, "enteredLongTermCare")).isEqualTo(1L - remained);
    }

    @Test
    void aPlacementEndedIntoAFundedCareHomeIsLongTermCare() {
        Figure f = year().compute(ASCOF_2D, oneLinked().placementEnded("p1", "2024-07-01", EndReason.LA_FUNDED_PLACEMENT));

        assertThat(f.numerator()).isZero();
        assertThat(measure(f, "enteredLongTermCare")).isEqualTo(1L);
        assertThat(f.drillDown().other().get("enteredLongTermCare")).containsExactly("r1");
    }

    @Test
    void aFollowUpDeathWithItsDateCounts() {
        Figure f = year().compute(ASCOF_2D, oneLinked().followUpSince("p1", DIED, "2024-09-10", "2024-08-01"));

        assertThat(f.numerator()).isZero();
        assertThat(measure(f, "died")).isEqualTo(1L);
    }

    @ParameterizedTest(name = "[{index}] readmitted {1} as {2}, same person {3} -> readmitted {4}")
    @CsvSource(textBlock = """
            day 84 emergency,          2024-09-02, 21, true,  1
            day 85 emergency,          2024-09-03, 21, true,  0
            on the discharge day,      2024-06-10, 2A, true,  1
            elective readmission,      2024-07-01, 11, true,  0
            method not recorded,       2024-07-01,   , true,  0
            another person,            2024-07-01, 21, false, 0
            """)
    void emergencyReadmissionOfTheSamePatientKeyWithin84Days(String name, String admitted, String method, boolean samePerson,
            long readmitted) {
        TestLog log = oneLinked().referral("r2").patient(samePerson ? "pk-ann" : "pk-bob").aged(80).admitted(admitted)
                .admissionMethod(method);

        Figure f = year().compute(ASCOF_2D, log);

        assertThat(f.denominator()).isEqualTo(1L);
        assertThat(f.numerator()).isEqualTo(1L - readmitted);
        assertThat(measure(f, "readmitted")).isEqualTo(readmitted);
    }

    @Test
    void anEarlierSpellOfTheSamePersonIsNotAReadmission() {
        TestLog log = aLog().referral("r0").patient("pk-ann").aged(80).admitted("2024-05-01").admissionMethod("21")
                .dischargedHome("2024-05-10");
        log.referral("r1").patient("pk-ann").aged(80).admitted("2024-06-01").admissionMethod("21")
                .dischargedHome("2024-06-10").placement("p1", "hf", REABLEMENT_HOME, "2024-06-10");

        Figure f = year().compute(ASCOF_2D, log);

        assertThat(f.drillDown().denominator()).containsExactly("r1");
        assertThat(f.numerator()).isEqualTo(1L);
    }

    @ParameterizedTest(name = "known on {0} -> pending {1}")
    @CsvSource(textBlock = """
            2024-09-02T12:00:00Z, 0
            2024-09-01T12:00:00Z, 1
            """)
    void aDischargeCountsOnlyOnceDay84HasBeenReached(String knownAt, long pending) {
        Figure f = year().knownAt(knownAt).compute(ASCOF_2D, oneLinked());

        assertThat(f.denominator()).isEqualTo(1L - pending);
        assertThat(measure(f, "pending")).isEqualTo(pending);
        assertThat(measure(f, "dischargedIntoReablement")).isEqualTo(1L);
    }

    @Test
    void aLateDeathChangesTheFigureOnlyFromWhenItWasRecorded() {
        TestLog log = oneLinked().on("2024-10-01").placementEnded("p1", "2024-07-01", EndReason.DIED);

        assertThat(year().knownAt("2024-09-30T12:00:00Z").compute(ASCOF_2D, log).numerator()).isEqualTo(1L);
        assertThat(year().knownAt("2024-10-01T12:00:00Z").compute(ASCOF_2D, log).numerator()).isZero();
    }

    /**
     * A small year, hand-computed: A 70 remained; B 78 died; C 88 readmitted (emergency, same key); D 90 entered long-term
     * care; E 82 eligible but no reablement; F 80 discharged before the year. 1 of 4, provision 4 of 5. The ascof-reablement
     * return's test builds on it.
     */
    static TestLog aYear() {
        return aLog()
                .referral("A").aged(70).admitted("2024-04-02").dischargedHome("2024-04-05")
                .placement("pA", "hf", REABLEMENT_HOME, "2024-04-05")
                .referral("B").aged(78).admitted("2024-05-01").dischargedHome("2024-05-10")
                .placement("pB", "br", BEDDED_REABLEMENT, "2024-05-12").placementEnded("pB", "2024-06-01", EndReason.DIED)
                .referral("C").patient("pk-c").aged(88).admitted("2024-06-01").dischargedHome("2024-06-10")
                .placement("pC", "hf", REABLEMENT_HOME, "2024-06-08")
                .referral("C2").patient("pk-c").aged(88).admitted("2024-07-01").admissionMethod("22")
                .referral("D").aged(90).admitted("2024-08-01").dischargedHome("2024-08-10")
                .placement("pD", "hf", REABLEMENT_HOME, "2024-08-10").placementEnded("pD", "2024-09-01", EndReason.SELF_FUNDED_PLACEMENT)
                .referral("E").aged(82).admitted("2024-08-01").dischargedHome("2024-08-10")
                .referral("F").aged(80).admitted("2024-03-01").dischargedHome("2024-03-10")
                .placement("pF", "hf", REABLEMENT_HOME, "2024-03-10");
    }

    @Test
    void aYearWithEachOutcomeAndTheAgeBands() {
        TestLog log = aYear();

        Figure f = year().compute(ASCOF_2D, log);

        assertThat(f.numerator()).isEqualTo(1L);
        assertThat(f.denominator()).isEqualTo(4L);
        assertThat(f.value()).isEqualByComparingTo(dec("0.25"));
        assertThat(f.drillDown().numerator()).containsExactly("A");
        assertThat(f.drillDown().denominator()).containsExactly("A", "B", "C", "D");
        assertThat(f.drillDown().other().get("died")).containsExactly("B");
        assertThat(f.drillDown().other().get("readmitted")).containsExactly("C");
        assertThat(f.drillDown().other().get("enteredLongTermCare")).containsExactly("D");
        assertThat(measure(f, "eligibleDischarges")).isEqualTo(5L);
        assertThat((BigDecimal) measure(f, "provision")).isEqualByComparingTo(dec("0.8"));
        assertThat(measure(f, "ageBands.65-74.denominator")).isEqualTo(1L);
        assertThat(measure(f, "ageBands.65-74.numerator")).isEqualTo(1L);
        assertThat(measure(f, "ageBands.75-84.denominator")).isEqualTo(1L);
        assertThat(measure(f, "ageBands.85+.denominator")).isEqualTo(2L);
        assertThat(measure(f, "ageBands.85+.numerator")).isEqualTo(0L);

        Figure byAge = year().by(Breakdown.AGE_BAND).compute(ASCOF_2D, log);
        assertThat(group(byAge, "85+").denominator()).isEqualTo(2L);
        assertThat(group(byAge, "65-74").numerator()).isEqualTo(1L);
    }

    @Test
    void aPeriodOtherThanAFinancialYearFrom2024IsALocalProxy() {
        assertThat(period("2024-04-01", "2024-06-30").compute(ASCOF_2D, oneLinked()).label()).startsWith("local proxy");
        assertThat(period("2023-04-01", "2024-03-31").compute(ASCOF_2D, aLog()).label()).startsWith("local proxy");
        assertThat(FigureEngine.FIGURES).containsSubsequence("still-at-home-91", ASCOF_2D);
    }
}
