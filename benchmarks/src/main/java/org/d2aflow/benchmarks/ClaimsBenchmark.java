package org.d2aflow.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestStack;

/**
 * Whether a claim costs more on a service with a long history. One care service gets {@code --small} claims, then
 * a sample of claims is timed; it gets more claims up to {@code --large}, and the same sample is timed again. The
 * figure is the claim latency with the long history, the baseline the same with the short one, from the same run,
 * service and JVM: the ratio is what history adds. Every claim is real: a POST to capacity-service for a referral
 * that capacity-service learnt from d2a.referrals (submission and pathway decision published as referral-service
 * publishes them), appended to the service's stream with its outbox row and read models. Claims are released
 * (POST .../release) as they age, so that a steady {@code --active} of them hold units, as in a service that runs for
 * years; the stream holds both.
 */
final class ClaimsBenchmark {

    static final Set<String> OPTIONS = Set.of("small", "large", "sample", "clients", "fill-clients", "active", "warmup", "units", "heap");
    static final String DATABASE = "d2a_capacity";
    static final ServiceType TYPE = ServiceType.REABLEMENT_HOME;

    private ClaimsBenchmark() {
    }

    static void run(Path repo, Args args) throws Exception {
        int small = args.intValue("small", 1_000);
        int large = args.intValue("large", 100_000);
        int sample = args.intValue("sample", 2_000);
        int clients = args.intValue("clients", 1);
        int fillClients = args.intValue("fill-clients", 8);
        int active = args.intValue("active", 100);
        int warmup = args.intValue("warmup", 5_000);
        int units = args.intValue("units", 10_000);
        if (large < small + sample) {
            throw new IllegalArgumentException("--large must be at least --small + --sample (" + (small + sample) + ")");
        }
        if (active + fillClients + clients > units) {
            throw new IllegalArgumentException("--units must exceed --active plus the clients");
        }
        TestStack stack = Bench.stack();
        stack.createTopics(List.of(Topics.REFERRALS, Topics.PLACEMENTS, Topics.CAPACITY));
        try (ServiceProcess capacity = Bench.service(repo, "capacity-service", DATABASE, args.text("heap", "512m"), Map.of())) {
            capacity.awaitReady(Duration.ofMinutes(3));
            CapacityApi api = new CapacityApi(capacity.url());
            String warmService = api.register("Warm-up Home First", "West", units);
            String measured = api.register("Home First East", "East", units);
            Report.progress("claims: services registered with %,d units each: %s (warm-up), %s (measured)", units, warmService, measured);

            int needed = warmup + large + sample;
            ReferralFeed.Published feed = ReferralFeed.publish(stack.bootstrapServers(), needed, TYPE, "East");
            long consumeStart = System.nanoTime();
            api.awaitWaiting(TYPE, needed, Duration.ofMinutes(20));
            double consumeSeconds = (System.nanoTime() - consumeStart) / 1e9;

            ClaimLoad warm = new ClaimLoad(api, warmService, feed.referralIds().subList(0, warmup), active);
            if (warmup > 0) {
                Report.progress("claims: warm-up, %,d claims on the warm-up service (not counted)", warmup);
                warm.fill(fillClients, warmup);
                warm.releaseAll();
            }
            ClaimLoad load = new ClaimLoad(api, measured, feed.referralIds().subList(warmup, needed), active);
            ClaimLoad.Fill first = load.fill(fillClients, small);
            long versionSmall = api.version(measured);
            ClaimLoad.Sample atSmall = load.measure(clients, sample, small);
            ClaimLoad.Fill second = load.fill(fillClients, large);
            long versionLarge = api.version(measured);
            ClaimLoad.Sample atLarge = load.measure(clients, sample, large);
            report(new Setup(units, active, clients, warmup, needed, feed.seconds(), consumeSeconds), first, second, atSmall, versionSmall,
                    atLarge, versionLarge).print();
        }
    }

    record Setup(int units, int active, int clients, int warmup, int referrals, double publishSeconds, double consumeSeconds) {
    }

    static Report report(Setup s, ClaimLoad.Fill first, ClaimLoad.Fill second, ClaimLoad.Sample small, long versionSmall, ClaimLoad.Sample large,
            long versionLarge) {
        if (small.latencyNanos().length == 0 || large.latencyNanos().length == 0) {
            throw new IllegalStateException("no claim was timed; first error: " + (small.firstError() != null ? small.firstError() : large.firstError()));
        }
        Percentiles a = new Percentiles(small.latencyNanos());
        Percentiles b = new Percentiles(large.latencyNanos());
        return new Report("claims")
                .context(String.format("capacity-service: one REABLEMENT_HOME service of %,d units, %,d claims active at a time (older ones released); "
                        + "%,d referrals published on d2a.referrals in %.1fs and consumed in %.1fs", s.units(), s.active(), s.referrals(),
                        s.publishSeconds(), s.consumeSeconds()))
                .context(String.format("warm-up: %,d claims on another service first (JIT, pools), not counted", s.warmup()))
                .context(String.format("fill: %,d claims in %.1fs (%,.0f/s with their releases), then %,d in %.1fs (%,.0f/s), %,d errors", first.claims(),
                        first.seconds(), first.claims() / first.seconds(), second.claims(), second.seconds(), second.claims() / second.seconds(),
                        first.errors() + second.errors()))
                .context(line(small, versionSmall, a))
                .context(line(large, versionLarge, b))
                .compare("claim p50, long vs short history", b.at(50) / 1e6, a.at(50) / 1e6, "ms",
                        String.format("the same claims at %,d earlier claims, same service, same run", small.earlierClaims()))
                .compare("claim p99, long vs short history", b.at(99) / 1e6, a.at(99) / 1e6, "ms", null)
                .compare("claim mean, long vs short history", b.mean() / 1e6, a.mean() / 1e6, "ms", null);
    }

    private static String line(ClaimLoad.Sample s, long version, Percentiles p) {
        return String.format("at %,d earlier claims (stream version %,d): %,d claims by %d client(s) in %.1fs, %,d errors%s; ms p50 %.2f, p90 %.2f, "
                + "p99 %.2f, max %.2f, mean %.2f", s.earlierClaims(), version, p.count(), s.clients(), s.seconds(), s.errors(),
                s.errors() == 0 ? "" : " (first: " + s.firstError() + ")", p.at(50) / 1e6, p.at(90) / 1e6, p.at(99) / 1e6, p.max() / 1e6,
                p.mean() / 1e6);
    }
}
