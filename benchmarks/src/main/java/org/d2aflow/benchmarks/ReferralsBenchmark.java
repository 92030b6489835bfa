package org.d2aflow.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestStack;

/**
 * Referral creation throughput and latency of referral-service at a fixed number of clients, against two pgbench
 * baselines on the same PostgreSQL with the same number of clients: the very statements of one submission in one
 * transaction, on the service's own tables, and single-row INSERT transactions.
 */
final class ReferralsBenchmark {

    static final Set<String> OPTIONS = Set.of("clients", "duration", "warmup", "heap", "client");

    static final String DATABASE = "d2a_referral";
    /** The tables one submission writes to (see referral-transaction.sql). */
    static final List<String> TABLES = List.of("idempotency_key", "event_store", "outbox", "referral", "patient_identity");

    private ReferralsBenchmark() {
    }

    static void run(Path repo, Args args) throws Exception {
        Bench.Load settings = Bench.Load.from(args);
        int clients = settings.clients();
        Duration duration = settings.duration();
        Duration warmup = settings.warmup();
        TestStack stack = Bench.stack();
        ReferralLoad.Result load;
        CpuSplit.Sample cpu;
        Map<String, Long> afterLoad;
        try (ServiceProcess referral = Bench.service(repo, "referral-service", DATABASE, args.text("heap", "512m"), Map.of())) {
            referral.awaitReady(Duration.ofMinutes(3));
            ReferralLoad referrals = new ReferralLoad(referral.url(), 1).using(ReferralLoad.Client.named(args.text("client", "raw")));
            referrals.warmUp(clients, warmup);
            CpuSplit split = CpuSplit.of(referral.pid(), stack);
            CpuSplit.Sample before = split.sample();
            load = referrals.run(clients, Duration.ZERO, duration);
            cpu = split.sample().minus(before);
            // Let the outbox relay publish what the load left before the service stops.
            Bench.sleep(2_000);
            afterLoad = stack.rowCounts(DATABASE, TABLES);
        }
        // The service is stopped so that its outbox relay does not publish pgbench's rows and nothing else uses the cores.
        CpuSplit baselines = CpuSplit.of(null, stack);
        CpuSplit.During<Pgbench.Result> same = baselines.during(duration, () -> Pgbench.runReferralTransaction(DATABASE, clients, duration));
        Map<String, Long> afterScript = stack.rowCounts(DATABASE, TABLES);
        CpuSplit.During<Pgbench.Result> insert = baselines.during(duration, () -> Pgbench.run(clients, duration));
        report("referrals", load, same.result(), insert.result(), rowsPer(afterLoad, afterLoad.get("referral")),
                rowsPer(difference(afterScript, afterLoad), same.result().transactions())).context(cpu.describe(load.acks().size() + load.errors()))
                .context(same.cpu().describeBaseline("same transaction", same.result().tps()))
                .context(insert.cpu().describeBaseline("single-row INSERT", insert.result().tps())).print();
    }

    static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new LinkedHashMap<>();
        after.forEach((table, n) -> d.put(table, n - before.getOrDefault(table, 0L)));
        return d;
    }

    /** Rows per submission (or per transaction) in each table, to show that the script writes what a POST writes. */
    static String rowsPer(Map<String, Long> rows, long per) {
        StringBuilder out = new StringBuilder();
        rows.forEach((table, n) -> out.append(out.length() == 0 ? "" : ", ").append(table).append(' ')
                .append(per <= 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", (double) n / per)));
        return out.toString();
    }

    static Report report(String name, ReferralLoad.Result load, Pgbench.Result same, Pgbench.Result insert, String loadRows, String scriptRows) {
        if (load.acks().isEmpty()) {
            throw new IllegalStateException("no referral was acknowledged; first error: " + load.firstError());
        }
        Percentiles latency = load.latencyNanos();
        return new Report(name)
                .context(String.format("referral-service: %,d referrals created in %.1fs by %d clients (%s HTTP client), %,d errors%s", load.acks().size(),
                        load.seconds(), load.clients(), load.client().name().toLowerCase(java.util.Locale.ROOT), load.errors(), load.errors() == 0 ? "" : " (first: " + load.firstError() + ")"))
                .context(String.format("latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f, mean %.2f", latency.at(50) / 1e6, latency.at(90) / 1e6,
                        latency.at(99) / 1e6, latency.max() / 1e6, latency.mean() / 1e6))
                .context(String.format("pgbench, a submission's statements in one transaction: %,d transactions, %.0f tps, mean latency %.3f ms",
                        same.transactions(), same.tps(), same.meanLatencyMillis()))
                .context(String.format("pgbench, single-row INSERT: %,d transactions, %.0f tps, mean latency %.3f ms", insert.transactions(),
                        insert.tps(), insert.meanLatencyMillis()))
                .context("rows per submission, load:   " + loadRows)
                .context("rows per transaction, script: " + scriptRows)
                .compare("throughput vs same transaction", load.throughput(), same.tps(), "per s",
                        "pgbench running the statements of one POST /referrals per transaction, same tables, same clients")
                .compare("throughput vs single-row INSERT", load.throughput(), insert.tps(), "per s",
                        "pgbench single-row INSERT transactions/s, same PostgreSQL, same number of clients")
                // pgbench reports only a mean latency without per-transaction logging; compare like with like.
                .compare("mean latency vs same transaction", latency.mean() / 1e6, same.meanLatencyMillis(), "ms",
                        "pgbench mean transaction latency, the submission's statements")
                .compare("mean latency vs single-row INSERT", latency.mean() / 1e6, insert.meanLatencyMillis(), "ms",
                        "pgbench mean transaction latency, one INSERT");
    }
}
