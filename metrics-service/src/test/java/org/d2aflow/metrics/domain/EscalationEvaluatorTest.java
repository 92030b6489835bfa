package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The escalation hysteresis worked through by hand: thresholds 10 / 20 / 30, margin 2, hold 10 minutes. */
class EscalationEvaluatorTest {

    static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    static final EscalationRules.Trigger DRD = new EscalationRules.Trigger("drd", "Past DRD", "patients", Arrays.asList(10.0, 20.0, 30.0), 2);
    static final EscalationRules.Trigger WAIT = new EscalationRules.Trigger("wait", "Waiting", "people", Arrays.asList(null, 5.0, null), 1);
    static final EscalationRules RULES = new EscalationRules(List.of(DRD, WAIT), Duration.ofMinutes(10));

    private final EscalationEvaluator evaluator = new EscalationEvaluator(RULES, 1, T0, Map.of());

    private EscalationEvaluator.Assessment at(int minutes, double drd) {
        return evaluator.evaluate(Map.of("drd", drd), T0.plus(Duration.ofMinutes(minutes)));
    }

    @Test
    void risesAtOnceWhenAFigureReachesAThresholdAndSaysSinceWhen() {
        assertThat(at(0, 9).level()).isEqualTo(1);
        EscalationEvaluator.Assessment a = at(1, 20);
        assertThat(a.changed()).isTrue();
        assertThat(a.previousLevel()).isEqualTo(1);
        assertThat(a.level()).isEqualTo(3);
        assertThat(a.since()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(at(2, 31).level()).isEqualTo(4);
    }

    @Test
    void lowersOnlyAfterTheFigureStayedBelowThresholdMinusMarginForTheHold() {
        at(0, 21);
        // Below the level 3 threshold (20) but not below 20 - 2: held, however long.
        assertThat(at(1, 19).level()).isEqualTo(3);
        assertThat(at(30, 18).level()).isEqualTo(3);
        // Below 18 from minute 31: 9 minutes later still held, 10 minutes later lowered, to the level 17 asks for.
        assertThat(at(31, 17.5).level()).isEqualTo(3);
        assertThat(at(40, 17).level()).isEqualTo(3);
        EscalationEvaluator.Assessment a = at(41, 17);
        assertThat(a.changed()).isTrue();
        assertThat(a.level()).isEqualTo(2);
        assertThat(a.since()).isEqualTo(T0.plus(Duration.ofMinutes(41)));
    }

    @Test
    void aReadingBackInsideTheMarginStartsTheHoldAgain() {
        at(0, 25);
        at(1, 15);
        at(9, 15);
        at(10, 18.5); // back within the margin of 20: the 9 minutes below no longer count
        assertThat(at(12, 15).level()).isEqualTo(3);
        assertThat(at(21, 15).level()).isEqualTo(3);
        assertThat(at(22, 15).level()).isEqualTo(2);
    }

    @Test
    void dropsSeveralLevelsAtOnceWhenTheFigureHasBeenLowEnoughForAllOfThem() {
        at(0, 35);
        at(1, 3);
        EscalationEvaluator.Assessment a = at(11, 3);
        assertThat(a.previousLevel()).isEqualTo(4);
        assertThat(a.level()).isEqualTo(1);
    }

    @Test
    void theSystemLevelIsTheHighestTriggerAndAMissingReadingKeepsATriggersLevel() {
        EscalationEvaluator.Assessment a = evaluator.evaluate(Map.of("drd", 12.0, "wait", 6.0), T0);
        assertThat(a.level()).isEqualTo(3);
        assertThat(a.triggers()).extracting(EscalationEvaluator.TriggerView::level).containsExactly(2, 3);
        // The waiting list is not read for an hour: it keeps level 3.
        Map<String, Double> drdOnly = new HashMap<>();
        drdOnly.put("drd", 0.0);
        drdOnly.put("wait", null);
        assertThat(evaluator.evaluate(drdOnly, T0.plus(Duration.ofHours(1))).level()).isEqualTo(3);
        assertThat(evaluator.evaluate(drdOnly, T0.plus(Duration.ofHours(2))).triggers())
                .extracting(EscalationEvaluator.TriggerView::level).containsExactly(1, 3);
        // A trigger that never asks for level 2 drops from 3 straight to 1 after the hold below 5 - 1.
        evaluator.evaluate(Map.of("wait", 3.9), T0.plus(Duration.ofHours(3)));
        assertThat(evaluator.evaluate(Map.of("wait", 3.9), T0.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(10))).level()).isEqualTo(1);
    }

    @Test
    void aRestoredLevelIsKeptUntilTheFiguresHaveBeenLowForTheHold() {
        EscalationEvaluator restored = new EscalationEvaluator(RULES, 3, T0, Map.of("drd", 3));
        assertThat(restored.evaluate(Map.of("drd", 0.0), T0.plus(Duration.ofDays(1))).changed()).isFalse();
        EscalationEvaluator.Assessment a = restored.evaluate(Map.of("drd", 0.0), T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(10)));
        assertThat(a.changed()).isTrue();
        assertThat(a.previousLevel()).isEqualTo(3);
        assertThat(a.level()).isEqualTo(1);
    }

    @Test
    void theViewSaysSinceWhenTheFigureHasBeenLowEnoughToLower() {
        at(0, 22);
        EscalationEvaluator.TriggerView v = at(5, 10).triggers().get(0);
        assertThat(v.level()).isEqualTo(3);
        assertThat(v.levelAsked()).isEqualTo(2);
        assertThat(v.loweringSince()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(v.thresholds()).containsEntry("2", 10.0).containsEntry("3", 20.0).containsEntry("4", 30.0);
    }

    @Test
    void refusesThresholdsThatDoNotRiseAndNegativeMargins() {
        assertThatThrownBy(() -> new EscalationRules.Trigger("x", "x", "x", Arrays.asList(10.0, 10.0, null), 0))
                .hasMessageContaining("rise");
        assertThatThrownBy(() -> new EscalationRules.Trigger("x", "x", "x", Arrays.asList(10.0, null, 5.0), 0)).hasMessageContaining("rise");
        assertThatThrownBy(() -> new EscalationRules.Trigger("x", "x", "x", Arrays.asList(1.0, 2.0, 3.0), -1)).hasMessageContaining("margin");
        assertThatThrownBy(() -> new EscalationRules.Trigger("x", "x", "x", Arrays.asList(1.0, 2.0), 0)).hasMessageContaining("levels 2, 3 and 4");
    }
}
