package org.d2aflow.placement.application;

import java.time.LocalDate;
import java.util.List;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.kit.domain.ConcurrencyConflictException;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.domain.StaleVersionException;
import org.d2aflow.kit.eventstore.EventStore;
import org.d2aflow.placement.domain.Placement;
import org.d2aflow.placement.domain.PlacementCommand.EndPlacement;
import org.d2aflow.placement.domain.PlacementCommand.RecordFollowUp;
import org.d2aflow.placement.domain.PlacementCommand.StartPlacement;
import org.d2aflow.placement.infrastructure.PlacementProjection;
import org.d2aflow.placement.infrastructure.PlacementRecord;
import org.d2aflow.placement.infrastructure.ReferralFactRecord;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.d2aflow.kit.persistence.UniqueViolation;

/**
 * The use cases of provider staff. Each change locks the placement's row, loads its events, lets the aggregate
 * decide with the facts the consumers gathered (claim, discharge), appends the new events with their outbox
 * rows (stream id = placement id; the Kafka key is the referral id the events carry) and updates the row, in
 * one transaction. Counters move once it has committed.
 */
@ApplicationScoped
public class PlacementService {

    static final String STREAM_TYPE = "placement";
    private static final String ONE_FOLLOW_UP_PER_REFERRAL = "placement_one_follow_up_per_referral";

    @Inject
    EventStore store;

    @Inject
    PlacementProjection projection;

    @Inject
    PlacementMetrics metrics;

    @Inject
    Today today;

    /** A placement with what is known of its referral and, when asked for, its event history. */
    public record Details(PlacementRecord placement, ReferralFactRecord referral, List<EventEnvelope<D2aEvent>> history) {
    }

    private record Changed(Details details, List<PlacementEvent> events) {
    }

    public LocalDate today() {
        return today.date();
    }

    /** Starts a pending placement on {@code startDate}. */
    public Details start(String id, Long expectedVersion, LocalDate startDate) {
        return change(id, expectedVersion, (placement, row) -> placement.decide(new StartPlacement(row.claim(),
                ReferralFactRecord.factsOf(ReferralFactRecord.findById(row.referralId)), startDate, today())));
    }

    /** Ends an active placement. */
    public Details end(String id, Long expectedVersion, LocalDate endDate, EndReason endReason) {
        return change(id, expectedVersion, (placement, row) -> placement.decide(new EndPlacement(endDate, endReason, today())));
    }

    /** Records where the person was 91 days after hospital discharge. */
    public Details recordFollowUp(String id, Long expectedVersion, Day91Status day91Status) {
        return change(id, expectedVersion, (placement, row) -> {
            ReferralFactRecord referral = ReferralFactRecord.findById(row.referralId);
            String otherFollowUp = PlacementRecord.<PlacementRecord>find("referralId = ?1 and day91Status is not null and placementId <> ?2",
                    row.referralId, row.placementId).firstResultOptional().map(p -> p.placementId).orElse(null);
            return placement.decide(new RecordFollowUp(day91Status, referral == null ? null : referral.dischargeDate, otherFollowUp,
                    today()));
        });
    }

    /** Refuses, as not found, a placement of another organisation's service before any change is tried. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void requireOwned(String id, String providerOrganisation) {
        PlacementRecord row = PlacementRecord.findById(id);
        if (row == null || !providerOrganisation.equals(row.providerOrganisation)) {
            throw new NotFoundException("Placement", id);
        }
    }

    private Details change(String id, Long expectedVersion, BiFunction<Placement, PlacementRecord, List<PlacementEvent>> decision) {
        // Joins the request's transaction when there is one (an Idempotency-Key keeps the answer in it), else its own.
        Changed changed = QuarkusTransaction.joiningExisting().call(() -> {
            // The row lock orders this change against others and against a claim release arriving meanwhile.
            PlacementRecord row = PlacementRecord.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                throw new NotFoundException("Placement", id);
            }
            Placement placement = Placement.from(store.load(id).stream().map(e -> (PlacementEvent) e.event()).toList());
            if (expectedVersion != null && expectedVersion != placement.version()) {
                throw new StaleVersionException(expectedVersion, placement.version());
            }
            List<PlacementEvent> events = decision.apply(placement, row);
            for (EventEnvelope<PlacementEvent> e : store.append(STREAM_TYPE, id, placement.version(), events)) {
                projection.apply(row, e);
            }
            flush(row);
            return new Changed(new Details(row, ReferralFactRecord.findById(row.referralId), null), events);
        });
        metrics.recorded(changed.events());
        return changed.details();
    }

    private static void flush(PlacementRecord row) {
        try {
            PlacementRecord.flush();
        } catch (PersistenceException e) {
            // Two placements of one referral followed up at the same moment: the index lets one through.
            if (UniqueViolation.of(e, ONE_FOLLOW_UP_PER_REFERRAL)) {
                throw new ConcurrencyConflictException("The 91-day follow-up of referral " + row.referralId
                        + " was recorded on another placement at the same time; reload and check");
            }
            throw e;
        }
    }
}
