package org.d2aflow.metrics.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of metrics-service. */
@ConfigMapping(prefix = "d2a.metrics")
public interface MetricsConfig {

    /** Count destination 29 (temporary residence) as home in discharge to usual residence, unless a request says otherwise. */
    @WithDefault("false")
    boolean count29AsHome();

    /** Leave destination 99 (not known) out of the denominator instead of counting it as not home, unless a request says otherwise. */
    @WithDefault("false")
    boolean excludeUnknown99();

    /**
     * Shortest time between two recomputes of a live figure (SSE, d2a.figures, gauges): the first change after a quiet interval
     * is recomputed at once, changes within the interval are coalesced into one recompute when it ends.
     */
    @WithDefault("100ms")
    Duration snapshotInterval();

    /** How often an idle live stream gets an SSE comment, so that proxies and clients see it is still open. */
    @WithDefault("15s")
    Duration keepAlive();

    /** Length of the rolling period of the headline figures, ending on the as-known-at date. */
    @WithDefault("365")
    int headlinePeriodDays();

    /** Dashboard targets by figure id (a fraction for ratios, days for means), shown against the headline tiles. */
    Map<String, String> targets();

    /**
     * Further targets by figure id and name (the name is a slug, shown with its hyphens as spaces), for example
     * {@code d2a.metrics.more-targets.discharge-to-usual-residence.local-stretch=0.93}: shown beside the plan target.
     */
    Map<String, Map<String, String>> moreTargets();

    /** Publish figure snapshots to the compacted d2a.figures topic. */
    @WithDefault("true")
    boolean publishFigures();
}
