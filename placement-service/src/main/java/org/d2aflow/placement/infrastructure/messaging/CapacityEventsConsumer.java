package org.d2aflow.placement.infrastructure.messaging;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.d2aflow.kit.messaging.GuardedIntake;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.placement.application.PlacementMetrics;
import org.d2aflow.placement.domain.PlacementStatus;
import org.d2aflow.placement.infrastructure.PlacementRecord;
import org.d2aflow.placement.infrastructure.ServiceRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads {@code d2a.capacity}: service registrations fill the service registry, claims become pending
 * placements, and a release of a claim that has not started cancels its pending placement. Claims and
 * registrations may arrive in either order: a placement takes its service type whenever the registration comes.
 */
@ApplicationScoped
public class CapacityEventsConsumer {

    /** The incoming channel (configured in application.properties). */
    public static final String CHANNEL = "capacity";
    /** The consumer name under which processed event ids are remembered. */
    public static final String CONSUMER = "placement.capacity";

    private static final Logger LOG = Logger.getLogger(CapacityEventsConsumer.class);
    private static final List<PlacementStatus> NOT_STARTED = List.of(PlacementStatus.PENDING, PlacementStatus.CANCELLED);

    @Inject
    GuardedIntake intake;

    @Inject
    PlacementMetrics metrics;

    /** Its meters are scraped from the start, at zero, before the first record. */
    void registerMeters(@Observes StartupEvent e) {
        intake.register(CONSUMER, Topics.CAPACITY);
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void on(ConsumerRecords<String, byte[]> records) {
        intake.consumeAll(records, CONSUMER, this::apply);
    }

    /** Applies one event of the capacity topic to the read models, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope<D2aEvent> envelope) {
        D2aEvent event = envelope.event();
        if (event instanceof ServiceRegistered e) {
            registered(e, envelope.time());
        } else if (event instanceof CapacityClaimed e) {
            claimed(e, envelope.time());
        } else if (event instanceof CapacityReleased e) {
            released(e, envelope.time());
        }
        // Capacity set and declines say nothing about placements.
    }

    private void registered(ServiceRegistered e, Instant at) {
        ServiceRecord service = ServiceRecord.findById(e.serviceId());
        if (service == null) {
            service = new ServiceRecord();
            service.serviceId = e.serviceId();
            service.registeredAt = at;
        }
        service.name = e.name();
        service.serviceType = e.serviceType();
        service.locality = e.locality();
        service.unit = e.unit();
        service.providerOrganisation = e.providerOrganisation();
        service.persist();
        if (e.providerOrganisation() != null) {
            PlacementRecord.update("providerOrganisation = ?1, updatedAt = ?2 where serviceId = ?3 and providerOrganisation is null",
                    e.providerOrganisation(), at, e.serviceId());
        }
        // Claims that came first get the type now; a started placement keeps the type its start recorded.
        PlacementRecord.update("serviceName = ?1, updatedAt = ?2 where serviceId = ?3 and (serviceName is null or serviceName <> ?1)",
                e.name(), at, e.serviceId());
        PlacementRecord.update("serviceType = ?1, updatedAt = ?2 where serviceId = ?3 and status in ?4 "
                + "and (serviceType is null or serviceType <> ?1)", e.serviceType(), at, e.serviceId(), NOT_STARTED);
    }

    private void claimed(CapacityClaimed e, Instant at) {
        if (PlacementRecord.findById(e.claimId()) != null) {
            LOG.debugf("Claim %s already has a placement", e.claimId());
            return;
        }
        ServiceRecord service = ServiceRecord.findById(e.serviceId());
        PlacementRecord p = new PlacementRecord();
        p.placementId = e.claimId();
        p.referralId = e.referralId();
        p.serviceId = e.serviceId();
        p.serviceName = service == null ? null : service.name;
        p.serviceType = service == null ? null : service.serviceType;
        // The claim names its provider; a claim written before it did takes the registration's.
        p.providerOrganisation = e.providerOrganisation() != null ? e.providerOrganisation()
                : service == null ? null : service.providerOrganisation;
        p.status = PlacementStatus.PENDING;
        p.version = 0;
        p.plannedStartDate = e.startDate();
        p.claimedAt = at;
        p.updatedAt = at;
        p.persist();
        metrics.claimReceived();
    }

    private void released(CapacityReleased e, Instant at) {
        PlacementRecord p = PlacementRecord.findById(e.claimId(), LockModeType.PESSIMISTIC_WRITE);
        if (p == null) {
            // Claims and releases share a key, so a release never overtakes its claim; this claim is not ours to track.
            LOG.debugf("Release of unknown claim %s ignored", e.claimId());
        } else if (p.status == PlacementStatus.PENDING) {
            p.status = PlacementStatus.CANCELLED;
            p.cancelledReason = e.reason();
            p.updatedAt = at;
            metrics.claimCancelled();
        }
        // A started placement's claim is released after its own end (or by capacity staff): the placement is unaffected.
    }
}
