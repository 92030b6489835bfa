package org.d2aflow.capacity.config;

import java.time.Duration;
import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of capacity-service. */
@ConfigMapping(prefix = "d2a.capacity")
public interface CapacityConfig {

    /** The time zone whose calendar dates count as "today" (start dates, days waiting, release dates). */
    @WithDefault("Europe/London")
    ZoneId zone();

    /** Longest date range, in days, that one availability request may ask for. */
    @WithDefault("366")
    int maxRangeDays();

    /**
     * How often the waiting-list gauges (d2a.capacity.waiting) are recounted from the database; read by the
     * scheduler's interval expression, declared here so that a bad value fails at start-up.
     */
    @WithDefault("15s")
    Duration waitingGaugeInterval();

    /**
     * How long a count of over-claimed services (d2a.capacity.overclaimed.services, made when scraped) is reused before
     * the database is asked again.
     */
    @WithDefault("30s")
    Duration overclaimCheckInterval();
}
