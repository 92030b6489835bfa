package org.d2aflow.metrics.domain.cells;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.d2aflow.metrics.domain.Stats;
import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The histogram summary is the list summary (byte for byte), and cells add up and cancel as the incremental path needs. */
class HistogramSummaryPropertyTest {

    @Property(tries = 2000)
    void aHistogramSummarisesExactlyAsTheListOfItsValues(@ForAll @Size(max = 60) List<@IntRange(min = -30, max = 400) Integer> values) {
        assertThat(Histogram.ofValues(values).summary()).isEqualTo(Stats.summary(values));
    }

    @Property(tries = 500)
    void aPeriodsHistogramIsTheSumOfItsDays(@ForAll List<@IntRange(min = 0, max = 60) Integer> a, @ForAll List<@IntRange(min = 0, max = 60) Integer> b) {
        List<Integer> both = new ArrayList<>(a);
        both.addAll(b);
        assertThat(Histogram.ofValues(a).plus(Histogram.ofValues(b))).isEqualTo(Histogram.ofValues(both));
        assertThat(Histogram.ofValues(a).plus(Histogram.ofValues(b)).summary()).isEqualTo(Stats.summary(both));
        assertThat(Histogram.ofValues(a).plus(Histogram.ofValues(a).negate()).isZero()).isTrue();
    }

    @Test
    void aSummaryRefusesNegativeCounts() {
        assertThatThrownBy(() -> Histogram.of(3).negate().summary()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangeSubtractsTheOldContributionAndAddsTheNew() {
        CellKey monday = new CellKey(Family.DISCHARGE, Dimension.NONE, "all", LocalDate.parse("2024-01-01"), null);
        CellKey tuesday = new CellKey(Family.DISCHARGE, Dimension.NONE, "all", LocalDate.parse("2024-01-02"), null);
        CellValue home = CellValue.count("dest19").plus(CellValue.value("lengthOfStay", 4));
        Contribution before = new Contribution(new TreeMap<>(java.util.Map.of(monday, home)));
        Contribution after = new Contribution(new TreeMap<>(java.util.Map.of(tuesday, home)));
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        before.addTo(cells);

        after.minus(before).addTo(cells);

        assertThat(cells).containsOnlyKeys(tuesday).containsEntry(tuesday, home);
        assertThat(after.minus(after).isEmpty()).isTrue();
        assertThat(home.plus(home).counter("dest19")).isEqualTo(2);
        assertThat(home.plus(home.negate()).isZero()).isTrue();
    }
}
