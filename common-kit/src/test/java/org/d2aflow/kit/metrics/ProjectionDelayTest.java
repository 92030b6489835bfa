package org.d2aflow.kit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ProjectionDelayTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Instant now = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void timesFromTheRecordedTimeIntoFixedBucketsWithPercentilesAndNeverBelowZero() {
        ProjectionDelay.register(registry, "capacity.referrals", "d2a.referrals");
        Timer timer = registry.get("d2a.projection.delay").tags("consumer", "capacity.referrals", "topic", "d2a.referrals").timer();
        assertThat(timer.count()).as("registered, empty").isZero();
        assertThat(timer.getId().getDescription()).isEqualTo(ProjectionDelay.HELP);

        ProjectionDelay.record(registry, "capacity.referrals", "d2a.referrals", now.minusSeconds(40), now);
        // The producer's clock 2 s ahead of this one: counted as no delay, not as a negative one.
        ProjectionDelay.record(registry, "capacity.referrals", "d2a.referrals", now.plusSeconds(2), now);

        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(40.0);
        assertThat(timer.max(TimeUnit.SECONDS)).isEqualTo(40.0);
        HistogramSnapshot snapshot = timer.takeSnapshot();
        assertThat(Arrays.stream(snapshot.histogramCounts()).mapToDouble(b -> b.bucket(TimeUnit.SECONDS)))
                .containsExactly(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0);
        assertThat(count(snapshot, 0.01)).as("the skewed one").isEqualTo(1);
        assertThat(count(snapshot, 30.0)).isEqualTo(1);
        assertThat(count(snapshot, 60.0)).as("the 40 s one too").isEqualTo(2);
        assertThat(Arrays.stream(snapshot.percentileValues()).mapToDouble(p -> p.percentile())).containsExactly(0.5, 0.95, 0.99);
    }

    @Test
    void eachConsumerAndTopicHasItsOwnSeries() {
        ProjectionDelay.record(registry, "placement.capacity", "d2a.capacity", now.minusSeconds(1), now);
        ProjectionDelay.record(registry, "metrics-service", "d2a.capacity", now.minusSeconds(3), now);

        assertThat(registry.get("d2a.projection.delay").timers()).hasSize(2);
        assertThat(registry.get("d2a.projection.delay").tags("consumer", "metrics-service").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(3.0);
    }

    private static double count(HistogramSnapshot snapshot, double seconds) {
        return Arrays.stream(snapshot.histogramCounts()).filter(b -> b.bucket(TimeUnit.SECONDS) == seconds).mapToDouble(CountAtBucket::count)
                .findFirst().orElseThrow();
    }
}
