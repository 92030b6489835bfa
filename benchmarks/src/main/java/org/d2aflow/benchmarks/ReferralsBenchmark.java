package org.d2aflow.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestStack;

/**
 * Referral creation throughput and latency of referral-service at a fixed number of clients, against pgbench's
 * single-row INSERT transactions on the same PostgreSQL with the same number of clients.
 */
final class ReferralsBenchmark {

    static final Set<String> OPTIONS = Set.of("clients", "duration", "warmup", "heap");

    private ReferralsBenchmark() {
    }

    static void run(Path repo, Args args) throws Exception {
        Bench.Load settings = Bench.Load.from(args);
        int clients = settings.clients();
        Duration duration = settings.duration();
        Duration warmup = settings.warmup();
        TestStack stack = Bench.stack();
        try (ServiceProcess referral = Bench.service(repo, "referral-service", "d2a_referral", args.text("heap", "512m"), Map.of())) {
            referral.awaitReady(Duration.ofMinutes(3));
            ReferralLoad.Result load = new ReferralLoad(referral.url(), 1).run(clients, warmup, duration);
            Pgbench.Result pg = Pgbench.run(clients, duration);
            report("referrals", load, pg).print();
        }
    }

    static Report report(String name, ReferralLoad.Result load, Pgbench.Result pg) {
        if (load.acks().isEmpty()) {
            throw new IllegalStateException("no referral was acknowledged; first error: " + load.firstError());
        }
        Percentiles latency = load.latencyNanos();
        Report r = new Report(name)
                .context(String.format("referral-service: %,d referrals created in %.1fs by %d clients, %,d errors%s", load.acks().size(), load.seconds(),
                        load.clients(), load.errors(), load.errors() == 0 ? "" : " (first: " + load.firstError() + ")"))
                .context(String.format("latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f, mean %.2f", latency.at(50) / 1e6, latency.at(90) / 1e6,
                        latency.at(99) / 1e6, latency.max() / 1e6, latency.mean() / 1e6))
                .context(String.format("pgbench: %,d single-row INSERT transactions, %.0f tps, mean latency %.3f ms", pg.transactions(), pg.tps(),
                        pg.meanLatencyMillis()))
                .compare("referral creation throughput", load.throughput(), pg.tps(), "per s",
                        "pgbench single-row INSERT transactions/s, same PostgreSQL, same number of clients");
        // pgbench reports only a mean latency without per-transaction logging; compare like with like.
        r.compare("mean latency", latency.mean() / 1e6, pg.meanLatencyMillis(), "ms", "pgbench mean transaction latency");
        return r;
    }
}
