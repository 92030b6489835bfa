package org.d2aflow.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.d2aflow.contracts.Topics;
import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestStack;

/**
 * Many dashboards on one metrics-service: N subscribers to the live stream held by one process (raw NIO
 * connections, {@link SseSubscribers}), the heap they cost the service, how fresh the frames are on a sample of
 * them while referrals arrive at a fixed rate, and the service's CPU per change. Baselines from the same run: the
 * service's heap with no subscriber, and a plain Kafka consumer's view of the same submissions.
 */
final class SseBenchmark {

    static final Set<String> OPTIONS = Set.of("subscribers", "rate", "duration", "sample", "warmup", "heap", "threads", "figure");

    /** File descriptors left to each process beyond the subscribers: jars, the broker's and the database's connections, the load. */
    static final int FD_MARGIN = ReferralLoad.MAX_IN_FLIGHT + 300;

    /** What a run measured; {@code framesDefault} etc. per subscriber over the measured window. */
    record Measured(int asked, int held, String limitNote, long idleHeap, long loadedHeap, String heap, String loadLine, long writes,
            Freshness.Matched freshness, int sampled, long[] framesDefault, long[] framesSampled, long[] bytesDefault, double cpuSeconds,
            double windowSeconds, int closed, String figure, String failure) {
    }

    private SseBenchmark() {
    }

    static void run(Path repo, Args args) throws Exception {
        int asked = args.intValue("subscribers", 20_000);
        double rate = Double.parseDouble(args.text("rate", "200"));
        Duration duration = args.duration("duration", Duration.ofSeconds(60));
        Duration warmup = args.duration("warmup", Duration.ofSeconds(30));
        int sample = args.intValue("sample", 100);
        int threads = args.intValue("threads", 4);
        String heap = args.text("heap", "1g");
        String figure = args.text("figure", FreshnessBenchmark.FIGURE);
        TestStack stack = Bench.stack();
        try (ServiceProcess referral = Bench.service(repo, "referral-service", "d2a_referral", "512m", Map.of());
                ServiceProcess metrics = Bench.service(repo, "metrics-service", null, heap, Map.of())) {
            referral.awaitReady(Duration.ofMinutes(3));
            metrics.awaitReady(Duration.ofMinutes(3));
            ReferralLoad load = new ReferralLoad(referral.url(), 600_000);
            if (!warmup.isZero()) {
                load.openLoop(rate, warmup, "sse warm-up (not counted)");
            }
            Bench.sleep(2000);
            long idleHeap = Heap.usedAfterFullGc(metrics.pid());
            Report.progress("sse: metrics-service with no subscriber: %.1f MiB used after full GC", idleHeap / 1048576.0);

            long self = ProcessHandle.current().pid();
            long selfRoom = ProcFs.openFilesLimit(self) - ProcFs.openFiles(self);
            long serviceRoom = ProcFs.openFilesLimit(metrics.pid()) - ProcFs.openFiles(metrics.pid());
            int n = (int) Math.max(1, Math.min(asked, Math.min(selfRoom, serviceRoom) - FD_MARGIN));
            String limitNote = String.format(Locale.ROOT, "file descriptors free: this JVM %,d, metrics-service %,d (limit %,d each, %,d kept spare)",
                    selfRoom, serviceRoom, ProcFs.openFilesLimit(self), FD_MARGIN);
            if (n < asked) {
                Report.progress("sse: %,d subscribers asked, the file-descriptor limit holds %,d: %s", asked, n, limitNote);
            }
            int sampleEvery = Math.max(1, n / Math.max(1, sample));
            try (SseSubscribers subscribers = new SseSubscribers("127.0.0.1", metrics.port(), Api.commissioner(), "", figure, threads)) {
                subscribers.open(n, sampleEvery, 60_000);
                Bench.sleep(5000);
                List<SseSubscribers.Subscriber> live = subscribers.live();
                if (live.isEmpty()) {
                    throw new IllegalStateException("no subscriber connected: " + subscribers.firstFailure());
                }
                long loadedHeap = Heap.usedAfterFullGc(metrics.pid());
                Report.progress("sse: metrics-service with %,d subscribers: %.1f MiB used after full GC", live.size(), loadedHeap / 1048576.0);

                try (OffsetTracker log = new OffsetTracker(stack.bootstrapServers(), Topics.REFERRALS).start()) {
                    long[] framesBefore = SseSubscribers.frames(live);
                    long[] bytesBefore = SseSubscribers.bytes(live);
                    double cpuBefore = ProcFs.cpuSeconds(metrics.pid());
                    long windowStart = System.nanoTime();
                    ReferralLoad.OpenResult result = load.openLoop(rate, duration, "sse");
                    Report.progress("sse: load done, waiting 10s for the last frames");
                    Bench.sleep(10_000);
                    double cpu = ProcFs.cpuSeconds(metrics.pid()) - cpuBefore;
                    double window = (System.nanoTime() - windowStart) / 1e9;
                    long[] frames = SseSubscribers.minus(SseSubscribers.frames(live), framesBefore);
                    long[] bytes = SseSubscribers.minus(SseSubscribers.bytes(live), bytesBefore);
                    List<List<SseWire.Update>> sampled = new ArrayList<>();
                    List<Long> framesDefault = new ArrayList<>();
                    List<Long> framesSampled = new ArrayList<>();
                    List<Long> bytesDefault = new ArrayList<>();
                    for (int i = 0; i < live.size(); i++) {
                        SseSubscribers.Subscriber s = live.get(i);
                        if (s.sampled) {
                            sampled.add(s.updates());
                            framesSampled.add(frames[i]);
                        } else {
                            framesDefault.add(frames[i]);
                            bytesDefault.add(bytes[i]);
                        }
                    }
                    Freshness.Matched m = Freshness.matchEach(Topics.REFERRALS, result.acks(), log::get, sampled);
                    report(new Measured(asked, live.size(), limitNote, idleHeap, loadedHeap, heap, result.describe(), result.acks().size(), m,
                            sampled.size(), longs(framesDefault), longs(framesSampled), longs(bytesDefault), cpu, window, subscribers.closed(), figure,
                            subscribers.firstFailure()))
                            .print();
                }
            }
        }
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** The closing block: freshness beside the plain consumer, heap beside no subscriber, per subscriber and per change. */
    static Report report(Measured r) {
        double perSubscriber = (r.loadedHeap() - r.idleHeap()) / (double) r.held();
        // Every subscriber of the default figures is sent the same frames, and every sampled one those of the sampled figure
        // (not a default one): the changes pushed are the median default subscriber's frames plus the median sampled one's.
        long defaultChanges = r.framesDefault().length == 0 ? 0 : new Percentiles(r.framesDefault()).at(50);
        long sampledChanges = r.framesSampled().length == 0 ? 0 : new Percentiles(r.framesSampled()).at(50);
        long changes = defaultChanges + sampledChanges;
        // Without a matched frame (a service that does not stream the sampled figure refuses it) the rest still stands.
        boolean fresh = r.freshness().sseNanos().length > 0;
        Report report = fresh ? FreshnessBenchmark.report("sse", r.freshness())
                : new Report("sse").context(String.format(Locale.ROOT, "freshness: not measured, no referral was matched to a frame on the %,d "
                        + "sampled subscribers%s", r.sampled(), r.failure() == null ? "" : " (first failure: " + r.failure() + ")"));
        report.context(0, String.format(Locale.ROOT, "subscribers: %,d held of %,d asked (%s)%s; %,d sampled on %s, the rest on the default figures",
                r.held(), r.asked(), r.limitNote(), r.closed() == 0 ? "" : String.format(Locale.ROOT, ", %,d closed during the run", r.closed()),
                r.sampled(), r.figure()))
                .context(1, r.loadLine())
                .context(2, String.format(Locale.ROOT, "heap after full GC: no subscriber %.1f MiB, %,d subscribers %.1f MiB (-Xmx%s): %,.0f bytes "
                        + "per subscriber (target <= 8,192)", r.idleHeap() / 1048576.0, r.held(), r.loadedHeap() / 1048576.0, r.heap(), perSubscriber))
                .context(3, String.format(Locale.ROOT, "frames per subscriber in the %.0fs window: default figures %s; sampled %s; bytes per default "
                        + "subscriber p50 %,d", r.windowSeconds(), spread(r.framesDefault()), spread(r.framesSampled()),
                        r.bytesDefault().length == 0 ? 0 : new Percentiles(r.bytesDefault()).at(50)))
                .context(4, String.format(Locale.ROOT, "metrics-service CPU in the window: %.1f s (%.0f%% of one core); %.3f s per change pushed "
                        + "(%,d: %,d of the default figures, %,d of %s), %.4f s per write (%,d accepted)", r.cpuSeconds(),
                        100 * r.cpuSeconds() / r.windowSeconds(), changes == 0 ? Double.NaN : r.cpuSeconds() / changes, changes, defaultChanges,
                        sampledChanges, r.figure(), r.writes() == 0 ? Double.NaN : r.cpuSeconds() / r.writes(),
                        r.writes()))
                .context(String.format(Locale.ROOT, "matched %,d (referral, sampled subscriber) pairs; %,d not in a frame, %,d not seen on the log, "
                        + "%,d frames before the 201", r.freshness().sseNanos().length, r.freshness().unmatched(), r.freshness().notInLog(),
                        r.freshness().beforeAck()))
                .compare("heap with subscribers", r.loadedHeap() / 1048576.0, r.idleHeap() / 1048576.0, "MiB",
                        "the same service in the same run before any subscriber connected");
        return report;
    }

    /** min / p50 / max of a per-subscriber count. */
    static String spread(long[] values) {
        if (values.length == 0) {
            return "none";
        }
        Percentiles p = new Percentiles(values);
        return String.format(Locale.ROOT, "min %,d, p50 %,d, max %,d", p.at(1e-9), p.at(50), p.max());
    }
}
