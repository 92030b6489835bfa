package org.d2aflow.kit.metrics;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code d2a_projection_delay_seconds{consumer,topic}}: how long after an event was recorded (its CloudEvents
 * {@code time}, set by the producing service) a consumer had applied it to its state, the transaction committed. One
 * meter for every consuming service (capacity's and placement's consumers, metrics-service's projection), so a
 * dashboard compares them and an alert reads one name.
 */
public final class ProjectionDelay {

    static final String NAME = "d2a.projection.delay";
    static final String HELP = "Time from an event's recording (its CloudEvents time) to its being applied by this consumer, "
            + "by consumer and topic";

    private ProjectionDelay() {
    }

    /** Records that {@code consumer} applied an event of {@code topic} recorded at {@code recorded}, at {@code applied}. */
    public static void record(MeterRegistry registry, String consumer, String topic, Instant recorded, Instant applied) {
        Duration delay = Duration.between(recorded, applied);
        // Another machine's clock may run ahead by a little: never a negative delay.
        Meters.delay(registry, NAME, HELP, "consumer", consumer, "topic", topic).record(delay.isNegative() ? Duration.ZERO : delay);
    }

    /** Registers the meter of {@code consumer} on {@code topic} before its first event, so the series exists (empty) from the start. */
    public static void register(MeterRegistry registry, String consumer, String topic) {
        Meters.delay(registry, NAME, HELP, "consumer", consumer, "topic", topic);
    }
}
