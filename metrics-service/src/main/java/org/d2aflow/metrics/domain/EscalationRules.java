package org.d2aflow.metrics.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The escalation triggers (OPEL style: level 1 steady to level 4 extreme) and the hysteresis that keeps a level from
 * flapping. Every trigger watches one live figure where more is worse; its thresholds are the lowest figure at which it
 * asks for level 2, 3 and 4 (a level left out is one the trigger never asks for). A level rises as soon as a figure
 * reaches a threshold; it lowers only once the figure has stayed below that threshold minus the trigger's margin for the
 * hold time.
 *
 * @param triggers the triggers, in the order they are shown
 * @param hold     how long a figure must stay below (threshold − margin) before its level lowers
 */
public record EscalationRules(List<Trigger> triggers, Duration hold) {

    public static final int LOWEST = 1;
    public static final int HIGHEST = 4;

    public EscalationRules {
        Objects.requireNonNull(hold, "hold");
        if (hold.isNegative()) {
            throw new IllegalArgumentException("hold must not be negative");
        }
        triggers = List.copyOf(triggers);
        if (triggers.stream().map(Trigger::id).distinct().count() != triggers.size()) {
            throw new IllegalArgumentException("trigger ids must be unique");
        }
    }

    /**
     * One trigger.
     *
     * @param id         stable id, e.g. {@code past-discharge-ready-date}
     * @param label      what it watches, in words
     * @param unit       the unit of its figure, in words ({@code patients}, {@code days}, {@code fraction}, {@code minutes})
     * @param thresholds the lowest figure asking for level 2, 3 and 4 (index 0, 1, 2); null where the trigger never asks for it
     * @param margin     how far below a threshold the figure must go before the level it asked for may lower (≥ 0)
     */
    public record Trigger(String id, String label, String unit, List<Double> thresholds, double margin) {

        public Trigger {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(unit, "unit");
            if (thresholds.size() != HIGHEST - LOWEST) {
                throw new IllegalArgumentException(id + ": one threshold (or none) for each of levels 2, 3 and 4");
            }
            thresholds = java.util.Collections.unmodifiableList(new ArrayList<>(thresholds));
            Double previous = null;
            for (Double t : thresholds) {
                if (t != null && (t.isNaN() || t.isInfinite())) {
                    throw new IllegalArgumentException(id + ": thresholds must be finite numbers");
                }
                if (t != null && previous != null && t <= previous) {
                    throw new IllegalArgumentException(id + ": thresholds must rise with the level (" + thresholds + ")");
                }
                previous = t != null ? t : previous;
            }
            if (!(margin >= 0) || Double.isInfinite(margin)) {
                throw new IllegalArgumentException(id + ": margin must be a finite number, zero or more");
            }
        }

        /** The threshold asking for {@code level} (2 to 4), or null. */
        public Double threshold(int level) {
            return thresholds.get(level - LOWEST - 1);
        }

        /** The level a figure asks for at once: the highest whose threshold it reaches, else 1. */
        public int levelFor(double figure) {
            int level = LOWEST;
            for (int l = LOWEST + 1; l <= HIGHEST; l++) {
                Double t = threshold(l);
                if (t != null && figure >= t) {
                    level = l;
                }
            }
            return level;
        }

        /** Whether the trigger asks for any level at all. */
        public boolean enabled() {
            return thresholds.stream().anyMatch(Objects::nonNull);
        }
    }
}
