package org.d2aflow.metrics.escalation;

import java.time.Instant;
import java.util.List;

import org.d2aflow.metrics.domain.EscalationEvaluator;

/**
 * What GET /escalation answers: the system's level in number and words, since when, why (every trigger with its figure,
 * level and thresholds, and the reasons in words), and the acknowledgements of this level.
 *
 * @param evaluating false until the level has been restored from d2a.escalation and the projection is live, or when
 *                   escalation is switched off: the level shown is then the last known one
 */
public record EscalationStatus(String system, boolean evaluating, int level, String levelName, String description, Instant since,
        Instant evaluatedAt, String hold, List<String> reasons, List<EscalationEvaluator.TriggerView> triggers,
        List<Acknowledgement> acknowledgements) {

    /** One acknowledgement: of which level (and its start), by whom, in which role, when, and what they said. */
    public record Acknowledgement(int level, Instant levelSince, String acknowledgedBy, String role, Instant acknowledgedAt, String comment) {
    }
}
