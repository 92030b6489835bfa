package org.d2aflow.placement.application;

import java.time.LocalDate;
import java.util.List;
import java.util.function.BiFunction;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.kit.config.LateEntryConfig;
import org.d2aflow.kit.domain.ConcurrencyConflictException;
import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.command.CommandPipeline;
import org.d2aflow.kit.command.StreamKind;
import org.d2aflow.kit.eventstore.EventStore;
import org.d2aflow.kit.tx.AfterCommit;
import org.d2aflow.placement.domain.Placement;
import org.d2aflow.placement.domain.PlacementCommand.CorrectFollowUp;
import org.d2aflow.placement.domain.PlacementCommand.EndPlacement;
import org.d2aflow.placement.domain.PlacementCommand.FollowUpFact;
import org.d2aflow.placement.domain.PlacementCommand.RecordFollowUp;
import org.d2aflow.placement.domain.PlacementCommand.StartPlacement;
import org.d2aflow.placement.infrastructure.PlacementProjection;
import org.d2aflow.placement.infrastructure.PlacementRecord;
import org.d2aflow.placement.infrastructure.ReferralFactRecord;


/**
 * The use cases of provider staff. Each change locks the placement's row and goes through service-kit's command
 * pipeline: the aggregate decides with the facts the consumers gathered (claim, discharge), the new events are appended
 * with their outbox rows (stream id = placement id; the Kafka key is the referral id the events carry) and the row is
 * updated, in one transaction. Counters move once it has committed.
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

    @Inject
    AfterCommit afterCommit;

    @Inject
    LateEntryConfig lateEntry;

    /** Placement streams (stream id = placement id; the first event is the start, the row exists from the claim). */
    static final StreamKind<Placement, PlacementEvent> PLACEMENTS = new StreamKind<>(STREAM_TYPE, "Placement", PlacementEvent.class,
            () -> Placement.from(List.of()), Placement::apply, Placement::version);

    private CommandPipeline<Placement, PlacementEvent> pipeline;

    @PostConstruct
    void pipeline() {
        pipeline = CommandPipeline.of(store, PLACEMENTS).emptyStreamsExist()
                // Two placements of one referral followed up at the same moment: the index lets one through.
                .refusing(ONE_FOLLOW_UP_PER_REFERRAL, () -> new ConcurrencyConflictException(
                        "The 91-day follow-up of this referral was recorded on another placement at the same time; reload and check"))
                .onCommitted(afterCommit::run, metrics::recorded)
                .build();
    }

    /** A placement, as a change left it, with what is known of its referral. */
    public record Details(PlacementRecord placement, ReferralFactRecord referral) {
    }

    public LocalDate today() {
        return today.date();
    }

    /** How late the organisation's staff may enter a business date, as of today. */
    EntryWindow window(String organisation) {
        return lateEntry.windowFor(organisation, today());
    }

    /** Starts a pending placement on {@code startDate}. */
    public Details start(String id, String providerOrganisation, Long expectedVersion, LocalDate startDate) {
        return change(id, providerOrganisation, expectedVersion, (placement, row) -> placement.decide(new StartPlacement(row.claim(),
                ReferralFactRecord.factsOf(ReferralFactRecord.findById(row.referralId)), startDate, window(providerOrganisation))));
    }

    /** Ends an active placement. */
    public Details end(String id, String providerOrganisation, Long expectedVersion, LocalDate endDate, EndReason endReason) {
        return change(id, providerOrganisation, expectedVersion,
                (placement, row) -> placement.decide(new EndPlacement(endDate, endReason, window(providerOrganisation))));
    }

    /**
     * Records where the person was 91 days after hospital discharge, obtained on {@code obtainedOn} (null: today); for DIED
     * or CARE_HOME, {@code statusSince} (optional) is the day the status began.
     */
    public Details recordFollowUp(String id, String providerOrganisation, Long expectedVersion, Day91Status day91Status,
            LocalDate obtainedOn, LocalDate statusSince) {
        return change(id, providerOrganisation, expectedVersion, (placement, row) -> placement.decide(new RecordFollowUp(day91Status,
                obtainedOn, dischargeDateOf(row), followUpElsewhere(row), window(providerOrganisation), statusSince)));
    }

    /**
     * Corrects the follow-up a placement carries: the new status and date (null: the date in force) replace those of the
     * fact in force, which the correction names; {@code correctedBy} is the caller's token subject.
     */
    public Details correctFollowUp(String id, String providerOrganisation, Long expectedVersion, Day91Status day91Status,
            LocalDate obtainedOn, String reason, String correctedBy, LocalDate statusSince) {
        return change(id, providerOrganisation, expectedVersion, (placement, row) -> {
            FollowUpFact inForce = row.followUpEventId == null ? null : new FollowUpFact(row.followUpEventId, row.followUpObtainedOn);
            return placement.decide(new CorrectFollowUp(day91Status, obtainedOn, reason, correctedBy, inForce, dischargeDateOf(row),
                    followUpElsewhere(row), window(providerOrganisation), statusSince));
        });
    }

    private static LocalDate dischargeDateOf(PlacementRecord row) {
        ReferralFactRecord referral = ReferralFactRecord.findById(row.referralId);
        return referral == null ? null : referral.dischargeDate;
    }

    /** Another placement of the same referral that carries the follow-up, or null. */
    private static String followUpElsewhere(PlacementRecord row) {
        return PlacementRecord.<PlacementRecord>find("referralId = ?1 and day91Status is not null and placementId <> ?2",
                row.referralId, row.placementId).firstResultOptional().map(p -> p.placementId).orElse(null);
    }

    /**
     * Runs a change through the command pipeline, in the request's transaction when there is one. The placement's row
     * is locked first: that orders this change against others and against a claim release arriving meanwhile; another
     * organisation's placement answers as a missing one before anything else is looked at.
     */
    @Transactional
    Details change(String id, String providerOrganisation, Long expectedVersion,
            BiFunction<Placement, PlacementRecord, List<PlacementEvent>> decision) {
        PlacementRecord row = PlacementRecord.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (row == null || !providerOrganisation.equals(row.providerOrganisation)) {
            throw new NotFoundException("Placement", id);
        }
        var outcome = pipeline.change(id, expectedVersion, placement -> decision.apply(placement, row), row, (r, e) -> {
            projection.apply(r, e);
            return r;
        });
        return new Details(outcome.projected(), ReferralFactRecord.findById(row.referralId));
    }
}
