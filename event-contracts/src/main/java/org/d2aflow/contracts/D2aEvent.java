package org.d2aflow.contracts;

import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.escalation.EscalationEvent;
import org.d2aflow.contracts.figures.FigureEvent;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.returns.ReturnEvent;

/**
 * Root of every fact on the D2A event log: one sealed family per topic, each member a past-tense record.
 *
 * <p>Neither method below is part of the JSON body: {@link #type()} travels as the CloudEvents type and
 * {@link #streamId()} as the subject and Kafka key.
 */
public sealed interface D2aEvent permits ReferralEvent, CapacityEvent, PlacementEvent, FigureEvent, EscalationEvent, ReturnEvent {

    /** The stable, versioned type, e.g. {@code d2a.referral.submitted.v1}; never a class name. */
    String type();

    /** The id of the aggregate stream this event belongs to; also the Kafka record key. */
    String streamId();
}
