package org.d2aflow.placement.config;

import java.time.Duration;
import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of placement-service. */
@ConfigMapping(prefix = "d2a.placement")
public interface PlacementConfig {

    /** The time zone whose calendar dates count as "today" (future-date checks, day 91, days overdue). */
    @WithDefault("Europe/London")
    ZoneId zone();

    /** How often the overdue follow-ups gauge ({@code d2a.placements.follow.ups.overdue}) is recounted. */
    @WithDefault("60s")
    Duration overdueRefreshInterval();
}
