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
 * How long after a referral's 201 the live figures stream carries a frame of {@code length-of-stay-census} (or a
 * whole snapshot) that includes it, while the referral load runs: closed loop ({@code --clients}) or, with
 * {@code --rate}, open loop at a fixed arrival rate. Baseline: how long after the 201 a plain Kafka consumer on the
 * same broker sees the submission, i.e. the outbox relay and the broker, without the projection and the stream.
 */
final class FreshnessBenchmark {

    static final Set<String> OPTIONS = Set.of("clients", "rate", "duration", "warmup", "heap", "figure");

    /** A submission admitted on or before today changes this figure's count (patients in hospital on the census date). */
    static final String FIGURE = "length-of-stay-census";

    private FreshnessBenchmark() {
    }

    static void run(Path repo, Args args) throws Exception {
        Bench.Load settings = Bench.Load.from(args);
        int clients = settings.clients();
        double rate = Double.parseDouble(args.text("rate", "0"));
        Duration duration = settings.duration();
        Duration warmup = settings.warmup();
        String figure = args.text("figure", FIGURE);
        TestStack stack = Bench.stack();
        try (ServiceProcess referral = Bench.service(repo, "referral-service", "d2a_referral", "512m", Map.of());
                ServiceProcess metrics = Bench.service(repo, "metrics-service", null, args.text("heap", "1g"), Map.of())) {
            referral.awaitReady(Duration.ofMinutes(3));
            metrics.awaitReady(Duration.ofMinutes(3));
            ReferralLoad load = new ReferralLoad(referral.url(), 500_000);
            if (rate > 0 && !warmup.isZero()) {
                load.openLoop(rate, warmup, "freshness warm-up (not counted)");
            } else if (rate <= 0) {
                load.warmUp(clients, warmup);
            }
            try (OffsetTracker log = new OffsetTracker(stack.bootstrapServers(), Topics.REFERRALS).start();
                    SseRecorder sse = new SseRecorder(metrics.url(), Api.commissioner(), figure).start()) {
                List<ReferralLoad.Ack> acks;
                String loadLine;
                if (rate > 0) {
                    ReferralLoad.OpenResult result = load.openLoop(rate, duration, "freshness");
                    acks = result.acks();
                    loadLine = result.describe();
                } else {
                    ReferralLoad.Result result = load.run(clients, Duration.ZERO, duration);
                    acks = result.acks();
                    loadLine = String.format("load: %,d referrals created in %.1fs by %d clients (%,.0f/s), %,d errors", result.acks().size(),
                            result.seconds(), clients, result.throughput(), result.errors());
                }
                // Let the last submissions reach the log and the stream: a few snapshot intervals and the outbox's poll.
                Report.progress("freshness: load done, waiting 10s for the last frames");
                Bench.sleep(10_000);
                List<SseWire.Update> updates = sse.updates();
                if (sse.failure() != null) {
                    throw new IllegalStateException("the SSE stream failed: " + sse.failure(), sse.failure());
                }
                Freshness.Matched m = Freshness.match(Topics.REFERRALS, acks, log::get, updates);
                if (m.sseNanos().length == 0) {
                    throw new IllegalStateException("no acknowledged referral was matched to a frame (" + updates.size() + " frames)");
                }
                double intervalMs = updates.size() < 2 ? Double.NaN
                        : (updates.get(updates.size() - 1).receivedNanos() - updates.get(0).receivedNanos()) / 1e6 / (updates.size() - 1);
                report("freshness", m).context(0, loadLine)
                        .context(1, String.format("stream: %,d frames (%s), one every %.0f ms on average; %,d referrals matched, %,d not in a frame, "
                                + "%,d not seen on the log, %,d frames arrived before the 201", updates.size(), kind(updates, figure), intervalMs,
                                m.sseNanos().length, m.unmatched(), m.notInLog(), m.beforeAck()))
                        .print();
            }
        }
    }

    /** Which stream the service spoke: per-figure frames or whole snapshots. */
    static String kind(List<SseWire.Update> updates, String figure) {
        long figures = updates.stream().filter(u -> u.figure() != null).count();
        return figures == updates.size() ? "figure frames of " + figure : figures == 0 ? "whole snapshots" : figures + " figure frames, the rest snapshots";
    }

    /** The freshness percentiles beside the plain consumer's. */
    static Report report(String name, Freshness.Matched m) {
        Percentiles fresh = new Percentiles(m.sseNanos());
        Percentiles base = new Percentiles(m.logNanos());
        return new Report(name)
                .context(String.format("201 -> SSE frame ms: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f", fresh.at(50) / 1e6, fresh.at(90) / 1e6,
                        fresh.at(99) / 1e6, fresh.max() / 1e6))
                .context(String.format("201 -> plain consumer ms: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f", base.at(50) / 1e6, base.at(90) / 1e6,
                        base.at(99) / 1e6, base.max() / 1e6))
                .compare("freshness p50", fresh.at(50) / 1e6, base.at(50) / 1e6, "ms",
                        "201 -> the record reaches a plain Kafka consumer on the same broker (outbox relay + broker)")
                .compare("freshness p99", fresh.at(99) / 1e6, base.at(99) / 1e6, "ms", null);
    }
}
