package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the escalation hysteresis over random sequences of readings (figure, minutes since the previous one),
 * with thresholds 10 / 20 / 30, a margin of 0 to 5 and a hold of 1 to 30 minutes.
 */
class EscalationHysteresisPropertyTest {

    static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    record Reading(double figure, int minutesAfter) {
    }

    @Provide
    Arbitrary<List<Reading>> readings() {
        Arbitrary<Double> figure = Arbitraries.doubles().between(0, 40).ofScale(1);
        Arbitrary<Integer> gap = Arbitraries.integers().between(0, 20);
        return Combinators.combine(figure, gap).as(Reading::new).list().ofMinSize(1).ofMaxSize(60);
    }

    private static EscalationRules rules(double margin, int holdMinutes) {
        return new EscalationRules(List.of(new EscalationRules.Trigger("t", "t", "u", Arrays.asList(10.0, 20.0, 30.0), margin)),
                Duration.ofMinutes(holdMinutes));
    }

    private record Step(Instant at, double figure, EscalationEvaluator.Assessment result) {
    }

    private static List<Step> run(EscalationRules rules, List<Reading> readings) {
        EscalationEvaluator e = new EscalationEvaluator(rules, 1, T0, Map.of());
        List<Step> steps = new ArrayList<>();
        Instant now = T0;
        for (Reading r : readings) {
            now = now.plus(Duration.ofMinutes(r.minutesAfter()));
            steps.add(new Step(now, r.figure(), e.evaluate(Map.of("t", r.figure()), now)));
        }
        return steps;
    }

    @Property
    void neverBelowTheLevelTheFigureAsksFor(@ForAll("readings") List<Reading> readings, @ForAll @DoubleRange(min = 0, max = 5) double margin,
            @ForAll @IntRange(min = 1, max = 30) int hold) {
        EscalationRules rules = rules(margin, hold);
        for (Step s : run(rules, readings)) {
            assertThat(s.result().level()).isGreaterThanOrEqualTo(rules.triggers().get(0).levelFor(s.figure()));
        }
    }

    @Property
    void lowersOnlyAfterEveryReadingOfAWholeHoldWasBelowThresholdMinusMargin(@ForAll("readings") List<Reading> readings,
            @ForAll @DoubleRange(min = 0, max = 5) double margin, @ForAll @IntRange(min = 1, max = 30) int hold) {
        EscalationRules rules = rules(margin, hold);
        List<Step> steps = run(rules, readings);
        for (int i = 0; i < steps.size(); i++) {
            EscalationEvaluator.Assessment a = steps.get(i).result();
            if (!a.changed() || a.level() > a.previousLevel()) {
                continue;
            }
            // Every level passed on the way down: some earlier reading, at least a hold before, began a run of readings
            // (this one included) that were all below that level's threshold minus the margin.
            for (int passed = a.previousLevel(); passed > a.level(); passed--) {
                double bar = rules.triggers().get(0).threshold(passed) - margin;
                int j = i;
                while (j > 0 && steps.get(j - 1).figure() < bar) {
                    j--;
                }
                assertThat(steps.get(j).figure()).isLessThan(bar);
                assertThat(Duration.between(steps.get(j).at(), steps.get(i).at())).isGreaterThanOrEqualTo(Duration.ofMinutes(hold));
            }
        }
    }

    @Property
    void noFlappingWithinTheMargin(@ForAll @IntRange(min = 2, max = 4) int level, @ForAll @DoubleRange(min = 0.5, max = 5) double margin,
            @ForAll("readings") List<Reading> wobble) {
        EscalationRules rules = rules(margin, 5);
        double threshold = rules.triggers().get(0).threshold(level);
        EscalationEvaluator e = new EscalationEvaluator(rules, 1, T0, Map.of());
        Instant now = T0;
        assertThat(e.evaluate(Map.of("t", threshold), now).level()).isEqualTo(level);
        int changes = 0;
        for (Reading r : wobble) {
            now = now.plus(Duration.ofMinutes(r.minutesAfter()));
            // Any figure from just inside the margin below the threshold up to the threshold itself, for as long as it likes.
            double figure = threshold - margin + (r.figure() / 40.0) * margin;
            EscalationEvaluator.Assessment a = e.evaluate(Map.of("t", figure), now);
            changes += a.changed() ? 1 : 0;
            assertThat(a.level()).isEqualTo(level);
        }
        assertThat(changes).isZero();
    }

    @Property
    void aSteadyFigureSettlesOnTheLevelItAsksForUnlessWithinTheMarginOfTheLevelHeld(@ForAll @IntRange(min = 1, max = 4) int start,
            @ForAll @DoubleRange(min = 0, max = 40) double figure, @ForAll @DoubleRange(min = 0, max = 5) double margin,
            @ForAll @IntRange(min = 1, max = 30) int hold) {
        EscalationRules rules = rules(margin, hold);
        EscalationRules.Trigger t = rules.triggers().get(0);
        EscalationEvaluator e = new EscalationEvaluator(rules, start, T0, Map.of("t", start));
        EscalationEvaluator.Assessment last = null;
        for (int minute = 0; minute <= 4 * hold; minute++) {
            last = e.evaluate(Map.of("t", figure), T0.plus(Duration.ofMinutes(minute)));
        }
        int expected = Math.max(t.levelFor(figure), Math.min(start, t.levelFor(figure + margin)));
        assertThat(last.level()).isEqualTo(expected);
    }

    @Property
    void levelChangesAlternateBetweenConsecutiveAssessmentsAndAreAlwaysReal(@ForAll("readings") List<Reading> readings,
            @ForAll @DoubleRange(min = 0, max = 5) double margin, @ForAll @IntRange(min = 1, max = 30) int hold) {
        int level = 1;
        for (Step s : run(rules(margin, hold), readings)) {
            EscalationEvaluator.Assessment a = s.result();
            assertThat(a.previousLevel()).isEqualTo(level);
            assertThat(a.changed()).isEqualTo(a.level() != level);
            assertThat(a.level()).isBetween(1, 4);
            level = a.level();
        }
    }
}
