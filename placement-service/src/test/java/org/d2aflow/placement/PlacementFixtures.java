package org.d2aflow.placement;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.placement.infrastructure.messaging.CapacityEventsConsumer;
import org.d2aflow.placement.infrastructure.messaging.ReferralEventsConsumer;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Seeds the read models the way the consumers do, by handing them events directly in a transaction: fast and
 * synchronous, for tests about the REST API. (Tests about consumption itself go through the broker.)
 */
@ApplicationScoped
public class PlacementFixtures {

    /** The service's calendar zone: tests compute "today" as it does. */
    public static final ZoneId ZONE = ZoneId.of("Europe/London");

    @Inject
    CapacityEventsConsumer capacity;

    @Inject
    ReferralEventsConsumer referrals;

    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    /** A pending placement: the service, the referral and the claim, all fresh. */
    public record Pending(String serviceId, String referralId, String placementId) {
    }

    /** Registers a fresh service of the type and returns its id. */
    public String service(ServiceType type) {
        String serviceId = Events.newId();
        capacity(Events.serviceRegistered(serviceId, type));
        return serviceId;
    }

    /** A fresh referral of someone aged 84, admitted 5 days before the discharge (or 5 days ago when still in hospital). */
    public String referral(LocalDate dischargeDate) {
        String referralId = Events.newId();
        LocalDate admitted = (dischargeDate == null ? today() : dischargeDate).minusDays(5);
        referral(Events.submitted(referralId, 84, admitted));
        if (dischargeDate != null) {
            referral(Events.dischargedHome(referralId, dischargeDate));
        }
        return referralId;
    }

    /** Claims a unit of the service for the referral; the claim id is the placement id. */
    public String claim(String serviceId, String referralId, LocalDate plannedStart) {
        String claimId = Events.newId();
        capacity(Events.claimed(serviceId, claimId, referralId, plannedStart));
        return claimId;
    }

    /** A fresh service of the type, a referral discharged on the date (null: still in hospital) and a claim. */
    public Pending pending(ServiceType type, LocalDate dischargeDate) {
        String serviceId = service(type);
        return pendingAt(serviceId, dischargeDate);
    }

    /** A fresh referral discharged on the date and a claim on an existing service. */
    public Pending pendingAt(String serviceId, LocalDate dischargeDate) {
        String referralId = referral(dischargeDate);
        return new Pending(serviceId, referralId, claim(serviceId, referralId, dischargeDate == null ? today() : dischargeDate));
    }

    /** A referral's bedded reablement placement and the reablement at home it stepped down to, each at a service of its own. */
    public record StepDown(String beddedService, String homeService, String referralId, String bedded, String home) {
    }

    /**
     * A referral discharged on the date, placed in bedded reablement from {@code start} to {@code handover}, then in
     * reablement at home from the handover (both started and the first ended through the API).
     */
    public StepDown steppedDown(LocalDate discharged, LocalDate start, LocalDate handover) {
        String beddedService = service(ServiceType.BEDDED_REABLEMENT);
        String homeService = service(ServiceType.REABLEMENT_HOME);
        String referralId = referral(discharged);
        String bedded = claim(beddedService, referralId, discharged);
        String home = claim(homeService, referralId, handover);
        PlacementApi.start(bedded, start).statusCode(200);
        PlacementApi.end(bedded, handover, "OTHER").statusCode(200);
        PlacementApi.start(home, handover).statusCode(200);
        return new StepDown(beddedService, homeService, referralId, bedded, home);
    }

    public void release(Pending p, String reason) {
        capacity(Events.released(p.serviceId(), p.placementId(), reason));
    }

    public void capacity(CapacityEvent event) {
        EventEnvelope<D2aEvent> e = EventEnvelope.of(UUID.randomUUID().toString(), Events.CAPACITY_SOURCE, Instant.now(), 1, event);
        QuarkusTransaction.requiringNew().run(() -> capacity.apply(e));
    }

    /** Applies a referral event as the consumer would; returns its CloudEvents id, which a correction names. */
    public String referral(org.d2aflow.contracts.referral.ReferralEvent event) {
        EventEnvelope<D2aEvent> e = EventEnvelope.of(UUID.randomUUID().toString(), Events.REFERRAL_SOURCE, Instant.now(), 1, event);
        QuarkusTransaction.requiringNew().run(() -> referrals.apply(e));
        return e.id();
    }
}
