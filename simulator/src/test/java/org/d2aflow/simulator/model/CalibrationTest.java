package org.d2aflow.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.d2aflow.simulator.model.Calibration.Check;
import org.junit.jupiter.api.Test;

/** The planned year against the seeds' figures (shared/DOMAIN.md), within the ranges Calibration states. */
class CalibrationTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    static List<Check> yearOf(long seed) {
        return Calibration.checks(CountyPlan.of(new CountyModel(seed, 1.0), TODAY.minusDays(365), TODAY.minusDays(1), TODAY));
    }

    @Test
    void theDefaultSeedsYearMeetsEveryFigure() {
        List<Check> checks = yearOf(42);
        checks.forEach(System.out::println);
        assertThat(checks).hasSizeGreaterThan(40).allSatisfy(c -> assertThat(c.ok()).as(c.toString()).isTrue());
    }

    @Test
    void onAverageOverSeveralSeedsEveryFigureIsOnTarget() {
        Map<String, List<Check>> byName = new LinkedHashMap<>();
        for (long seed : new long[] {1, 2, 3, 2026, 99_999, -7}) {
            for (Check c : yearOf(seed)) {
                byName.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
            }
        }
        byName.forEach((name, checks) -> {
            double mean = checks.stream().mapToDouble(Check::value).average().orElse(Double.NaN);
            Check first = checks.get(0);
            assertThat(mean).as(name + " averaged over seeds").isBetween(first.low(), first.high());
        });
    }
}
