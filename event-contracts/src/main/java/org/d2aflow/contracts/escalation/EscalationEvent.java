package org.d2aflow.contracts.escalation;

import org.d2aflow.contracts.D2aEvent;

/** The escalation of one system (a trust or an area's D2A system); the stream id is the system's name. */
public sealed interface EscalationEvent extends D2aEvent permits EscalationLevelChanged, EscalationAcknowledged {

    /** The system (trust or area) whose escalation level this is about. */
    String system();

    @Override
    default String streamId() {
        return system();
    }
}
