package org.d2aflow.contracts.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.d2aflow.contracts.internal.Require;

/**
 * metrics-service moved a system's escalation level (1 normal to 4 extreme, in the style of OPEL) because of the live figures.
 *
 * <p>{@code triggers} is generic JSON owned by metrics-service: one entry per trigger with its figure, its own level and the
 * thresholds it was compared with, so that the event says which figures caused the change. The record keeps its own copy.
 *
 * @param system        the system (trust or area) the level is for; the stream id
 * @param previousLevel the level before, 1 to 4
 * @param level         the new level, 1 to 4, different from the previous one
 * @param since         when the new level took effect
 * @param triggers      the triggers and figures the level was decided from
 */
public record EscalationLevelChanged(String system, int previousLevel, int level, Instant since, JsonNode triggers)
        implements EscalationEvent {

    public static final String TYPE = "d2a.escalation.level-changed.v1";

    public EscalationLevelChanged {
        Require.text(system, "system");
        Require.between(previousLevel, 1, 4, "previousLevel");
        Require.between(level, 1, 4, "level");
        if (level == previousLevel) {
            throw new IllegalArgumentException("level " + level + " is the previous level: not a change");
        }
        Require.present(since, "since");
        Require.present(triggers, "triggers");
        if (!triggers.isArray()) {
            throw new IllegalArgumentException("triggers must be a JSON array");
        }
        triggers = triggers.deepCopy();
    }

    @Override
    public String type() {
        return TYPE;
    }
}
