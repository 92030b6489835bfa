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
import static org.d2aflow.metrics.domain.FigureEngine.LENGTH_OF_STAY;
import static org.d2aflow.metrics.domain.FigureEngine.LENGTH_OF_STAY_CENSUS;
import static org.d2aflow.metrics.domain.Queries.census;
import static org.d2aflow.metrics.domain.Queries.dec;
import static org.d2aflow.metrics.domain.Queries.group;
import static org.d2aflow.metrics.domain.Queries.groupKeys;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** METRICS.md §3: acute length of stay of discharges in a period, and the census of patients still in hospital. */
class LengthOfStayTest {

    private static Queries february() {
        return period("2024-02-01", "2024-02-29");
    }

    /** Ten February discharges with stays 0, 1, 3, 6, 7, 13, 14, 20, 21, 45 days, and one in March. */
    static TestLog februaryDischarges() {
        return aLog()
                .referral("s00").admitted("2024-02-05").decided(P0, SOCIAL_SUPPORT, "2024-02-05").dischargedHome("2024-02-05") // 0: same day
                .referral("s01").admitted("2024-02-04").decided(P0, SOCIAL_SUPPORT, "2024-02-05").dischargedHome("2024-02-05") // 1
                .referral("s03").admitted("2024-02-01").decided(P0, SOCIAL_SUPPORT, "2024-02-03").dischargedHome("2024-02-04") // 3
                .referral("s06").admitted("2024-01-30").decided(P1, REABLEMENT_HOME, "2024-02-02").dischargedHome("2024-02-05") // 1+5 = 6
                .referral("s07").admitted("2024-01-29").decided(P1, REABLEMENT_HOME, "2024-02-02").dischargedHome("2024-02-05") // 2+5 = 7
                .referral("s13").admitted("2024-01-23").decided(P1, REABLEMENT_HOME, "2024-02-02").dischargedHome("2024-02-05") // 8+5 = 13
                .referral("s14").admitted("2024-01-22").decided(P2, BEDDED_REABLEMENT, "2024-02-02")
                .discharged("2024-02-05", "51", "1") // 9+5 = 14
                .referral("s20").admitted("2024-02-01").decided(P2, BEDDED_REABLEMENT, "2024-02-15")
                .discharged("2024-02-21", "51", "1") // 20
                .referral("s21").admitted("2024-02-01").decided(P3, SHORT_TERM_CARE_HOME, "2024-02-15")
                .discharged("2024-02-22", "85", "1") // 21
                .referral("s45").admitted("2024-01-15").decided(P3, SHORT_TERM_CARE_HOME, "2024-02-20")
                .discharged("2024-02-29", "85", "1") // 16+29 = 45, on the leap day that ends the period
                .referral("march").admitted("2024-02-20").dischargedHome("2024-03-01"); // after the period
    }

    @Test
    void summaryOfTheStaysByHand() {
        Figure f = february().compute(LENGTH_OF_STAY, februaryDischarges());

        // sorted 0,1,3,6,7,13,14,20,21,45; n = 10; sum = 130
        assertThat(measure(f, "count")).isEqualTo(10L);
        assertThat(measure(f, "mean")).isEqualTo(dec("13.00")); // 130/10
        assertThat(measure(f, "median")).isEqualTo(dec("10.0")); // (7+13)/2
        assertThat(measure(f, "p90")).isEqualTo(21); // nearest rank ceil(0.9*10) = 9th = 21
        assertThat(measure(f, "min")).isEqualTo(0);
        assertThat(measure(f, "max")).isEqualTo(45);
        assertThat(measure(f, "shareAtLeast7")).isEqualTo(dec("0.6000")); // 7,13,14,20,21,45 = 6/10
        assertThat(measure(f, "shareAtLeast14")).isEqualTo(dec("0.4000")); // 14,20,21,45 = 4/10
        assertThat(measure(f, "shareAtLeast21")).isEqualTo(dec("0.2000")); // 21,45 = 2/10
        assertThat(f.drillDown().denominator()).hasSize(10).doesNotContain("march");
    }

    @Test
    void sameDayDischargeIsZeroDays() {
        Figure f = february().compute(LENGTH_OF_STAY,
                aLog().referral("r1").admitted("2024-02-05").dischargedHome("2024-02-05"));

        assertThat(measure(f, "mean")).isEqualTo(dec("0.00"));
        assertThat(measure(f, "max")).isEqualTo(0);
        assertThat(measure(f, "shareAtLeast7")).isEqualTo(dec("0.0000"));
    }

    @Test
    void byPathwayEachGroupHasItsOwnSummaryAndShares() {
        Figure f = february().by(Breakdown.PATHWAY).compute(LENGTH_OF_STAY, februaryDischarges());

        assertThat(f.breakdown()).isEqualTo("pathway");
        assertThat(groupKeys(f)).containsExactly("P0", "P1", "P2", "P3");
        Map<String, Object> p0 = group(f, "P0").measures(); // 0, 1, 3
        assertThat(p0).containsEntry("count", 3L).containsEntry("mean", dec("1.33")) // 4/3 = 1.333
                .containsEntry("median", dec("1.0")).containsEntry("p90", 3) // ceil(2.7) = 3rd
                .containsEntry("shareAtLeast7", dec("0.0000"));
        Map<String, Object> p1 = group(f, "P1").measures(); // 6, 7, 13
        assertThat(p1).containsEntry("mean", dec("8.67")) // 26/3 = 8.667
                .containsEntry("median", dec("7.0")).containsEntry("p90", 13)
                .containsEntry("shareAtLeast7", dec("0.6667")) // 2/3
                .containsEntry("shareAtLeast14", dec("0.0000"));
        Map<String, Object> p2 = group(f, "P2").measures(); // 14, 20
        assertThat(p2).containsEntry("mean", dec("17.00")).containsEntry("median", dec("17.0")).containsEntry("p90", 20)
                .containsEntry("shareAtLeast14", dec("1.0000")).containsEntry("shareAtLeast21", dec("0.0000"));
        Map<String, Object> p3 = group(f, "P3").measures(); // 21, 45
        assertThat(p3).containsEntry("mean", dec("33.00")).containsEntry("shareAtLeast21", dec("1.0000"));
    }

    @Test
    void aDischargeWithoutItsSubmissionIsReportedAsIncomplete() {
        Figure f = february().compute(LENGTH_OF_STAY, aLog().referral("orphan").withoutSubmission().dischargedHome("2024-02-05"));

        assertThat(measure(f, "count")).isEqualTo(0L);
        assertThat(f.incomplete()).containsEntry("dischargedWithoutSubmission", 1L);
    }

    // --- census ---------------------------------------------------------------------------------------------

    /** Patients around a census on 10 Feb 2024. */
    static TestLog censusLog() {
        return aLog()
                .referral("c1").admitted("2024-02-10") // admitted on D: in, 0 days
                .referral("c2").admitted("2024-02-11") // admitted after D: out
                .referral("c3").admitted("2024-02-01").dischargedHome("2024-02-10") // discharged on D: out
                .referral("c4").admitted("2024-02-01").dischargedHome("2024-02-11") // discharged after D: in, 9 days
                .referral("c5").admitted("2024-01-27") // in, 4+10 = 14 days
                .referral("c6").admitted("2024-01-20") // withdrawn on D (below): out
                .referral("c7").admitted("2024-01-20") // withdrawn after D (below): in, 11+10 = 21 days
                .referral("c8").admitted("2024-02-03") // in, 7 days
                .referral("c9").admitted("2024-01-21").dischargedHome("2024-03-01") // in, 10+10 = 20 days
                .on("2024-02-10").forReferral("c6").withdrawn("no longer needs D2A")
                .on("2024-02-11").forReferral("c7").withdrawn("transferred");
    }

    @Test
    void censusCountsAdmittedOnOrBeforeTheDayAndNotDischargedNorWithdrawnByIt() {
        Figure f = census("2024-02-10").compute(LENGTH_OF_STAY_CENSUS, censusLog());

        assertThat(f.censusDate()).isEqualTo(LocalDate.parse("2024-02-10"));
        assertThat(f.drillDown().denominator()).containsExactly("c1", "c4", "c5", "c7", "c8", "c9");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("count", 6L); // c1, c4, c5, c7, c8, c9
        expected.put("atLeast7", 5L); // c4 9, c5 14, c7 21, c8 7, c9 20
        expected.put("atLeast14", 3L); // c5, c7, c9
        expected.put("atLeast21", 1L); // c7
        assertThat(f.measures()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "census on {0} -> {1} in hospital")
    @CsvSource(textBlock = """
            2024-01-19, 0
            2024-01-20, 2
            2024-02-09, 7
            2024-02-11, 5
            2024-03-01, 4
            """)
    void censusMovesWithTheDay(String day, long count) {
        // 01-19: nobody admitted yet (earliest admissions are c6 and c7 on 01-20)
        // 01-20: c6, c7 = 2
        // 02-09: admitted c3, c4, c5, c6, c7, c8, c9; none discharged or withdrawn yet = 7
        // 02-11: all 9 admitted; out: c3 (disch 02-10), c4 (disch 02-11), c6 (wd 02-10), c7 (wd 02-11) -> c1, c2, c5, c8, c9 = 5
        // 03-01: as 02-11, and c9 discharged 03-01 -> c1, c2, c5, c8 = 4
        Figure f = census(day).compute(LENGTH_OF_STAY_CENSUS, censusLog());

        assertThat(f.measures()).containsEntry("count", count);
    }
}
