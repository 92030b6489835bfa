package org.d2aflow.capacity.application;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

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
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.domain.StaleVersionException;
import org.d2aflow.kit.eventstore.EventStore;
import org.d2aflow.kit.eventstore.FoldedStreams;
import org.d2aflow.kit.persistence.UniqueViolation;
import org.jboss.logging.Logger;

import jakarta.persistence.PersistenceException;

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
    EntityManager em;

    @Inject
    Clock clock;

    /** What staff entered to register a service. */
    public record Registration(String name, ServiceType serviceType, String locality, CapacityUnit unit, String providerOrganisation) {
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(config.zone()));
    }

    // --- registration and capacity -------------------------------------------------------------------------

    /** Registers a service under a new id (retries are made safe by the API's Idempotency-Key, in this transaction). */
    @Transactional
    public CareServiceRecord register(Registration r) {
        return refusingDuplicates(() -> {
            String id = UUID.randomUUID().toString();
            List<CapacityEvent> events = CareService.from(List.of())
                    .decide(new RegisterService(id, r.name(), r.serviceType(), r.locality(), r.unit(), r.providerOrganisation()));
            ServiceRegistered registered = (ServiceRegistered) events.get(0);
            if (CareServiceRecord.count("serviceType = ?1 and locality = ?2 and lower(name) = lower(?3)", registered.serviceType(),
                    registered.locality(), registered.name()) > 0) {
                throw duplicateService();
            }
            CareServiceRecord registeredRow = appendAndProject(null, 0, events);
            CareServiceRecord.flush();
            return registeredRow;
        });
    }

    /** Declares units from a date; {@code expectedVersion} is the If-Match version, or null. */
    @Transactional
    public CareServiceRecord setCapacity(String serviceId, Long expectedVersion, int units, LocalDate fromDate) {
        CareServiceRecord row = lockService(serviceId);
        CareService service = load(serviceId);
        if (expectedVersion != null && expectedVersion != service.version()) {
            throw new StaleVersionException(expectedVersion, service.version());
        }
        LocalDate today = today();
        List<CapacityEvent> events = service.decide(new SetCapacity(units, fromDate == null ? today : fromDate, today));
        return events.isEmpty() ? row : appendAndProject(row, service.version(), events);
    }

    // --- claims and declines --------------------------------------------------------------------------------

    /**
     * Claims a unit of the service for a referral. Refused (409, with the reason) when the service has no free unit
     * on the start date or any later date, or when the referral is unknown, withdrawn, decided for another service
     * type or already holds a claim.
     */
    @Transactional
    public ClaimRecord claim(String serviceId, String referralId, LocalDate startDate) {
        return refusingDuplicates(() -> {
            CareServiceRecord row = lockService(serviceId);
            CareService service = load(serviceId);
            ReferralStanding referral = lockReferral(referralId);
            String claimId = UUID.randomUUID().toString();
            LocalDate today = today();
            List<CapacityEvent> events;
            try {
                events = service.decide(new ClaimUnit(claimId, referral, startDate == null ? today : startDate, today));
            } catch (IllegalTransitionException e) {
                metrics.claimRefused(service.serviceType(), CareService.FULL.equals(e.code()) ? Refusal.FULL : Refusal.REFERRAL);
                throw e;
            }
            appendAndProject(row, service.version(), events);
            ClaimRecord.flush();
            metrics.claimed(service.serviceType());
            return ClaimRecord.<ClaimRecord>findById(claimId);
        });
    }

    /** Staff release a claim (the unit is free from today). */
    @Transactional
    public ClaimRecord release(String serviceId, String claimId, String reason) {
        releaseLocked(lockService(serviceId), claimId, reason, "request");
        return ClaimRecord.findById(claimId);
    }

    /** Records that the service could not take the referral, which was referred elsewhere; it leaves the waiting list. */
    @Transactional
    public DeclineRecord decline(String serviceId, String referralId, String reason) {
        CareServiceRecord row = lockService(serviceId);
        CareService service = load(serviceId);
        ReferralStanding referral = lockReferral(referralId);
        List<CapacityEvent> events = service.decide(new DeclineReferral(referral, reason));
        List<EventEnvelope<CapacityEvent>> appended = append(row, service.version(), events);
        metrics.declined(service.serviceType());
        return DeclineRecord.findById(UUID.fromString(appended.get(0).id()));
    }

    /**
     * A placement ended: the claim it was made from (placement id = claim id) is released. Runs in the consumer's
     * transaction. A placement of an unknown or already released claim changes nothing.
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
        CareService service = load(row.id);
        if (service.claim(claimId).map(c -> !c.active()).orElse(true)) {
            LOG.debugf("Placement %s ended; its claim is already released", claimId);
            return;
        }
        releaseLocked(row, claimId, clip("placement ended: " + ended.endReason()), "placement-ended");
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
    public void releaseLocked(CareServiceRecord row, String claimId, String reason, String trigger) {
        CareService service = load(row.id);
        List<CapacityEvent> events = service.decide(new ReleaseClaim(claimId, reason));
        appendAndProject(row, service.version(), events);
        metrics.released(service.serviceType(), trigger);
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

    /**
     * The service as its events make it. Every caller holds the service's row lock ({@link #lockService}), which is
     * what lets the folded state be kept between commands: a claim reads the events since the last command, not the
     * service's whole history.
     */
    private CareService load(String serviceId) {
        return folded.load(store, serviceId);
    }

    private final FoldedStreams<CareService> folded = new FoldedStreams<>(() -> CareService.from(List.of()),
            (service, event) -> service.apply((CapacityEvent) event));

    private CareServiceRecord appendAndProject(CareServiceRecord row, long expectedVersion, List<CapacityEvent> events) {
        CareServiceRecord current = row;
        for (EventEnvelope<CapacityEvent> e : store.append(STREAM_TYPE, events.get(0).serviceId(), expectedVersion, events)) {
            current = projection.apply(current, e);
        }
        return current;
    }

    private List<EventEnvelope<CapacityEvent>> append(CareServiceRecord row, long expectedVersion, List<CapacityEvent> events) {
        List<EventEnvelope<CapacityEvent>> appended = store.append(STREAM_TYPE, row.id, expectedVersion, events);
        for (EventEnvelope<CapacityEvent> e : appended) {
            projection.apply(row, e);
        }
        return appended;
    }

    /**
     * Runs a creation, answering a unique constraint that backs up a rule (told apart by SQLState and constraint name)
     * as that rule's refusal: two racing requests can both pass the rule's check, only one passes the constraint.
     */
    private static <T> T refusingDuplicates(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (PersistenceException e) {
            if (UniqueViolation.of(e, "care_service_name_key")) {
                throw duplicateService();
            }
            if (UniqueViolation.of(e, "claim_one_active_per_referral")) {
                throw new IllegalTransitionException("The referral already holds a claim");
            }
            throw e;
        }
    }

    private static IllegalTransitionException duplicateService() {
        return new IllegalTransitionException("A service of this type with this name is already registered in this locality");
    }
}
