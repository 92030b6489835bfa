package org.d2aflow.kit.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Registers the suite's meters with their HELP text: {@code registry.counter(name, tags)} exports an empty
 * {@code # HELP} line, which tells an operator nothing. The first registration of a name fixes its text.
 */
public final class Meters {

    private Meters() {
    }

    /** The counter {@code name} with these tags (key, value pairs), described by {@code help}. */
    public static Counter counter(MeterRegistry registry, String name, String help, String... tags) {
        return Counter.builder(name).description(help).tags(tags).register(registry);
    }

    /**
     * Bucket bounds of the suite's delay timers (from a write being recorded to its being published or projected): from
     * 10 ms, a quiet broker, to an hour, a consumer that was down; a fixed set, so that every instance's buckets add up.
     */
    static final Duration[] DELAY_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1)};

    /**
     * A delay timer {@code name} with these tags, described by {@code help}: exported as a histogram (the
     * {@code _bucket} series of {@link #DELAY_BUCKETS}, for {@code histogram_quantile} across instances) plus this
     * instance's median, 95th and 99th percentiles (the {@code quantile} label) and its maximum.
     */
    public static Timer delay(MeterRegistry registry, String name, String help, String... tags) {
        return Timer.builder(name).description(help).tags(tags)
                .serviceLevelObjectives(DELAY_BUCKETS)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
    }

    /** The distribution summary {@code name} with these tags (key, value pairs), described by {@code help}. */
    public static DistributionSummary summary(MeterRegistry registry, String name, String help, String... tags) {
        return DistributionSummary.builder(name).description(help).tags(tags).register(registry);
    }
}
