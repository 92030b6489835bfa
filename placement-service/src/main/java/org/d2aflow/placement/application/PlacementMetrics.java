package org.d2aflow.placement.application;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.placement.query.FollowUpQueries;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.d2aflow.kit.metrics.Meters;

/**
 * Business meters: low-cardinality tags only (service type, end reason, day-91 status), never an id. Counters
 * move after the change commits. The overdue gauge is a recount on a schedule, so a scrape never queries the
 * database.
 */
@ApplicationScoped
public class PlacementMetrics {

    private static final Logger LOG = Logger.getLogger(PlacementMetrics.class);

    @Inject
    MeterRegistry registry;

    @Inject
    FollowUpQueries followUps;

    @Inject
    Today today;

    private final AtomicLong overdue = new AtomicLong();

    void onStart(@Observes StartupEvent e) {
        Gauge.builder("d2a.placements.follow.ups.overdue", overdue, AtomicLong::get)
                .description("Reablement/rehabilitation placements whose 91-day follow-up is past its due date and not recorded")
                .register(registry);
    }

    /** Counts placement events; the command pipeline calls it once they have committed. */
    void recorded(List<? extends PlacementEvent> events) {
        for (PlacementEvent e : events) {
            if (e instanceof PlacementStarted s) {
                Meters.counter(registry, "d2a.placements.started", "Placements started, by service type", "serviceType", s.serviceType().name()).increment();
            } else if (e instanceof PlacementEnded x) {
                Meters.counter(registry, "d2a.placements.ended", "Placements ended, by end reason", "endReason", x.endReason().name()).increment();
            } else if (e instanceof FollowUpRecorded f) {
                Meters.counter(registry, "d2a.placements.follow.ups", "91-day follow-ups recorded, by status", "day91Status", f.day91Status().name()).increment();
            } else if (e instanceof FollowUpCorrected c) {
                Meters.counter(registry, "d2a.placements.follow.up.corrections", "91-day follow-ups corrected, by corrected status", "day91Status", c.day91Status().name()).increment();
            }
        }
    }

    /** A capacity claim became a pending placement. */
    public void claimReceived() {
        Meters.counter(registry, "d2a.placements.claims.received", "Capacity claims that became pending placements").increment();
    }

    /** A pending placement was cancelled because its claim was released before the start. */
    public void claimCancelled() {
        Meters.counter(registry, "d2a.placements.cancelled", "Pending placements cancelled because their claim was released before the start").increment();
    }

    /** Recounts the overdue follow-ups for the gauge. */
    @Scheduled(every = "${d2a.placement.overdue-refresh-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refreshOverdue() {
        try {
            overdue.set(QuarkusTransaction.requiringNew().call(() -> followUps.countOverdue(today.date())));
        } catch (RuntimeException e) {
            // The last value stays; the next round tries again.
            LOG.warnf("Could not recount overdue follow-ups: %s", e.toString());
        }
    }

    /** The value the gauge shows. */
    public long overdueFollowUps() {
        return overdue.get();
    }
}
