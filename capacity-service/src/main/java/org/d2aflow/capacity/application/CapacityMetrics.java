package org.d2aflow.capacity.application;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.d2aflow.kit.idempotency.IdempotentRequests;
import org.d2aflow.kit.metrics.Meters;

/**
 * Business meters, tagged by service type and a few fixed words only (never a service, claim or referral id).
 * Counters move when the transaction that recorded the fact commits, so a rolled-back claim is never counted.
 */
@ApplicationScoped
public class CapacityMetrics {

    /** Why a claim was refused: the service was full, or the referral could not take a claim. */
    public enum Refusal {
        FULL, REFERRAL
    }

    @Inject
    MeterRegistry registry;

    @Inject
    org.d2aflow.kit.tx.AfterCommit afterCommit;

    @Inject
    EntityManager em;

    private final Map<ServiceType, AtomicLong> waiting = new EnumMap<>(ServiceType.class);

    void onStart(@Observes StartupEvent e) {
        for (ServiceType type : ServiceType.values()) {
            if (type.pathway() == Pathway.P0) {
                continue;
            }
            AtomicLong count = new AtomicLong();
            waiting.put(type, count);
            Gauge.builder("d2a.capacity.waiting", count, AtomicLong::get).tag("serviceType", type.name())
                    .description("Referrals on the waiting list (recounted periodically)").register(registry);
        }
    }

    /** Recounts the waiting list: one grouped query, cheap enough to run every few seconds. */
    @Scheduled(every = "${d2a.capacity.waiting-gauge-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recountWaiting() {
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "select r.serviceType, count(r) from ReferralDemandRecord r where " + org.d2aflow.capacity.infrastructure.ReferralDemandRecord.WAITING
                        + " group by r.serviceType", Object[].class)
                .setParameter("waitingPathways", org.d2aflow.capacity.infrastructure.ReferralDemandRecord.WAITING_PATHWAYS)
                .getResultList());
        Map<ServiceType, Long> counts = new EnumMap<>(ServiceType.class);
        for (Object[] row : rows) {
            counts.put((ServiceType) row[0], ((Number) row[1]).longValue());
        }
        waiting.forEach((type, gauge) -> gauge.set(counts.getOrDefault(type, 0L)));
    }

    void claimed(ServiceType type) {
        afterCommit(() -> Meters.counter(registry, "d2a.capacity.claims", "Capacity units claimed for a referral, by service type", "serviceType", type.name()).increment());
    }

    void claimRefused(ServiceType type, Refusal why) {
        // A retry with the Idempotency-Key of a claim already made is refused on its way to replaying that claim: not counted.
        IdempotentRequests.unlessReplayed(() -> Meters.counter(registry, "d2a.capacity.claims.refused", "Claims refused, by service type and reason",
                "serviceType", type.name(), "reason", why.name().toLowerCase()).increment());
    }

    /** @param trigger request, placement-ended, referral-withdrawn or re-decided */
    void released(ServiceType type, String trigger) {
        afterCommit(() -> Meters.counter(registry, "d2a.capacity.releases", "Claimed units released, by service type and trigger", "serviceType", type.name(), "trigger", trigger).increment());
    }

    void declined(ServiceType type) {
        afterCommit(() -> Meters.counter(registry, "d2a.capacity.declines", "Referrals declined for lack of capacity (demand unmet), by service type", "serviceType", type.name()).increment());
    }

    private void afterCommit(Runnable count) {
        afterCommit.run(count);
    }
}
