package org.d2aflow.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.d2aflow.contracts.Topics;
import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestStack;

/**
 * How long after a referral's 201 the live figures stream carries a snapshot that includes it, while the
 * referral load runs. Baseline: how long after the 201 a plain Kafka consumer on the same broker sees the
 * submission, i.e. the outbox relay and the broker, without the projection and the snapshot cadence.
 */
final class FreshnessBenchmark {

    static final Set<String> OPTIONS = Set.of("clients", "duration", "warmup", "heap");

    private FreshnessBenchmark() {
    }

    static void run(Path repo, Args args) throws Exception {
        Bench.Load settings = Bench.Load.from(args);
        int clients = settings.clients();
        Duration duration = settings.duration();
        Duration warmup = settings.warmup();
        TestStack stack = Bench.stack();
        try (ServiceProcess referral = Bench.service(repo, "referral-service", "d2a_referral", "512m", Map.of());
                ServiceProcess metrics = Bench.service(repo, "metrics-service", null, args.text("heap", "1g"), Map.of())) {
            referral.awaitReady(Duration.ofMinutes(3));
            metrics.awaitReady(Duration.ofMinutes(3));
            ReferralLoad load = new ReferralLoad(referral.url(), 500_000);
            load.warmUp(clients, warmup);
            try (OffsetTracker log = new OffsetTracker(stack.bootstrapServers(), Topics.REFERRALS).start();
                    SseRecorder sse = new SseRecorder(metrics.url(), Api.commissioner()).start()) {
                ReferralLoad.Result result = load.run(clients, Duration.ZERO, duration);
                // Let the last submissions reach the log and the stream: a few snapshot intervals and the outbox's poll.
                Report.progress("freshness: load done, waiting 10s for the last snapshots");
                Bench.sleep(10_000);
                List<SseRecorder.Snapshot> snapshots = sse.snapshots();
                if (sse.failure() != null) {
                    throw new IllegalStateException("the SSE stream failed: " + sse.failure(), sse.failure());
                }
                Freshness.Matched m = Freshness.match(Topics.REFERRALS, result.acks(), log::get, snapshots);
                if (m.sseNanos().length == 0) {
                    throw new IllegalStateException("no acknowledged referral was matched to a snapshot (" + snapshots.size() + " snapshots)");
                }
                Percentiles fresh = new Percentiles(m.sseNanos());
                Percentiles base = new Percentiles(m.logNanos());
                double intervalMs = snapshots.size() < 2 ? Double.NaN
                        : (snapshots.get(snapshots.size() - 1).receivedNanos() - snapshots.get(0).receivedNanos()) / 1e6 / (snapshots.size() - 1);
                new Report("freshness")
                        .context(String.format("load: %,d referrals created in %.1fs by %d clients (%,.0f/s), %,d errors", result.acks().size(),
                                result.seconds(), clients, result.throughput(), result.errors()))
                        .context(String.format("stream: %,d snapshots, one every %.0f ms on average; %,d referrals matched, %,d not in a snapshot, "
                                + "%,d not seen on the log, %,d snapshots arrived before the 201", snapshots.size(), intervalMs, fresh.count(),
                                m.unmatched(), m.notInLog(), m.beforeAck()))
                        .context(String.format("201 -> SSE snapshot ms: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f", fresh.at(50) / 1e6,
                                fresh.at(90) / 1e6, fresh.at(99) / 1e6, fresh.max() / 1e6))
                        .context(String.format("201 -> plain consumer ms: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f", base.at(50) / 1e6,
                                base.at(90) / 1e6, base.at(99) / 1e6, base.max() / 1e6))
                        .compare("freshness p50", fresh.at(50) / 1e6, base.at(50) / 1e6, "ms",
                                "201 -> the record reaches a plain Kafka consumer on the same broker (outbox relay + broker)")
                        .compare("freshness p99", fresh.at(99) / 1e6, base.at(99) / 1e6, "ms", null)
                        .print();
            }
        }
    }
}
