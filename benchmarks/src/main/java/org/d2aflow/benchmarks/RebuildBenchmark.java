package org.d2aflow.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.d2aflow.contracts.Topics;
import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestStack;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rebuild rate of metrics-service: a generated log of whole referral lives, then the service started on it and
 * timed from its projection's start to caught-up (records read per second). Baseline: Kafka's ConsumerPerformance
 * reading the same topics from the same broker, which only fetches and counts records.
 */
final class RebuildBenchmark {

    static final Set<String> OPTIONS = Set.of("events", "seed", "heap", "per-day", "timeout", "snapshot-interval");

    private RebuildBenchmark() {
    }

    static void run(Path repo, Args args) throws Exception {
        long events = args.longValue("events", 10_000_000L);
        String heap = args.text("heap", "8g");
        Duration timeout = args.duration("timeout", Duration.ofHours(3));
        TestStack stack = Bench.stack();
        LogWriter.Written written = LogWriter.write(stack.bootstrapServers(), args.longValue("seed", 7), events, 0, args.intValue("per-day", 20_000));
        Map<String, Long> perTopic = Logs.endOffsets(stack.bootstrapServers(), List.of(Topics.REFERRALS, Topics.CAPACITY, Topics.PLACEMENTS));
        long total = perTopic.values().stream().mapToLong(Long::longValue).sum();
        Report.progress("log: %s", perTopic);

        List<ConsumerPerf.Result> baseline = ConsumerPerf.run(stack.bootstrapServers(), perTopic, heap);
        long baseMessages = baseline.stream().mapToLong(ConsumerPerf.Result::messages).sum();
        long baseFetch = baseline.stream().mapToLong(ConsumerPerf.Result::fetchMillis).sum();
        long baseElapsed = baseline.stream().mapToLong(ConsumerPerf.Result::elapsedMillis).sum();
        double baseMb = baseline.stream().mapToDouble(ConsumerPerf.Result::megabytes).sum();

        long launched = System.nanoTime();
        String interval = args.text("snapshot-interval", null);
        try (ServiceProcess metrics = Bench.service(repo, "metrics-service", null, heap, snapshotConfig(interval))) {
            metrics.awaitLive(Duration.ofMinutes(3));
            Report.progress("metrics-service answering after %.1fs; its projection is reading the log", (System.nanoTime() - launched) / 1e9);
            JsonNode serving = awaitCaughtUp(metrics, timeout, total);
            double wall = (System.nanoTime() - launched) / 1e9;
            long read = serving.path("recordsRead").asLong();
            Instant started = Instant.parse(serving.path("startedAt").asText());
            Instant caughtUp = Instant.parse(serving.path("caughtUpAt").asText());
            double seconds = Duration.between(started, caughtUp).toMillis() / 1000.0;
            double rate = read / seconds;
            double baseRate = baseMessages / (baseFetch / 1000.0);
            new Report("rebuild")
                    .context(String.format("log: %,d events of %,d referrals (%,d records on the topics, %.0f MB as the consumer reads them), "
                            + "written in %.0fs", written.events(), written.referrals(), total, baseMb, written.seconds()))
                    .context("live snapshots while catching up: " + (interval == null
                            ? "the service's default (checked every 500 ms, spaced so that they take at most about a tenth of the time)"
                            : "every " + interval + " (d2a.metrics.snapshot-interval), i.e. the projection alone"))
                    .context(String.format("metrics-service (-Xmx%s): %,d records read, %,d applied, %,d poison, projection start to caught-up %.1fs; "
                            + "JVM launch to caught-up %.1fs (%,.0f records/s)", heap, read, serving.path("eventsApplied").asLong(),
                            serving.path("poisonRecords").asLong(), seconds, wall, read / wall))
                    .context(String.format("ConsumerPerformance: %,d records, fetch time %.1fs, with group rebalances %.1fs (%,.0f records/s)",
                            baseMessages, baseFetch / 1000.0, baseElapsed / 1000.0, baseMessages / (baseElapsed / 1000.0)))
                    .compare("rebuild rate", rate, baseRate, "events/s",
                            "ConsumerPerformance fetch rate over the same three topics, same broker, same consumer fetch settings and heap")
                    .print();
        }
    }

    /**
     * The live snapshot (all headline figures over the whole projection, under its read lock) runs while the build
     * catches up too, holding back its writer; a long interval measures the projection on its own.
     */
    static Map<String, String> snapshotConfig(String interval) {
        return interval == null ? Map.of() : Map.of("D2A_METRICS_SNAPSHOT_INTERVAL", interval);
    }

    /** Polls the projection status until the serving build is LIVE; prints progress while it catches up. */
    static JsonNode awaitCaughtUp(ServiceProcess metrics, Duration timeout, long expected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastPrint = 0;
        String bearer = Api.operator();
        while (System.nanoTime() < deadline) {
            if (!metrics.alive()) {
                throw new IllegalStateException("metrics-service exited:\n" + metrics.logTail());
            }
            JsonNode serving = Api.getJson(metrics.url() + "/figures/projection", bearer).path("serving");
            if (!serving.path("failure").isNull() && !serving.path("failure").isMissingNode()) {
                throw new IllegalStateException("the projection failed: " + serving.path("failure").asText());
            }
            if ("LIVE".equals(serving.path("state").asText())) {
                return serving;
            }
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                lastPrint = System.nanoTime();
                long read = serving.path("recordsRead").asLong();
                Report.progress("projection %s: %,d of %,d records read (%.0f%%), %,d records/s so far", serving.path("state").asText(), read, expected,
                        100.0 * read / Math.max(expected, 1), serving.path("rate").asLong());
            }
            Bench.sleep(200);
        }
        throw new IllegalStateException("the projection did not catch up within " + timeout);
    }
}
