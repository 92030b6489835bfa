package org.d2aflow.capacity.application;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.d2aflow.capacity.application.CapacityMetrics.Refusal;
import org.d2aflow.capacity.config.CapacityConfig;
import org.d2aflow.capacity.domain.CareService;
import org.d2aflow.capacity.domain.CareServiceCommand.ClaimUnit;
import org.d2aflow.capacity.domain.CareServiceCommand.DeclineReferral;
import org.d2aflow.capacity.domain.CareServiceCommand.RegisterService;
import org.d2aflow.capacity.domain.CareServiceCommand.ReleaseClaim;
import org.d2aflow.capacity.domain.CareServiceCommand.SetCapacity;
import org.d2aflow.capacity.domain.ReferralStanding;
import org.d2aflow.capacity.infrastructure.CapacityProjection;
import org.d2aflow.capacity.infrastructure.CareServiceRecord;
import org.d2aflow.capacity.infrastructure.ClaimRecord;
import org.d2aflow.capacity.infrastructure.DeclineRecord;
import org.d2aflow.capacity.infrastructure.ReferralDemandRecord;
import org.d2aflow.contracts.reference.RefusalCode;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.kit.config.LateEntryConfig;
import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.command.CommandPipeline;
import org.d2aflow.kit.command.StreamKind;
import org.d2aflow.kit.eventstore.EventStore;
import org.jboss.logging.Logger;


/**
 * The use cases of provider staff, and the releases the event log causes. Every change to a service runs in one
 * transaction that first locks the service's row ({@code SELECT ... FOR UPDATE}), then loads its events, lets the
 * aggregate decide, appends the new events (with their outbox rows) and updates the read models. The lock makes
 * concurrent claims on one service take turns, so each decides on the claims committed before it: a full service
 * refuses with its reason instead of two requests both taking the last unit. When a claim or decline also needs
 * the referral, its row is locked second; nothing ever locks a service after a referral, so there is no deadlock.
 */
@ApplicationScoped
public class CapacityService {

    static final String STREAM_TYPE = "care-service";
    private static final Logger LOG = Logger.getLogger(CapacityService.class);

    @Inject
    EventStore store;

    @Inject
    CapacityProjection projection;

    @Inject
    CapacityMetrics metrics;

    @Inject
    CapacityConfig config;

    @Inject
    LateEntryConfig lateEntry;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** Care service streams. A service's stream gains an event with every claim, so its state is kept folded. */
    static final StreamKind<CareService, CapacityEvent> SERVICES = new StreamKind<>(STREAM_TYPE, "Service", CapacityEvent.class,
            () -> CareService.from(List.of()), CareService::apply, CareService::version);

    /**
     * Every write to a care service. Kept folded: every writer locks the service's row first ({@link #lockService}),
     * so a claim reads the events since the last command, not the service's whole history. Two constraints back rules
     * that racing requests could both pass: one name per service type and locality, one active claim per referral.
     */
    private CommandPipeline<CareService, CapacityEvent> pipeline;

    @PostConstruct
    void pipeline() {
        pipeline = CommandPipeline.of(store, SERVICES).keptFolded()
                .refusing("care_service_name_key", CapacityService::duplicateService)
                .refusing("claim_one_active_per_referral", () -> new IllegalTransitionException(RefusalCode.ALREADY_CLAIMED, "The referral already holds a claim"))
                .build();
    }

    /** What staff entered to register a service. */
    public record Registration(String name, ServiceType serviceType, String locality, CapacityUnit unit, String providerOrganisation) {
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(config.zone()));
    }

    /** The calendar date (in the service's zone) of an instant, e.g. the day an event was recorded. */
    public LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, config.zone());
    }

    /** How far back staff of the organisation may date what they enter, as of today. */
    public EntryWindow window(String organisation) {
        return lateEntry.windowFor(organisation, today());
    }

    // --- registration and capacity -------------------------------------------------------------------------

    /** Registers a service under a new id (retries are made safe by the API's Idempotency-Key, in this transaction). */
    @Transactional
    public CareServiceRecord register(Registration r) {
        String id = UUID.randomUUID().toString();
        return pipeline.create(id, service -> {
            List<CapacityEvent> events = service.decide(new RegisterService(id, r.name(), r.serviceType(), r.locality(), r.unit(),
                    r.providerOrganisation()));
            ServiceRegistered registered = (ServiceRegistered) events.get(0);
            if (CareServiceRecord.count("serviceType = ?1 and locality = ?2 and lower(name) = lower(?3)", registered.serviceType(),
                    registered.locality(), registered.name()) > 0) {
                throw duplicateService();
            }
            return events;
        }, projection::apply).projected();
    }

    /**
     * Declares units from a date (today when null), which staff of {@code organisation} may date back within their
     * late-entry window; {@code expectedVersion} is the If-Match version, or null.
     */
    @Transactional
    public CareServiceRecord setCapacity(String serviceId, Long expectedVersion, int units, LocalDate fromDate, String organisation) {
        CareServiceRecord row = lockService(serviceId);
        EntryWindow window = window(organisation);
        return pipeline.change(serviceId, expectedVersion,
                service -> service.decide(new SetCapacity(units, fromDate == null ? window.today() : fromDate, window)), row,
                projection::apply).projected();
    }

    // --- claims and declines --------------------------------------------------------------------------------

    /**
     * Claims a unit of the service for a referral. Refused (409, with the reason) when the service has no free unit
     * on the start date or any later date, or when the referral is unknown, withdrawn, decided for another service
     * type or already holds a claim. The start date (today when null) may lie back within the late-entry window of
     * the caller's {@code organisation}.
     */
    @Transactional
    public ClaimRecord claim(String serviceId, String referralId, LocalDate startDate, String organisation) {
        CareServiceRecord row = lockService(serviceId);
        ReferralStanding referral = lockReferral(referralId);
        String claimId = UUID.randomUUID().toString();
        EntryWindow window = window(organisation);
        var outcome = pipeline.change(serviceId, null, service -> {
            try {
                return service.decide(new ClaimUnit(claimId, referral, startDate == null ? window.today() : startDate, window));
            } catch (IllegalTransitionException e) {
                metrics.claimRefused(service.serviceType(), CareService.FULL.equals(e.code()) ? Refusal.FULL : Refusal.REFERRAL);
                throw e;
            }
        }, row, projection::apply);
        metrics.claimed(outcome.decidedOn().serviceType());
        return ClaimRecord.<ClaimRecord>findById(claimId);
    }

    /** Staff release a claim: the unit is free from {@code releasedOn} (today when null), within their window. */
    @Transactional
    public ClaimRecord release(String serviceId, String claimId, String reason, LocalDate releasedOn, String organisation) {
        releaseLocked(lockService(serviceId), new ReleaseClaim(claimId, reason, releasedOn, window(organisation)), "request");
        return ClaimRecord.findById(claimId);
    }

    /**
     * Records that the service could not take the referral, which was referred elsewhere; it leaves the waiting list.
     * {@code declinedOn} (today when null) may lie back within the caller's window, not before the referral's decision.
     */
    @Transactional
    public DeclineRecord decline(String serviceId, String referralId, String reason, LocalDate declinedOn, String organisation) {
        CareServiceRecord row = lockService(serviceId);
        ReferralStanding referral = lockReferral(referralId);
        EntryWindow window = window(organisation);
        var outcome = pipeline.change(serviceId, null, service -> service.decide(new DeclineReferral(referral, reason, declinedOn, window)),
                row, projection::apply);
        metrics.declined(outcome.decidedOn().serviceType());
        return DeclineRecord.findById(UUID.fromString(outcome.appended().get(0).id()));
    }

    /**
     * A placement ended: the claim it was made from (placement id = claim id) is released, free from the placement's
     * end date (the day the person left the service, as a hospital bed is free on the day of discharge: the placement
     * held its unit through the day before). Runs in the consumer's transaction. A placement of an unknown or already
     * released claim changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void placementEnded(PlacementEnded ended) {
        String claimId = ended.placementId();
        Object[] claim = claimState(claimId);
        if (claim == null) {
            LOG.debugf("Placement %s ended, but no claim %s is known here: nothing to release", claimId, claimId);
            return;
        }
        CareServiceRecord row = lockService((String) claim[0]);
        if (pipeline.load(row.id).claim(claimId).map(c -> !c.active()).orElse(true)) {
            LOG.debugf("Placement %s ended; its claim is already released", claimId);
            return;
        }
        releaseLocked(row, ReleaseClaim.byLog(claimId, clip("placement ended: " + ended.endReason()), ended.endDate()), "placement-ended");
        ReferralDemandRecord referral = em.find(ReferralDemandRecord.class, (String) claim[1]);
        if (referral != null) {
            referral.servedAt = clock.instant();
        }
    }

    // --- building blocks, also used by ReferralDemand --------------------------------------------------------

    /** Locks the service's row for the rest of the transaction: writes to one service take turns here. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CareServiceRecord lockService(String serviceId) {
        CareServiceRecord row = em.find(CareServiceRecord.class, serviceId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw new NotFoundException("Service", serviceId);
        }
        return row;
    }

    /** Releases a claim of a service whose row the caller has locked, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void releaseLocked(CareServiceRecord row, ReleaseClaim release, String trigger) {
        var outcome = pipeline.change(row.id, null, service -> service.decide(release), row, projection::apply);
        metrics.released(outcome.decidedOn().serviceType(), trigger);
    }

    /** Reasons the service writes itself are clipped to the length a person may type. */
    static String clip(String reason) {
        return reason.length() <= CareService.MAX_TEXT ? reason : reason.substring(0, CareService.MAX_TEXT - 1) + "…";
    }

    private ReferralStanding lockReferral(String referralId) {
        ReferralDemandRecord r = em.find(ReferralDemandRecord.class, referralId, LockModeType.PESSIMISTIC_WRITE);
        return r == null ? ReferralStanding.unknown(referralId) : r.standing();
    }

    /** Service id and referral id of a claim, read without loading or locking the row; null if unknown. */
    private Object[] claimState(String claimId) {
        List<Object[]> rows = em.createQuery("select c.serviceId, c.referralId from ClaimRecord c where c.id = :id", Object[].class)
                .setParameter("id", claimId).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static IllegalTransitionException duplicateService() {
        return new IllegalTransitionException(RefusalCode.SERVICE_NAME_TAKEN, "A service of this type with this name is already registered in this locality");
    }
}
