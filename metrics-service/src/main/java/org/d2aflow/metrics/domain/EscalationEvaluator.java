package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the escalation level from successive readings of the live figures, with hysteresis. Each trigger keeps its own
 * level: it rises at once to the level the figure asks for, and steps down past a level L only when the figure has been
 * below (threshold of L − margin) at every reading for at least the hold time. The system's level is the highest of its
 * triggers'. A trigger without a reading keeps its level. Not thread-safe: one caller at a time.
 */
public final class EscalationEvaluator {

    private final EscalationRules rules;
    private final Map<String, TriggerState> states = new LinkedHashMap<>();
    private int level;
    private Instant since;

    /**
     * @param rules         triggers and hold
     * @param level         the level to start from (restored from the log, else 1)
     * @param since         since when that level holds
     * @param triggerLevels each trigger's level to start from (restored; missing ones start at 1)
     */
    public EscalationEvaluator(EscalationRules rules, int level, Instant since, Map<String, Integer> triggerLevels) {
        this.rules = rules;
        this.level = clamp(level);
        this.since = since;
        for (EscalationRules.Trigger t : rules.triggers()) {
            int restored = clamp(triggerLevels.getOrDefault(t.id(), EscalationRules.LOWEST));
            states.put(t.id(), new TriggerState(t, restored));
        }
    }

    public int level() {
        return level;
    }

    public Instant since() {
        return since;
    }

    /**
     * Takes one reading of the figures (trigger id to figure; a missing or null figure is no reading) at {@code now}, and
     * says the level that follows, whether it changed, and why.
     */
    public Assessment evaluate(Map<String, Double> figures, Instant now) {
        int previous = level;
        int highest = EscalationRules.LOWEST;
        List<TriggerView> views = new ArrayList<>();
        for (TriggerState s : states.values()) {
            Double figure = figures.get(s.trigger.id());
            if (figure != null && !figure.isNaN()) {
                s.read(figure, now, rules);
            }
            highest = Math.max(highest, s.level);
            views.add(s.view(figure != null && !figure.isNaN() ? figure : null, rules));
        }
        boolean changed = highest != previous;
        if (changed) {
            level = highest;
            since = now;
        }
        return new Assessment(level, previous, changed, since, now, views);
    }

    /** The state of each trigger without a new reading (for a restore or a display). */
    public Map<String, Integer> triggerLevels() {
        Map<String, Integer> out = new HashMap<>();
        states.forEach((id, s) -> out.put(id, s.level));
        return out;
    }

    private static int clamp(int l) {
        return Math.max(EscalationRules.LOWEST, Math.min(EscalationRules.HIGHEST, l));
    }

    /** What one reading decided. */
    public record Assessment(int level, int previousLevel, boolean changed, Instant since, Instant evaluatedAt, List<TriggerView> triggers) {
    }

    /**
     * One trigger at one reading: its figure (null without a reading), the level it holds, the level the figure asks for at
     * once, its thresholds by level, its margin, and since when the figure has been low enough for its level to step down
     * (null when it is not).
     */
    public record TriggerView(String trigger, String label, String unit, Double figure, int level, int levelAsked,
            Map<String, Double> thresholds, double margin, Instant loweringSince) {
    }

    private static final class TriggerState {
        final EscalationRules.Trigger trigger;
        int level;
        Double lastFigure;
        /** Index = level (2..4): since when the figure has been below that level's threshold minus the margin, at every reading. */
        final Instant[] belowSince = new Instant[EscalationRules.HIGHEST + 1];

        TriggerState(EscalationRules.Trigger trigger, int level) {
            this.trigger = trigger;
            this.level = level;
        }

        void read(double figure, Instant now, EscalationRules rules) {
            lastFigure = figure;
            for (int l = EscalationRules.LOWEST + 1; l <= EscalationRules.HIGHEST; l++) {
                Double t = trigger.threshold(l);
                boolean below = t == null || figure < t - trigger.margin();
                belowSince[l] = below ? (belowSince[l] == null ? now : belowSince[l]) : null;
            }
            int asked = trigger.levelFor(figure);
            if (asked > level) {
                level = asked;
                return;
            }
            while (level > asked && belowSince[level] != null && !now.isBefore(belowSince[level].plus(rules.hold()))) {
                level--;
            }
        }

        TriggerView view(Double figure, EscalationRules rules) {
            Map<String, Double> thresholds = new LinkedHashMap<>();
            for (int l = EscalationRules.LOWEST + 1; l <= EscalationRules.HIGHEST; l++) {
                thresholds.put(Integer.toString(l), trigger.threshold(l));
            }
            Instant lowering = level > EscalationRules.LOWEST ? belowSince[level] : null;
            int asked = lastFigure == null ? EscalationRules.LOWEST : trigger.levelFor(lastFigure);
            return new TriggerView(trigger.id(), trigger.label(), trigger.unit(), figure, level, asked, thresholds, trigger.margin(), lowering);
        }
    }
}
