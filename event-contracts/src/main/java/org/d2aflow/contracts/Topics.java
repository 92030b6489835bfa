package org.d2aflow.contracts;

import java.util.List;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.escalation.EscalationEvent;
import org.d2aflow.contracts.figures.FigureEvent;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.returns.ReturnEvent;

/** The topics of the event log; services and tests use these constants, never literal names. */
public final class Topics {

    /** Referral facts, keyed by referral id. */
    public static final String REFERRALS = "d2a.referrals";
    /** Capacity facts, keyed by service id. */
    public static final String CAPACITY = "d2a.capacity";
    /** Placement facts, keyed by referral id so that they share partitioning with the referral. */
    public static final String PLACEMENTS = "d2a.placements";
    /** Figure snapshots from metrics-service, keyed by figure and breakdown; only the latest per key matters. */
    public static final String FIGURES = "d2a.figures";
    /** Records a consumer could not process: the original record plus the error. */
    public static final String DEAD_LETTER = "d2a.dead-letter";
    /** Escalation level changes and acknowledgements from metrics-service, keyed by system; kept whole (the audit). */
    public static final String ESCALATION = "d2a.escalation";
    /** Submissions of the national returns from metrics-service, keyed by return name; kept whole (what was submitted). */
    public static final String RETURNS = "d2a.returns";

    /** Every topic the suite needs, in a fixed order; only the figures topic is compacted. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(REFERRALS, false),
            new TopicSpec(CAPACITY, false),
            new TopicSpec(PLACEMENTS, false),
            new TopicSpec(FIGURES, true),
            new TopicSpec(DEAD_LETTER, false),
            new TopicSpec(ESCALATION, false),
            new TopicSpec(RETURNS, false));

    private Topics() {
    }

    /** The topic an event is published to, decided by its family. */
    public static String topicFor(D2aEvent event) {
        if (event instanceof ReferralEvent) {
            return REFERRALS;
        }
        if (event instanceof CapacityEvent) {
            return CAPACITY;
        }
        if (event instanceof PlacementEvent) {
            return PLACEMENTS;
        }
        if (event instanceof FigureEvent) {
            return FIGURES;
        }
        if (event instanceof EscalationEvent) {
            return ESCALATION;
        }
        if (event instanceof ReturnEvent) {
            return RETURNS;
        }
        // Unreachable while D2aEvent stays sealed over the six families above.
        throw new IllegalArgumentException("no topic for " + event);
    }
}
