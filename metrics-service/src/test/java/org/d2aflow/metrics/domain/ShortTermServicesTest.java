package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.contracts.ServiceType.BEDDED_REABLEMENT;
import static org.d2aflow.contracts.ServiceType.BEDDED_REHAB;
import static org.d2aflow.contracts.ServiceType.REABLEMENT_HOME;
import static org.d2aflow.contracts.ServiceType.REHAB_HOME;
import static org.d2aflow.contracts.ServiceType.SHORT_TERM_CARE_HOME;
import static org.d2aflow.contracts.placement.EndReason.DIED;
import static org.d2aflow.contracts.placement.EndReason.LA_FUNDED_PLACEMENT;
import static org.d2aflow.contracts.placement.EndReason.NHS_FUNDED_PLACEMENT;
import static org.d2aflow.contracts.placement.EndReason.NO_ONGOING_SUPPORT;
import static org.d2aflow.contracts.placement.EndReason.OTHER;
import static org.d2aflow.contracts.placement.EndReason.READMITTED;
import static org.d2aflow.contracts.placement.EndReason.SELF_FUNDED_PLACEMENT;
import static org.d2aflow.metrics.domain.FigureEngine.SHORT_TERM_SERVICES;
import static org.d2aflow.metrics.domain.Queries.dec;
import static org.d2aflow.metrics.domain.Queries.group;
import static org.d2aflow.metrics.domain.Queries.groupKeys;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.util.Map;

import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** METRICS.md §7: time in short-term services (start to end) and how they ended, for placements ended in the period. */
class ShortTermServicesTest {

    private static Queries february() {
        return period("2024-02-01", "2024-02-29");
    }

    /** Eight placements ended in February 2024 (referral a has two), and three that are not. */
    static TestLog februaryEnds() {
        return aLog()
                .referral("a").placement("a1", "hf", REABLEMENT_HOME, "2024-01-20").placementEnded("a1", "2024-02-03", NO_ONGOING_SUPPORT) // 11+3 = 14
                .placement("a2", "br", BEDDED_REABLEMENT, "2024-02-03").placementEnded("a2", "2024-02-24", OTHER) // 21
                .referral("b").placement("b1", "hf", REABLEMENT_HOME, "2024-02-01").placementEnded("b1", "2024-02-01", READMITTED) // 0
                .referral("c").placement("c1", "rh", REHAB_HOME, "2024-01-31").placementEnded("c1", "2024-02-10", NO_ONGOING_SUPPORT) // 1+9 = 10
                .referral("d").placement("d1", "br", BEDDED_REABLEMENT, "2024-01-01").placementEnded("d1", "2024-02-05", LA_FUNDED_PLACEMENT) // 30+5 = 35
                .referral("e").placement("e1", "bh", BEDDED_REHAB, "2024-02-01").placementEnded("e1", "2024-02-29", SELF_FUNDED_PLACEMENT) // 28
                .referral("f").placement("f1", "ch", SHORT_TERM_CARE_HOME, "2023-11-01").placementEnded("f1", "2024-02-20", DIED) // 30+31+31+19 = 111
                .referral("g").placement("g1", "ch", SHORT_TERM_CARE_HOME, "2024-01-10").placementEnded("g1", "2024-02-15", NHS_FUNDED_PLACEMENT) // 21+15 = 36
                .referral("h").placement("h1", "hf", REABLEMENT_HOME, "2024-01-15").placementEnded("h1", "2024-03-01", NO_ONGOING_SUPPORT) // March
                .referral("i").placement("i1", "hf", REABLEMENT_HOME, "2024-01-15") // not ended
                .referral("j").placement("j1", "hf", REABLEMENT_HOME, "2024-01-20").placementEnded("j1", "2024-01-31", NO_ONGOING_SUPPORT); // January
    }

    @Test
    void timeInServiceByHand() {
        Figure f = february().compute(SHORT_TERM_SERVICES, februaryEnds());

        // sorted 0,10,14,21,28,35,36,111: n = 8, sum = 255
        assertThat(measure(f, "count")).isEqualTo(8L);
        assertThat(measure(f, "mean")).isEqualTo(dec("31.88")); // 255/8 = 31.875, half-even to 31.88
        assertThat(measure(f, "median")).isEqualTo(dec("24.5")); // (21+28)/2
        assertThat(measure(f, "p90")).isEqualTo(111); // ceil(0.9*8) = 8th
        assertThat(measure(f, "min")).isEqualTo(0);
        assertThat(measure(f, "max")).isEqualTo(111);
        assertThat(f.drillDown().denominator()).containsExactly("a", "b", "c", "d", "e", "f", "g");
    }

    @ParameterizedTest(name = "{0}: {1} of 8 = {2}")
    @CsvSource(textBlock = """
            NO_ONGOING_SUPPORT,    2, 0.2500
            LONG_TERM_HOME_CARE,   0, 0.0000
            LA_FUNDED_PLACEMENT,   1, 0.1250
            NHS_FUNDED_PLACEMENT,  1, 0.1250
            SELF_FUNDED_PLACEMENT, 1, 0.1250
            READMITTED,            1, 0.1250
            DIED,                  1, 0.1250
            OTHER,                 1, 0.1250
            """)
    void endReasonsAreSharesOfThePlacementsEnded(String reason, long count, String share) {
        Figure f = february().compute(SHORT_TERM_SERVICES, februaryEnds());

        assertThat(measure(f, "endReasons." + reason)).isEqualTo(Map.of("count", count, "share", dec(share)));
    }

    @Test
    void byServiceTypeEachPlacementCountsUnderItsOwnType() {
        Figure f = february().by(Breakdown.SERVICE_TYPE).compute(SHORT_TERM_SERVICES, februaryEnds());

        assertThat(f.breakdown()).isEqualTo("service-type");
        assertThat(groupKeys(f)).containsExactly("BEDDED_REABLEMENT", "BEDDED_REHAB", "REABLEMENT_HOME", "REHAB_HOME", "SHORT_TERM_CARE_HOME");
        // a2 21, d1 35: mean 28.00, median 28.0, p90 2nd = 35
        assertThat(group(f, "BEDDED_REABLEMENT").measures()).containsEntry("count", 2L).containsEntry("mean", dec("28.00"))
                .containsEntry("median", dec("28.0")).containsEntry("p90", 35);
        // a1 14, b1 0: mean 7.00, p90 ceil(1.8) = 2nd = 14
        assertThat(group(f, "REABLEMENT_HOME").measures()).containsEntry("mean", dec("7.00")).containsEntry("p90", 14);
        // f1 111, g1 36: mean 147/2 = 73.50, median 73.5
        assertThat(group(f, "SHORT_TERM_CARE_HOME").measures()).containsEntry("mean", dec("73.50")).containsEntry("median", dec("73.5"));
        assertThat(group(f, "REHAB_HOME").measures()).containsEntry("count", 1L).containsEntry("mean", dec("10.00"));
        assertThat(group(f, "BEDDED_REHAB").measures()).containsEntry("max", 28);
    }

    @Test
    void anEndRecordedAfterTheAsKnownAtTimeIsIgnored() {
        TestLog log = aLog().referral("r1").placement("p1", "hf", REABLEMENT_HOME, "2024-02-01")
                .at("2024-03-05T10:00:00Z").placementEnded("p1", "2024-02-20", NO_ONGOING_SUPPORT); // recorded late

        assertThat(measure(february().knownAt("2024-03-01T00:00:00Z").compute(SHORT_TERM_SERVICES, log), "count")).isEqualTo(0L);
        assertThat(measure(february().compute(SHORT_TERM_SERVICES, log), "mean")).isEqualTo(dec("19.00")); // 02-20 - 02-01
    }
}
