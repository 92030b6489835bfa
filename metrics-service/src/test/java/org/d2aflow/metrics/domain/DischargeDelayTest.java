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
import static org.d2aflow.metrics.domain.FigureEngine.DELAY_CENSUS;
import static org.d2aflow.metrics.domain.FigureEngine.DISCHARGE_DELAY;
import static org.d2aflow.metrics.domain.Queries.census;
import static org.d2aflow.metrics.domain.Queries.dec;
import static org.d2aflow.metrics.domain.Queries.group;
import static org.d2aflow.metrics.domain.Queries.groupKeys;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** METRICS.md §4: delay from the (latest) discharge ready date to discharge, and the census of patients past their DRD. */
class DischargeDelayTest {

    private static Queries march() {
        return period("2024-03-01", "2024-03-31");
    }

    /** Twelve March discharges with a DRD (delays 0,0,1,2,3,5,7,13,14,20,30 and a moved DRD giving 3), plus edge cases. */
    static TestLog marchDischarges() {
        return aLog()
                .referral("d00a").admitted("2024-03-01").decided(P0, SOCIAL_SUPPORT, "2024-03-04").drd("2024-03-05").dischargedHome("2024-03-05")
                .referral("d00b").admitted("2024-03-01").decided(P1, REABLEMENT_HOME, "2024-03-08").drd("2024-03-10").dischargedHome("2024-03-10")
                .referral("d01").admitted("2024-03-01").decided(P1, REABLEMENT_HOME, "2024-03-03").drd("2024-03-04").dischargedHome("2024-03-05")
                .referral("d02").admitted("2024-02-25").decided(P1, REABLEMENT_HOME, "2024-03-01").drd("2024-03-01").dischargedHome("2024-03-03")
                .referral("d03").admitted("2024-02-25").decided(P1, REABLEMENT_HOME, "2024-03-01").drd("2024-03-01").dischargedHome("2024-03-04")
                .referral("d05").admitted("2024-02-25").decided(P2, BEDDED_REABLEMENT, "2024-03-01").drd("2024-03-01")
                .discharged("2024-03-06", "51", "1")
                .referral("d07").admitted("2024-02-25").decided(P2, BEDDED_REABLEMENT, "2024-03-01").drd("2024-03-01")
                .discharged("2024-03-08", "51", "1")
                .referral("d13").admitted("2024-02-25").decided(P2, BEDDED_REABLEMENT, "2024-03-01").drd("2024-03-01")
                .discharged("2024-03-14", "51", "1")
                .referral("d14").admitted("2024-02-25").decided(P3, SHORT_TERM_CARE_HOME, "2024-03-01").drd("2024-03-01")
                .discharged("2024-03-15", "85", "1")
                .referral("d20").admitted("2024-02-25").decided(P3, SHORT_TERM_CARE_HOME, "2024-03-01").drd("2024-03-01")
                .discharged("2024-03-21", "85", "1")
                .referral("d30").admitted("2024-02-10").decided(P3, SHORT_TERM_CARE_HOME, "2024-02-20").drd("2024-02-20")
                .discharged("2024-03-21", "85", "1") // Feb 20 -> Feb 29 = 9 (leap year), + 21 = 30
                .referral("moved").admitted("2024-02-28").decided(P1, REABLEMENT_HOME, "2024-03-01").drd("2024-03-02")
                .drd("2024-03-09").dischargedHome("2024-03-12") // latest DRD 03-09: 3, not 10
                .referral("noDrd").admitted("2024-03-01").dischargedHome("2024-03-10")
                .referral("before").admitted("2024-03-01").drd("2024-03-20").dischargedHome("2024-03-15") // negative: invalid input
                .referral("february").admitted("2024-01-20").drd("2024-02-01").dischargedHome("2024-02-29"); // outside the period
    }

    @Test
    void delayMeasuresByHand() {
        Figure f = march().compute(DISCHARGE_DELAY, marchDischarges());

        // delays 0,0,1,2,3,3,5,7,13,14,20,30: n = 12, sum = 98, 2 on the day
        assertThat(measure(f, "count")).isEqualTo(12L);
        assertThat(measure(f, "shareOnDrd")).isEqualTo(dec("0.1667")); // 2/12
        assertThat(measure(f, "meanDelay")).isEqualTo(dec("8.17")); // 98/12 = 8.1667, zeros included
        assertThat(measure(f, "meanDelayAmongDelayed")).isEqualTo(dec("9.80")); // 98/10
        Map<String, Long> bands = new LinkedHashMap<>();
        bands.put("0", 2L); // d00a, d00b
        bands.put("1", 1L); // d01
        bands.put("2-3", 3L); // d02, d03, moved
        bands.put("4-6", 1L); // d05
        bands.put("7-13", 2L); // d07, d13
        bands.put("14-20", 2L); // d14, d20
        bands.put("21+", 1L); // d30
        assertThat(measure(f, "bands")).isEqualTo(bands);
        assertThat(measure(f, "bedDaysLost")).isEqualTo(98L); // the sum of the delays
    }

    @Test
    void dischargesWithoutADrdOrBeforeItAreReportedAsIncompleteAndLeftOut() {
        Figure f = march().compute(DISCHARGE_DELAY, marchDischarges());

        assertThat(f.incomplete()).containsEntry("dischargedWithoutDrd", 1L).containsEntry("dischargedBeforeDrd", 1L);
        assertThat(f.drillDown().other()).containsEntry("dischargedWithoutDrd", List.of("noDrd"))
                .containsEntry("dischargedBeforeDrd", List.of("before"));
        assertThat(f.drillDown().denominator()).doesNotContain("noDrd", "before", "february").hasSize(12);
    }

    @Test
    void byPathwayEachGroupHasItsOwnDelayMeasures() {
        Figure f = march().by(Breakdown.PATHWAY).compute(DISCHARGE_DELAY, marchDischarges());

        assertThat(groupKeys(f)).containsExactly("P0", "P1", "P2", "P3");
        Map<String, Object> p0 = group(f, "P0").measures(); // [0]
        assertThat(p0).containsEntry("count", 1L).containsEntry("shareOnDrd", dec("1.0000")).containsEntry("meanDelay", dec("0.00"));
        assertThat(p0.get("meanDelayAmongDelayed")).isNull(); // nobody delayed: no mean
        Map<String, Object> p1 = group(f, "P1").measures(); // d00b 0, d01 1, d02 2, d03 3, moved 3: sum 9
        assertThat(p1).containsEntry("count", 5L).containsEntry("shareOnDrd", dec("0.2000")) // 1/5
                .containsEntry("meanDelay", dec("1.80")) // 9/5
                .containsEntry("meanDelayAmongDelayed", dec("2.25")) // 9/4
                .containsEntry("bedDaysLost", 9L);
        Map<String, Object> p2 = group(f, "P2").measures(); // 5, 7, 13: sum 25
        assertThat(p2).containsEntry("meanDelay", dec("8.33")).containsEntry("meanDelayAmongDelayed", dec("8.33"));
        Map<String, Object> p3 = group(f, "P3").measures(); // 14, 20, 30: sum 64
        assertThat(p3).containsEntry("meanDelay", dec("21.33")).containsEntry("bedDaysLost", 64L);
    }

    @ParameterizedTest(name = "arrival order: {0}")
    @ValueSource(strings = {"in order", "reversed", "DRDs swapped"})
    void theLatestDrdByStreamVersionWinsWhateverTheArrivalOrder(String order) {
        List<EventEnvelope<? extends D2aEvent>> events = new ArrayList<>(aLog().referral("moved").admitted("2024-02-28")
                .drd("2024-03-02").drd("2024-03-09").dischargedHome("2024-03-12").envelopes());
        if (order.equals("reversed")) {
            Collections.reverse(events);
        } else if (order.equals("DRDs swapped")) {
            Collections.swap(events, 1, 2);
        }

        Figure f = march().compute(DISCHARGE_DELAY, TestLog.factsOf(events));

        assertThat(measure(f, "meanDelay")).isEqualTo(dec("3.00")); // 03-12 minus the version-3 DRD 03-09
    }

    @Test
    void theStreamVersionNotTheRecordedTimeDecidesWhichDrdIsLatest() {
        // clock skew: version 3 (DRD 03-09) carries an earlier recorded time than version 2 (DRD 03-02)
        TestLog log = aLog().referral("r1").admitted("2024-02-28").submitted()
                .at("2024-03-09T10:00:00Z").withVersion(3, new DischargeReadyDateSet("r1", LocalDate.parse("2024-03-09")))
                .at("2024-03-09T11:00:00Z").withVersion(2, new DischargeReadyDateSet("r1", LocalDate.parse("2024-03-02")))
                .withVersion(4, new PatientDischarged("r1", LocalDate.parse("2024-03-12"), "19", "1"));

        assertThat(measure(march().compute(DISCHARGE_DELAY, log), "meanDelay")).isEqualTo(dec("3.00")); // 03-12 - 03-09
    }

    @Test
    void aDrdRecordedAfterTheAsKnownAtTimeIsIgnored() {
        TestLog log = aLog().referral("r1").admitted("2024-02-28").drd("2024-03-02").dischargedHome("2024-03-12")
                .at("2024-04-02T10:00:00Z").drd("2024-03-09"); // corrected after the return

        assertThat(measure(march().knownAt("2024-04-01T00:00:00Z").compute(DISCHARGE_DELAY, log), "meanDelay"))
                .isEqualTo(dec("10.00")); // 03-12 - 03-02
        assertThat(measure(march().compute(DISCHARGE_DELAY, log), "meanDelay")).isEqualTo(dec("3.00")); // 03-12 - 03-09
    }

    // --- census --------------------------------------------------------------------------------------------

    /** Around a census on 10 Mar 2024. */
    static TestLog censusLog() {
        return aLog()
                .referral("k1").admitted("2024-03-01").decided(P1, REABLEMENT_HOME, "2024-03-04").drd("2024-03-05") // 5 days past
                .referral("k2").admitted("2024-03-01").decided(P1, REABLEMENT_HOME, "2024-03-09").drd("2024-03-10") // DRD is D: not past
                .referral("k3").admitted("2024-02-20").decided(P2, BEDDED_REABLEMENT, "2024-03-01").drd("2024-03-01")
                .discharged("2024-03-10", "51", "1") // discharged on D: out
                .referral("k4").admitted("2024-02-20").decided(P2, BEDDED_REABLEMENT, "2024-03-01").drd("2024-03-01")
                .discharged("2024-03-11", "51", "1") // still in on D: 9 days past
                .referral("k5").admitted("2024-03-01").drd("2024-03-08") // no decision: 2 days past
                .referral("k6").admitted("2024-02-20").decided(P3, SHORT_TERM_CARE_HOME, "2024-03-01").drd("2024-03-01")
                .referral("k7").admitted("2024-02-20").decided(P3, SHORT_TERM_CARE_HOME, "2024-03-01") // no DRD: out
                .referral("k8").admitted("2024-03-01").decided(P1, REABLEMENT_HOME, "2024-03-08").drd("2024-03-09") // 1 day past
                .on("2024-03-09").forReferral("k6").withdrawn("died on the ward"); // withdrawn before D: out
    }

    @Test
    void delayCensusCountsPatientsPastTheirDrdStillInHospitalByPathway() {
        Figure f = census("2024-03-10").compute(DELAY_CENSUS, censusLog());

        assertThat(f.breakdown()).isEqualTo("pathway"); // the default breakdown of this census
        assertThat(f.drillDown().denominator()).containsExactly("k1", "k4", "k5", "k8");
        assertThat(measure(f, "count")).isEqualTo(4L);
        assertThat(groupKeys(f)).containsExactly("P1", "P2", "none");
        assertThat(group(f, "P1").measures()).isEqualTo(Map.of("count", 2L)); // k1, k8
        assertThat(group(f, "P2").measures()).isEqualTo(Map.of("count", 1L)); // k4
        assertThat(group(f, "none").measures()).isEqualTo(Map.of("count", 1L)); // k5
        // days past DRD 5, 9, 2, 1 -> sorted 1, 2, 5, 9: mean 17/4 = 4.25, median (2+5)/2 = 3.5, p90 4th = 9
        assertThat(measure(f, "daysPastDrd.mean")).isEqualTo(dec("4.25"));
        assertThat(measure(f, "daysPastDrd.median")).isEqualTo(dec("3.5"));
        assertThat(measure(f, "daysPastDrd.p90")).isEqualTo(9);
    }

    @ParameterizedTest(name = "census on {0} -> {1}")
    @CsvSource(textBlock = """
            2024-03-05, 3
            2024-03-08, 4
            2024-03-11, 4
            """)
    void delayCensusMovesWithTheDay(String day, long count) {
        // "past the DRD" = DRD strictly before D; all admitted by 03-01
        // 03-05: DRD < D: k3, k4, k6 (03-01); k1's DRD is D itself; all still in (k6 withdrawn only 03-09) = 3
        // 03-08: k1 (03-05), k3, k4, k6; k5's DRD is D = 4
        // 03-11: DRD < D: k1, k2, k3, k4, k5, k6, k8; out: k3 (disch 03-10), k4 (disch 03-11), k6 (withdrawn 03-09)
        //        -> k1, k2, k5, k8 = 4
        Figure f = census(day).compute(DELAY_CENSUS, censusLog());

        assertThat(measure(f, "count")).isEqualTo(count);
    }
}
