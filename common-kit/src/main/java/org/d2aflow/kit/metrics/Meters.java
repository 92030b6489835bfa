package org.d2aflow.kit.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

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

    /** The distribution summary {@code name} with these tags (key, value pairs), described by {@code help}. */
    public static DistributionSummary summary(MeterRegistry registry, String name, String help, String... tags) {
        return DistributionSummary.builder(name).description(help).tags(tags).register(registry);
    }
}
