package org.d2aflow.capacity.application;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.d2aflow.capacity.config.CapacityConfig;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The check of what must never happen: a service with more units claimed than declared on a day. Claims are taken
 * under the service's row lock and checked on every later day, so this reads 0; an operator alerts on anything else
 * (a bug, a hand-edited table, a migration gone wrong). Counted from the read model when scraped, over the days
 * from {@link #DAYS_BACK} days ago to {@link #DAYS_AHEAD} ahead, and reused for {@code d2a.capacity.overclaim-check-interval};
 * NaN until the first count succeeds, never a 0 that was not counted.
 */
@ApplicationScoped
public class OverClaimCheck {

    static final int DAYS_BACK = 30;
    static final int DAYS_AHEAD = 90;
    private static final Logger LOG = Logger.getLogger(OverClaimCheck.class);
    /** A claim holds its unit from its start date up to the day before it was released. */
    private static final String COUNT = """
            SELECT count(DISTINCT s.id) FROM care_service s
            CROSS JOIN generate_series(CAST(? AS date), CAST(? AS date), interval '1 day') AS d(day)
            WHERE (SELECT count(*) FROM claim c WHERE c.service_id = s.id AND c.start_date <= d.day::date
                      AND (c.released_on IS NULL OR c.released_on > d.day::date))
                > COALESCE((SELECT p.units FROM capacity_period p WHERE p.service_id = s.id AND p.from_date <= d.day::date
                      ORDER BY p.from_date DESC LIMIT 1), 0)
            """;

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    CapacityConfig config;

    @Inject
    MeterRegistry registry;

    private double last = Double.NaN;
    private long countedAtNanos;
    private boolean counted;

    void onStart(@Observes StartupEvent e) {
        Gauge.builder("d2a.capacity.overclaimed.services", this, OverClaimCheck::overClaimed)
                .description("Services with more units claimed than declared on some day from " + DAYS_BACK + " days ago to "
                        + DAYS_AHEAD + " ahead; must be 0 (counted from the database when scraped; NaN until counted)")
                .register(registry);
    }

    /** The number of over-claimed services, counted again when the last count is older than the configured interval. */
    synchronized double overClaimed() {
        long now = System.nanoTime();
        if (counted && now - countedAtNanos < config.overclaimCheckInterval().toNanos()) {
            return last;
        }
        counted = true;
        countedAtNanos = now;
        LocalDate today = LocalDate.ofInstant(clock.instant(), config.zone());
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(COUNT)) {
            st.setQueryTimeout(5);
            st.setObject(1, today.minusDays(DAYS_BACK));
            st.setObject(2, today.plusDays(DAYS_AHEAD));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                last = rs.getLong(1);
            }
        } catch (SQLException ex) {
            LOG.debugf("Counting over-claimed services: %s", ex);
        }
        return last;
    }
}
