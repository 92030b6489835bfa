package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.contracts.Pathway.P0;
import static org.d2aflow.contracts.Pathway.P1;
import static org.d2aflow.contracts.Pathway.P2;
import static org.d2aflow.contracts.Pathway.P3;
import static org.d2aflow.contracts.ServiceType.BEDDED_REABLEMENT;
import static org.d2aflow.contracts.ServiceType.REABLEMENT_HOME;
import static org.d2aflow.contracts.ServiceType.SHORT_TERM_CARE_HOME;
import static org.d2aflow.contracts.ServiceType.SOCIAL_SUPPORT;
import static org.d2aflow.metrics.domain.FigureEngine.FLOW_TIMES;
import static org.d2aflow.metrics.domain.FigureEngine.PATHWAY_MIX;
import static org.d2aflow.metrics.domain.Queries.dec;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** METRICS.md §5: pathway mix (latest decision per referral, decided in the period) and flow times. */
class PathwayMixAndFlowTimesTest {

    private static Queries january() {
        return period("2024-01-01", "2024-01-31");
    }

    static TestLog decisions() {
        return aLog()
                .referral("m1").aged(80).decided(P0, SOCIAL_SUPPORT, "2024-01-05")
                .referral("m2").aged(50).decided(P0, SOCIAL_SUPPORT, "2024-01-06")
                .referral("m3").aged(70).decided(P1, REABLEMENT_HOME, "2024-01-10")
                .referral("m4").aged(90).decided(P1, REABLEMENT_HOME, "2024-01-31") // last day of the period
                .referral("m5").aged(66).decided(P2, BEDDED_REABLEMENT, "2023-12-20").decided(P1, REABLEMENT_HOME, "2024-01-03") // latest: P1
                .referral("m6").aged(80).decided(P1, REABLEMENT_HOME, "2024-01-15").decided(P2, BEDDED_REABLEMENT, "2024-02-01") // latest: Feb
                .referral("m7").aged(64).decided(P2, BEDDED_REABLEMENT, "2024-01-20")
                .referral("m8").aged(85).decided(P3, SHORT_TERM_CARE_HOME, "2024-01-25")
                .referral("m9").aged(85); // no decision
    }

    @Test
    void sharesOfTheLatestDecisionPerReferralDecidedInThePeriod() {
        Figure f = january().compute(PATHWAY_MIX, decisions());

        // in the period: m1, m2 (P0), m3, m4, m5 (P1), m7 (P2), m8 (P3) = 7; m6's latest decision is in February
        assertThat(f.denominator()).isEqualTo(7L);
        assertThat(measure(f, "decisions.total")).isEqualTo(7L);
        assertThat(measure(f, "decisions.P0")).isEqualTo(Map.of("count", 2L, "share", dec("0.2857"))); // 2/7 = 0.28571
        assertThat(measure(f, "decisions.P1")).isEqualTo(Map.of("count", 3L, "share", dec("0.4286"))); // 3/7 = 0.42857
        assertThat(measure(f, "decisions.P2")).isEqualTo(Map.of("count", 1L, "share", dec("0.1429"))); // 1/7 = 0.14286
        assertThat(measure(f, "decisions.P3")).isEqualTo(Map.of("count", 1L, "share", dec("0.1429")));
        assertThat(f.drillDown().other()).containsEntry("P0", List.of("m1", "m2")).containsEntry("P1", List.of("m3", "m4", "m5"))
                .containsEntry("P2", List.of("m7")).containsEntry("P3", List.of("m8"));
    }

    @Test
    void sharesOfPeopleAged65PlusSitNextToTheNationalPlanningProportions() {
        Figure f = january().compute(PATHWAY_MIX, decisions());

        // 65+: m1 (P0), m3, m4, m5 (P1), m8 (P3) = 5; m2 is 50, m7 is 64
        assertThat(measure(f, "decisionsAged65Plus.total")).isEqualTo(5L);
        assertThat(measure(f, "decisionsAged65Plus.P0.share")).isEqualTo(dec("0.2000")); // 1/5
        assertThat(measure(f, "decisionsAged65Plus.P1.share")).isEqualTo(dec("0.6000")); // 3/5
        assertThat(measure(f, "decisionsAged65Plus.P2.share")).isEqualTo(dec("0.0000")); // 0/5
        assertThat(measure(f, "decisionsAged65Plus.P3.share")).isEqualTo(dec("0.2000")); // 1/5
        assertThat(measure(f, "nationalPlanningAged65Plus")).isEqualTo(
                Map.of("P0", "at least 0.50", "P1", "at least 0.45", "P2", "at most 0.04", "P3", "at most 0.01"));
        assertThat(measure(f, "seedsLocalMixOfHubReferrals")).isEqualTo(
                Map.of("noFurtherSupport", "0.20", "reablementAtHome", "0.52", "bedded", "0.28"));
    }

    @Test
    void sixtyFiveIsSixtyFivePlusAndAnAgeAtDischargeWins() {
        TestLog log = aLog()
                .referral("a1").aged(65).decided(P1, REABLEMENT_HOME, "2024-01-05") // 65 at admission: 65+
                .referral("a2").aged(64).decided(P1, REABLEMENT_HOME, "2024-01-06") // 64: not
                .referral("a3").aged(64).decided(P0, SOCIAL_SUPPORT, "2024-01-07").discharged("2024-01-08", "19", "1", 65); // 65 at discharge

        Figure f = january().compute(PATHWAY_MIX, log);

        assertThat(measure(f, "decisionsAged65Plus.P1.count")).isEqualTo(1L);
        assertThat(measure(f, "decisionsAged65Plus.P0.count")).isEqualTo(1L);
        assertThat(measure(f, "decisions.total")).isEqualTo(3L);
    }

    @ParameterizedTest(name = "known at {0}: P1 {1}, P2 {2}")
    @CsvSource(textBlock = """
            2024-01-10T12:00:00Z, 0, 1
            2024-01-20T12:00:00Z, 1, 0
            """)
    void aDecisionRecordedAfterTheAsKnownAtTimeIsIgnored(String knownAt, long p1, long p2) {
        TestLog log = aLog().on("2024-01-05").referral("r1").decided(P2, BEDDED_REABLEMENT, "2024-01-05")
                .on("2024-01-15").decided(P1, REABLEMENT_HOME, "2024-01-15");

        Figure f = january().knownAt(knownAt).compute(PATHWAY_MIX, log);

        assertThat(measure(f, "decisions.P1.count")).isEqualTo(p1);
        assertThat(measure(f, "decisions.P2.count")).isEqualTo(p2);
    }

    // --- flow times -----------------------------------------------------------------------------------------

    /** Recorded days matter here: referral = submission recorded, claim = claim recorded (Europe/London dates). */
    static TestLog flows() {
        return aLog()
                .on("2024-01-01").referral("f3").admitted("2023-12-28").submitted()
                .on("2024-01-02").referral("f1").admitted("2023-12-30").submitted()
                .on("2024-01-03").referral("f2").admitted("2024-01-01").decided(P1, REABLEMENT_HOME, "2024-01-03")
                .on("2024-01-04").referral("f4").admitted("2024-01-02").submitted()
                .on("2024-01-05").forReferral("f1").decided(P1, REABLEMENT_HOME, "2024-01-05")
                .on("2024-01-07").forReferral("f1").claimed("hf", "c1", "2024-01-08")
                .on("2024-01-08").forReferral("f1").dischargedHome("2024-01-08").placement("p1", "hf", REABLEMENT_HOME, "2024-01-08")
                .on("2024-01-09").forReferral("f4").decided(P1, REABLEMENT_HOME, "2024-01-09").claimed("hf", "c4a", "2024-01-16")
                .on("2024-01-10").forReferral("f2").claimed("hf", "c2", "2024-01-12").dischargedHome("2024-01-10")
                .on("2024-01-11").forReferral("f3").decided(P2, BEDDED_REABLEMENT, "2024-01-11")
                .on("2024-01-12").forReferral("f3").discharged("2024-01-12", "51", "1")
                .forReferral("f2").placement("p2", "hf", REABLEMENT_HOME, "2024-01-12")
                .on("2024-01-15").forReferral("f4").dischargedHome("2024-01-15")
                .on("2024-01-16").forReferral("f4").placement("p4a", "hf", REABLEMENT_HOME, "2024-01-16")
                .on("2024-01-20").forReferral("f4").claimed("br", "c4b", "2024-01-25")
                .on("2024-01-25").forReferral("f4").placement("p4b", "br", BEDDED_REABLEMENT, "2024-01-25")
                .on("2024-02-03").referral("f5").decided(P1, REABLEMENT_HOME, "2024-02-03"); // decided after the period
    }

    @Test
    void flowTimesByHand() {
        Figure f = january().compute(FLOW_TIMES, flows());

        assertThat(f.denominator()).isEqualTo(4L); // f1..f4 decided in January
        // referral -> decision: f1 01-02->01-05 = 3, f2 0, f3 01-01->01-11 = 10, f4 01-04->01-09 = 5
        //   sorted 0,3,5,10: mean 18/4 = 4.50, median (3+5)/2 = 4.0, p90 4th = 10
        assertThat(measure(f, "referralToDecisionDays")).isEqualTo(summary(4, "4.50", "4.0", 10, 0, 10));
        // decision -> first claim recorded: f1 01-05->01-07 = 2, f2 01-03->01-10 = 7, f4 01-09->01-09 = 0 (f3 none)
        //   sorted 0,2,7: mean 9/3 = 3.00, median 2.0, p90 3rd = 7
        assertThat(measure(f, "decisionToClaimDays")).isEqualTo(summary(3, "3.00", "2.0", 7, 0, 7));
        // discharge -> first placement start: f1 0, f2 01-10->01-12 = 2, f4 01-15->01-16 = 1 (f3 none)
        //   sorted 0,1,2: mean 1.00, median 1.0, p90 3rd = 2
        assertThat(measure(f, "dischargeToPlacementStartDays")).isEqualTo(summary(3, "1.00", "1.0", 2, 0, 2));
    }

    private static Map<String, Object> summary(long count, String mean, String median, int p90, int min, int max) {
        return Map.of("count", count, "mean", dec(mean), "median", dec(median), "p90", p90, "min", min, "max", max);
    }
}
