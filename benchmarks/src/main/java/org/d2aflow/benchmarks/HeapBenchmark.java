package org.d2aflow.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.d2aflow.contracts.Topics;
import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestStack;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Heap that metrics-service holds for its in-memory projection: used heap after a full collection, once on an
 * empty log (the idle service: the baseline) and once after rebuilding the lives of N referrals.
 */
final class HeapBenchmark {

    static final Set<String> OPTIONS = Set.of("referrals", "seed", "heap", "per-day", "settle", "snapshot-interval");

    private HeapBenchmark() {
    }

    static void run(Path repo, Args args) throws Exception {
        long referrals = args.longValue("referrals", 1_000_000L);
        String heap = args.text("heap", "8g");
        Duration settle = args.duration("settle", Duration.ofSeconds(10));
        TestStack stack = Bench.stack();

        // Heap is measured once caught up; live snapshots during the catch-up only make it slower (see rebuild), so by
        // default they are spaced out here. The live state they keep is small and is present in both measurements.
        java.util.Map<String, String> config = RebuildBenchmark.snapshotConfig(args.text("snapshot-interval", "1h"));
        long idle = measure(repo, heap, settle, 0, "empty log", config);
        LogWriter.Written written = LogWriter.write(stack.bootstrapServers(), args.longValue("seed", 7), 0, referrals, args.intValue("per-day", 20_000));
        long total = Logs.endOffsets(stack.bootstrapServers(), List.of(Topics.REFERRALS, Topics.CAPACITY, Topics.PLACEMENTS)).values().stream()
                .mapToLong(Long::longValue).sum();
        long loaded = measure(repo, heap, settle, total, String.format("%,d referrals", written.referrals()), config);

        double perReferral = (loaded - idle) / (double) written.referrals();
        new Report("heap")
                .context(String.format("log: %,d referrals, %,d events", written.referrals(), written.events()))
                .context(String.format("used heap after full GC: empty log %.1f MiB, loaded %.1f MiB (-Xmx%s, G1)", idle / 1048576.0, loaded / 1048576.0,
                        heap))
                .context(String.format("projection: %.0f bytes per referral, %.0f bytes per event above the idle footprint", perReferral,
                        (loaded - idle) / (double) written.events()))
                .compare("heap after rebuild", loaded / 1048576.0, idle / 1048576.0, "MiB", "the same service, same flags, on an empty log")
                .print();
    }

    private static long measure(Path repo, String heap, Duration settle, long expected, String what, Map<String, String> config) throws Exception {
        try (ServiceProcess metrics = Bench.service(repo, "metrics-service", null, heap, config)) {
            metrics.awaitLive(Duration.ofMinutes(3));
            JsonNode serving = RebuildBenchmark.awaitCaughtUp(metrics, Duration.ofHours(2), expected);
            metrics.awaitReady(Duration.ofMinutes(1));
            Report.progress("heap: %s caught up (%,d records); letting it settle %ds", what, serving.path("recordsRead").asLong(), settle.toSeconds());
            // A few snapshot intervals so that the first live snapshots and figure publications are done.
            Bench.sleep(settle.toMillis());
            long used = Heap.usedAfterFullGc(metrics.pid());
            Report.progress("heap: %s -> %.1f MiB used after full GC", what, used / 1048576.0);
            return used;
        }
    }
}
