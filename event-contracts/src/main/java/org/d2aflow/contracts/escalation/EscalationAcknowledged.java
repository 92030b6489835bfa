package org.d2aflow.contracts.escalation;

import java.time.Instant;
import org.d2aflow.contracts.internal.Require;

/**
 * Someone acknowledged a system's current escalation level, with a comment: the audit of who knew, when, and what they said.
 *
 * @param system         the system (trust or area); the stream id
 * @param level          the level acknowledged, 1 to 4
 * @param levelSince     since when that level held, so an acknowledgement is tied to one episode of the level
 * @param acknowledgedBy who acknowledged it (the token's subject)
 * @param role           the role they acted in ({@code admin} or {@code commissioner})
 * @param comment        what they said, 1 to 1000 characters
 */
public record EscalationAcknowledged(String system, int level, Instant levelSince, String acknowledgedBy, String role, String comment)
        implements EscalationEvent {

    public static final String TYPE = "d2a.escalation.acknowledged.v1";

    public EscalationAcknowledged {
        Require.text(system, "system");
        Require.between(level, 1, 4, "level");
        Require.present(levelSince, "levelSince");
        Require.text(acknowledgedBy, "acknowledgedBy");
        Require.text(role, "role");
        Require.text(comment, "comment");
        if (comment.length() > 1000) {
            throw new IllegalArgumentException("comment is longer than 1000 characters");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
