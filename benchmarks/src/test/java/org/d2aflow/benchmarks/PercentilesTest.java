package org.d2aflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToOneHundred() {
        long[] sample = new long[100];
        for (int i = 0; i < 100; i++) {
            sample[i] = 100 - i;
        }
        Percentiles p = new Percentiles(sample);
        assertThat(p.at(50)).isEqualTo(50);
        assertThat(p.at(99)).isEqualTo(99);
        assertThat(p.at(100)).isEqualTo(100);
        assertThat(p.at(0.5)).isEqualTo(1);
        assertThat(p.mean()).isEqualTo(50.5);
    }

    @Test
    void reportsOnlyObservedValues() {
        Percentiles p = new Percentiles(new long[] {10, 20, 30, 40});
        assertThat(p.at(50)).isEqualTo(20);
        assertThat(p.at(51)).isEqualTo(30);
        assertThat(p.at(99)).isEqualTo(40);
    }

    @Test
    void singleObservationIsEveryPercentile() {
        Percentiles p = new Percentiles(new long[] {7});
        assertThat(p.at(1)).isEqualTo(7);
        assertThat(p.at(99)).isEqualTo(7);
    }

    @Test
    void refusesAnEmptySampleAndPercentilesOutOfRange() {
        assertThatThrownBy(() -> new Percentiles(new long[0]).at(50)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new Percentiles(new long[] {1}).at(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Percentiles(new long[] {1}).at(101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void doesNotReorderTheCallersArray() {
        long[] sample = {3, 1, 2};
        new Percentiles(sample);
        assertThat(sample).containsExactly(3, 1, 2);
    }
}
