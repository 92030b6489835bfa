package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.contracts.Pathway.P0;
import static org.d2aflow.contracts.Pathway.P1;
import static org.d2aflow.contracts.ServiceType.REABLEMENT_HOME;
import static org.d2aflow.contracts.ServiceType.SOCIAL_SUPPORT;
import static org.d2aflow.metrics.domain.FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE;
import static org.d2aflow.metrics.domain.FigureEngine.RETURNED_TO_OWN_RESIDENCE;
import static org.d2aflow.metrics.domain.Queries.dec;
import static org.d2aflow.metrics.domain.Queries.group;
import static org.d2aflow.metrics.domain.Queries.groupKeys;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.util.List;
import java.util.Map;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** METRICS.md §1: discharge to usual place of residence, and the companion "returned to own usual residence". */
class DischargeToUsualResidenceTest {

    /** A fresh query for Q4 2023-24 (January to March 2024); Queries is mutable, so one per use. */
    private static Queries q1() {
        return period("2024-01-01", "2024-03-31");
    }

    @ParameterizedTest(name = "[{index}] {0}: age {1}, destination {2}, method {3}, count29={4}, exclude99={5} -> {6} of {7}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                   | age | dest | method | c29   | x99   | num | den
            home (19) counts                           | 80  | 19   | 1      | false | false | 1   | 1
            self-discharge home still counts           | 80  | 19   | 6      | false | false | 1   | 1
            another hospital (51) is not home          | 80  | 51   | 1      | false | false | 0   | 1
            non-NHS care home (85) is not home         | 80  | 85   | 1      | false | false | 0   | 1
            death by method 4 is excluded              | 80  | 79   | 4      | false | false | 0   | 0
            stillbirth method 5 is excluded            | 80  | 79   | 5      | false | false | 0   | 0
            destination 79 alone is a death            | 80  | 79   | 9      | false | false | 0   | 0
            method 4 alone is a death                  | 80  | 19   | 4      | false | false | 0   | 0
            unfinished spell (98) is excluded          | 80  | 98   | 8      | false | false | 0   | 0
            under 18 at admission is excluded          | 17  | 19   | 1      | false | false | 0   | 0
            exactly 18 at admission is included        | 18  | 19   | 1      | false | false | 1   | 1
            temporary residence (29) not home          | 80  | 29   | 1      | false | false | 0   | 1
            temporary residence (29) home with option  | 80  | 29   | 1      | true  | false | 1   | 1
            unknown (99) is not home by default        | 80  | 99   | 9      | false | false | 0   | 1
            unknown (99) excluded with option          | 80  | 99   | 9      | false | true  | 0   | 0
            count29 option leaves 99 alone             | 80  | 99   | 9      | true  | false | 0   | 1
            exclude99 option leaves 29 alone           | 80  | 29   | 1      | false | true  | 0   | 1
            """)
    void oneDischargeIsClassifiedByDestinationMethodAgeAndOptions(String name, int age, String dest, String method, boolean c29,
            boolean x99, long num, long den) {
        TestLog log = aLog().referral("r1").aged(age).admitted("2024-01-10").discharged("2024-02-01", dest, method);

        Figure f = period("2024-01-01", "2024-03-31").count29AsHome(c29).excludeUnknown99(x99).compute(DISCHARGE_TO_USUAL_RESIDENCE, log);

        assertThat(f.numerator()).isEqualTo(num);
        assertThat(f.denominator()).isEqualTo(den);
        // value = num / den with four decimals; null when the denominator is 0
        assertThat(f.value()).isEqualTo(den == 0 ? null : dec(num == 1 ? "1.0000" : "0.0000"));
        assertThat(f.options()).isEqualTo(Map.of("count29AsHome", c29, "excludeUnknown99", x99));
    }

    @Test
    void deathsUnfinishedSpellsAndUnknownDestinationsAreCountedInTheMeasures() {
        TestLog log = aLog()
                .referral("died").discharged("2024-02-01", "79", "4")
                .referral("unfinished").discharged("2024-02-01", "98", "8")
                .referral("unknown").discharged("2024-02-01", "99", "9")
                .referral("home").dischargedHome("2024-02-01");

        Figure f = q1().excludeUnknown99(true).compute(DISCHARGE_TO_USUAL_RESIDENCE, log);

        assertThat(measure(f, "excludedDeaths")).isEqualTo(1L);
        assertThat(measure(f, "excludedUnfinishedSpells")).isEqualTo(1L);
        assertThat(measure(f, "destinationNotKnown")).isEqualTo(1L); // 99 is reported even when excluded
        assertThat(f.drillDown().other()).containsEntry("excludedDeaths", List.of("died"))
                .containsEntry("excludedUnfinishedSpells", List.of("unfinished"))
                .containsEntry("destinationNotKnown", List.of("unknown"));
        // only "home" is left: 1 of 1
        assertThat(f.numerator()).isEqualTo(1L);
        assertThat(f.denominator()).isEqualTo(1L);
    }

    /** Ten discharges around a quarter, three localities. */
    static TestLog quarter() {
        return aLog()
                .referral("a").locality("East").dischargedHome("2024-01-01")          // first day of period: in, home
                .referral("b").locality("East").discharged("2024-03-31", "51", "1")   // last day of period: in, not home
                .referral("c").locality("East").dischargedHome("2023-12-31")          // day before: out
                .referral("d").locality("East").dischargedHome("2024-04-01")          // day after: out
                .referral("e").locality("North and West").dischargedHome("2024-02-10")
                .referral("f").locality("North and West").discharged("2024-02-11", "79", "4") // death: excluded
                .referral("g").locality("City").dischargedHome("2024-02-12")
                .referral("h").locality("City").discharged("2024-02-13", "29", "1")
                .referral("i").locality("City").discharged("2024-02-14", "99", "9")
                .referral("j").locality("City").aged(17).dischargedHome("2024-02-15"); // under 18: out
    }

    @ParameterizedTest(name = "count29={0}, exclude99={1} -> {2} of {3} = {4}")
    @CsvSource(textBlock = """
            false, false, 3, 6, 0.5000
            true,  false, 4, 6, 0.6667
            false, true,  3, 5, 0.6000
            true,  true,  4, 5, 0.8000
            """)
    void periodBoundariesAreInclusiveAndOptionsMoveTheRatio(boolean c29, boolean x99, long num, long den, String value) {
        // in period and counted: a, b, e, g, h, i (6); home: a, e, g (3)
        // count29: h joins the numerator -> 4/6 = 0.6667; exclude99: i leaves the denominator -> 3/5 = 0.6; both -> 4/5 = 0.8
        Figure f = q1().count29AsHome(c29).excludeUnknown99(x99).compute(DISCHARGE_TO_USUAL_RESIDENCE, quarter());

        assertThat(f.numerator()).isEqualTo(num);
        assertThat(f.denominator()).isEqualTo(den);
        assertThat(f.value()).isEqualTo(dec(value));
    }

    @Test
    void drillDownListsTheReferralsBehindTheFigure() {
        Figure f = q1().compute(DISCHARGE_TO_USUAL_RESIDENCE, quarter());

        assertThat(f.drillDown().numerator()).containsExactly("a", "e", "g");
        assertThat(f.drillDown().denominator()).containsExactly("a", "b", "e", "g", "h", "i");
        assertThat(f.period()).isEqualTo(new Figure.Period(q1().build().from(), q1().build().to()));
        assertThat(f.groups()).isNull();
        assertThat(f.breakdown()).isNull();
    }

    @Test
    void breakdownByLocalityGivesOneRatioPerLocality() {
        Figure f = q1().by(Breakdown.LOCALITY).compute(DISCHARGE_TO_USUAL_RESIDENCE, quarter());

        assertThat(f.breakdown()).isEqualTo("locality");
        assertThat(groupKeys(f)).containsExactly("City", "East", "North and West");
        // City: g home, h (29) and i (99) not: 1/3 = 0.3333
        assertThat(group(f, "City")).isEqualTo(new Figure.Group("City", 1L, 3L, dec("0.3333"), null));
        // East: a home, b not: 1/2 = 0.5
        assertThat(group(f, "East")).isEqualTo(new Figure.Group("East", 1L, 2L, dec("0.5000"), null));
        // North and West: e home, f died (excluded): 1/1
        assertThat(group(f, "North and West")).isEqualTo(new Figure.Group("North and West", 1L, 1L, dec("1.0000"), null));
        // the groups add up to the headline: 1+1+1 = 3 of 3+2+1 = 6
        assertThat(f.groups().stream().mapToLong(Figure.Group::denominator).sum()).isEqualTo(f.denominator());
    }

    @Test
    void breakdownByAgeBandUsesTheNationalBands() {
        TestLog log = aLog()
                .referral("a18").aged(18).dischargedHome("2024-02-01")
                .referral("a64").aged(64).discharged("2024-02-01", "51", "1")
                .referral("a65").aged(65).dischargedHome("2024-02-01")
                .referral("a74").aged(74).dischargedHome("2024-02-01")
                .referral("a75").aged(75).dischargedHome("2024-02-01")
                .referral("a84").aged(84).discharged("2024-02-01", "85", "1")
                .referral("a85").aged(85).dischargedHome("2024-02-01");

        Figure f = q1().by(Breakdown.AGE_BAND).compute(DISCHARGE_TO_USUAL_RESIDENCE, log);

        assertThat(groupKeys(f)).containsExactly("18-64", "65-74", "75-84", "85+");
        assertThat(group(f, "18-64").numerator()).isEqualTo(1L); // a18 home, a64 not: 1/2
        assertThat(group(f, "18-64").denominator()).isEqualTo(2L);
        assertThat(group(f, "65-74").denominator()).isEqualTo(2L); // a65, a74
        assertThat(group(f, "75-84").value()).isEqualTo(dec("0.5000")); // a75 home, a84 care home: 1/2
        assertThat(group(f, "85+").value()).isEqualTo(dec("1.0000"));
    }

    @Test
    void breakdownBySiteUsesTheSiteOfTheSubmission() {
        TestLog log = aLog()
                .referral("h1").site("Hereford County Hospital").dischargedHome("2024-02-01")
                .referral("h2").site("Hereford County Hospital").discharged("2024-02-01", "51", "1")
                .referral("w1").site("Wye Valley Community").dischargedHome("2024-02-01");

        Figure f = q1().by(Breakdown.SITE).compute(DISCHARGE_TO_USUAL_RESIDENCE, log);

        assertThat(f.breakdown()).isEqualTo("site");
        assertThat(group(f, "Hereford County Hospital").value()).isEqualTo(dec("0.5000")); // h1 of h1, h2
        assertThat(group(f, "Wye Valley Community").value()).isEqualTo(dec("1.0000")); // w1 of w1
    }

    @Test
    void aDischargeWithoutItsSubmissionIsReportedAsIncompleteNotCounted() {
        TestLog log = aLog()
                .referral("orphan").withoutSubmission().dischargedHome("2024-02-01")
                .referral("ok").dischargedHome("2024-02-01");

        Figure f = q1().compute(DISCHARGE_TO_USUAL_RESIDENCE, log);

        assertThat(f.incomplete()).containsEntry("dischargedWithoutSubmission", 1L);
        assertThat(f.drillDown().other()).containsEntry("dischargedWithoutSubmission", List.of("orphan"));
        assertThat(f.denominator()).isEqualTo(1L);
    }

    // --- companion: returned to own usual residence -------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0}: lives in {1}, to {2}, pathway {3} -> BCF {4}/{5}, own residence {6}/{5}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # case                                     | residence    | dest | pathway | bcfNum | den | ownNum
            care-home resident back to 85 on P0        | CARE_HOME    | 85   | P0      | 0      | 1   | 1
            care-home resident back to 54 on P0        | CARE_HOME    | 54   | P0      | 0      | 1   | 1
            care-home resident back to 65 on P0        | CARE_HOME    | 65   | P0      | 0      | 1   | 1
            care-home resident to 85 on P1 is not      | CARE_HOME    | 85   | P1      | 0      | 1   | 0
            care-home resident to 85 with no decision  | CARE_HOME    | 85   | none    | 0      | 1   | 0
            private-home resident to 85 on P0 is not   | PRIVATE_HOME | 85   | P0      | 0      | 1   | 0
            care-home resident to a hospital (51)      | CARE_HOME    | 51   | P0      | 0      | 1   | 0
            care-home resident to 19 counts in both    | CARE_HOME    | 19   | P0      | 1      | 1   | 1
            private-home resident to 19 counts in both | PRIVATE_HOME | 19   | P1      | 1      | 1   | 1
            """)
    void returnedToOwnResidenceAlsoCountsCareHomeResidentsBackToACareHomeOnPathway0(String name, UsualResidence residence,
            String dest, Pathway pathway, long bcfNum, long den, long ownNum) {
        TestLog log = aLog().referral("r1").livesIn(residence).submitted();
        if (pathway != null) {
            log.decided(pathway, pathway == P0 ? SOCIAL_SUPPORT : REABLEMENT_HOME, "2024-01-20");
        }
        log.discharged("2024-02-01", dest, "1");

        Figure bcf = q1().compute(DISCHARGE_TO_USUAL_RESIDENCE, log);
        Figure own = q1().compute(RETURNED_TO_OWN_RESIDENCE, log);

        assertThat(bcf.numerator()).isEqualTo(bcfNum);
        assertThat(bcf.denominator()).isEqualTo(den);
        assertThat(own.numerator()).isEqualTo(ownNum);
        assertThat(own.denominator()).isEqualTo(den);
        assertThat(own.figure()).isEqualTo(RETURNED_TO_OWN_RESIDENCE);
    }

    @ParameterizedTest(name = "decisions {0} then {1} -> own residence {2}")
    @CsvSource(textBlock = """
            P1, P0, 1
            P0, P1, 0
            """)
    void theLatestPathwayDecisionDecidesTheCompanion(Pathway first, Pathway latest, long ownNum) {
        TestLog log = aLog().referral("r1").livesIn(UsualResidence.CARE_HOME)
                .decided(first, typeOf(first), "2024-01-20")
                .decided(latest, typeOf(latest), "2024-01-25")
                .discharged("2024-02-01", "85", "1");

        assertThat(q1().compute(RETURNED_TO_OWN_RESIDENCE, log).numerator()).isEqualTo(ownNum);
    }

    @Test
    void theCompanionKeepsTheDeathAndAgeExclusions() {
        TestLog log = aLog()
                .referral("died").livesIn(UsualResidence.CARE_HOME).decided(P0, SOCIAL_SUPPORT, "2024-01-20")
                .discharged("2024-02-01", "79", "4")
                .referral("young").aged(17).livesIn(UsualResidence.CARE_HOME).decided(P0, SOCIAL_SUPPORT, "2024-01-20")
                .discharged("2024-02-01", "85", "1")
                .referral("back").livesIn(UsualResidence.CARE_HOME).decided(P0, SOCIAL_SUPPORT, "2024-01-20")
                .discharged("2024-02-01", "65", "1")
                .referral("p1").livesIn(UsualResidence.CARE_HOME).decided(P1, REABLEMENT_HOME, "2024-01-20")
                .discharged("2024-02-01", "85", "1");

        Figure own = q1().compute(RETURNED_TO_OWN_RESIDENCE, log);

        // died and young are out; back counts, p1 does not: 1/2
        assertThat(own.drillDown().numerator()).containsExactly("back");
        assertThat(own.drillDown().denominator()).containsExactly("back", "p1");
        assertThat(own.value()).isEqualTo(dec("0.5000"));
    }

    private static ServiceType typeOf(Pathway p) {
        return p == P0 ? SOCIAL_SUPPORT : REABLEMENT_HOME;
    }
}
