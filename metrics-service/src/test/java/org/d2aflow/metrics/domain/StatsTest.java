package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.metrics.domain.Queries.dec;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The summary statistics behind every "mean, median, 90th percentile (nearest rank)" of METRICS.md. */
class StatsTest {

    @ParameterizedTest(name = "[{0}] -> mean {1}, median {2}, p90 {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # values                                     | mean  | median | p90 | min | max
            5                                            | 5.00  | 5.0    | 5   | 5   | 5
            1 2                                          | 1.50  | 1.5    | 2   | 1   | 2
            3 1 2                                        | 2.00  | 2.0    | 3   | 1   | 3
            1 2 2                                        | 1.67  | 2.0    | 2   | 1   | 2
            0 0 0 1                                      | 0.25  | 0.0    | 1   | 0   | 1
            1 2 3 4 5 6 7 8 9 10                         | 5.50  | 5.5    | 9   | 1   | 10
            1 2 3 4 5 6 7 8 9 10 11                      | 6.00  | 6.0    | 10  | 1   | 11
            1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 | 10.50 | 10.5 | 18 | 1 | 20
            0 0 0 0 0 0 0 1                              | 0.12  | 0.0    | 1   | 0   | 1
            0 0 0 0 0 0 0 3                              | 0.38  | 0.0    | 3   | 0   | 3
            """)
    void summaryUsesNearestRankAndFixedRounding(String values, String mean, String median, int p90, int min, int max) {
        // p90 = the ceil(0.9 n)-th smallest: n=2 -> 2nd, n=3 -> 3rd, n=4 -> 4th, n=10 -> 9th, n=11 -> 10th, n=20 -> 18th, n=8 -> 8th
        // mean to 2 decimals half-even: 5/3 = 1.667 -> 1.67; 1/8 = 0.125 -> 0.12; 3/8 = 0.375 -> 0.38
        List<Integer> list = Arrays.stream(values.trim().split("\\s+")).map(Integer::valueOf).toList();

        Stats.Summary s = Stats.summary(list);

        assertThat(s).isEqualTo(new Stats.Summary(list.size(), dec(mean), dec(median), p90, min, max));
    }

    @Test
    void anEmptyListHasACountOfZeroAndNoStatistics() {
        assertThat(Stats.summary(List.of())).isEqualTo(new Stats.Summary(0, null, null, null, null, null));
    }

    @ParameterizedTest(name = "{0}/{1} = {2}")
    @CsvSource(nullValues = "null", textBlock = """
            1, 3, 0.3333
            2, 3, 0.6667
            1, 8, 0.1250
            0, 5, 0.0000
            5, 5, 1.0000
            0, 0, null
            """)
    void ratioIsAFractionWithFourDecimalsAndNullWithoutADenominator(long num, long den, String expected) {
        assertThat(Stats.ratio(num, den)).isEqualTo(dec(expected));
    }
}
