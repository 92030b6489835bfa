package org.d2aflow.placement.infrastructure;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.placement.config.PlacementConfig;
import org.d2aflow.placement.domain.PlacementStatus;

/** Keeps a placement's read-model row in step with its event stream, inside the same transaction. */
@ApplicationScoped
public class PlacementProjection {

    @Inject
    PlacementConfig config;

    public void apply(PlacementRecord row, EventEnvelope<? extends PlacementEvent> envelope) {
        PlacementEvent event = envelope.event();
        if (event instanceof PlacementStarted e) {
            row.status = PlacementStatus.ACTIVE;
            row.startDate = e.startDate();
            row.serviceType = e.serviceType();
        } else if (event instanceof PlacementEnded e) {
            row.status = PlacementStatus.ENDED;
            row.endDate = e.endDate();
            row.endReason = e.endReason();
        } else if (event instanceof FollowUpRecorded e) {
            row.day91Status = e.day91Status();
            row.followUpRecordedAt = envelope.time();
            // A record without its date was obtained on the day it was recorded (the contract's reading).
            row.followUpObtainedOn = e.obtainedOn() != null ? e.obtainedOn() : LocalDate.ofInstant(envelope.time(), config.zone());
            row.followUpEventId = envelope.id();
        } else if (event instanceof FollowUpCorrected e) {
            row.day91Status = e.day91Status();
            row.followUpObtainedOn = e.obtainedOn();
            row.followUpEventId = envelope.id();
            row.followUpCorrectedAt = envelope.time();
        }
        row.version = envelope.streamVersion();
        row.updatedAt = envelope.time();
    }
}
