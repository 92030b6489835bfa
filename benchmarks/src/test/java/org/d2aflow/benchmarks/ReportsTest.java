package org.d2aflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** The closing blocks of the referrals and claims benchmarks: each figure beside its baselines, with the ratios. */
class ReportsTest {

    @Test
    void referralsPrintsBothPgbenchBaselinesAndBothRatios() {
        List<ReferralLoad.Ack> acks = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            acks.add(new ReferralLoad.Ack("r" + i, 0, i * 1_000_000L));
        }
        ReferralLoad.Result load = new ReferralLoad.Result(acks, 0, null, 10.0, 16, ReferralLoad.Client.RAW);
        Pgbench.Result same = new Pgbench.Result(40.0, 2.5, 400, "");
        Pgbench.Result insert = new Pgbench.Result(200.0, 0.5, 2_000, "");

        String out = ReferralsBenchmark.report("referrals", load, same, insert, "referral 1.00", "referral 1.00").render();

        assertThat(out).contains("throughput vs same transaction     figure 10.00 per s | baseline 40.00 per s | ratio figure/baseline 0.250");
        assertThat(out).contains("throughput vs single-row INSERT    figure 10.00 per s | baseline 200 per s | ratio figure/baseline 0.050");
        assertThat(out).contains("latency ms: p50 50.00, p90 90.00, p99 99.00, max 100.00, mean 50.50");
        assertThat(out).contains("pgbench, a submission's statements in one transaction: 400 transactions, 40 tps, mean latency 2.500 ms");
        assertThat(out).contains("mean latency vs same transaction   figure 50.50 ms | baseline 2.50 ms | ratio figure/baseline 20.200");
    }

    @Test
    void referralsRefusesARunWithoutOneAcknowledgedSubmission() {
        ReferralLoad.Result load = new ReferralLoad.Result(List.of(), 3, "503", 10.0, 16, ReferralLoad.Client.RAW);
        Pgbench.Result pg = new Pgbench.Result(1, 1, 1, "");
        assertThatThrownBy(() -> ReferralsBenchmark.report("referrals", load, pg, pg, "", "")).hasMessageContaining("503");
    }

    @Test
    void countsRowsPerSubmissionAndWhatTheScriptAdded() {
        Map<String, Long> before = Map.of("referral", 100L, "outbox", 100L);
        Map<String, Long> after = new java.util.LinkedHashMap<>();
        after.put("referral", 300L);
        after.put("outbox", 300L);
        assertThat(ReferralsBenchmark.difference(after, before)).containsEntry("referral", 200L).containsEntry("outbox", 200L);
        assertThat(ReferralsBenchmark.rowsPer(ReferralsBenchmark.difference(after, before), 200)).isEqualTo("referral 1.00, outbox 1.00");
        assertThat(ReferralsBenchmark.rowsPer(after, 0)).isEqualTo("referral n/a, outbox n/a");
    }

    @Test
    void theReferralTransactionScriptIssuesASubmissionsStatementsInOneTransaction() {
        String script = Pgbench.script(Pgbench.REFERRAL_TRANSACTION);
        List<String> statements = script.lines().filter(l -> !l.startsWith("--") && !l.startsWith("\\") && !l.isBlank())
                .map(l -> l.split(" \\(| WHERE| SET")[0]).toList();
        assertThat(statements).containsExactly("BEGIN;", "WITH e AS", "INSERT INTO referral", "INSERT INTO patient_identity",
                "INSERT INTO idempotency_key", "COMMIT;");
        assertThat(script).contains("WITH e AS (INSERT INTO event_store (").contains(") RETURNING event_id) INSERT INTO outbox (")
                .doesNotContain("RETURNING *").doesNotContain("UPDATE ");
        for (String table : ReferralsBenchmark.TABLES) {
            assertThat(script).contains("INSERT INTO " + table + " (");
        }
    }

    @Test
    void claimsComparesTheLongHistoryWithTheShortOne() {
        long[] shortHistory = LongStream.rangeClosed(1, 100).map(i -> i * 100_000L).toArray();
        long[] longHistory = LongStream.rangeClosed(1, 100).map(i -> i * 110_000L).toArray();
        ClaimsBenchmark.Setup setup = new ClaimsBenchmark.Setup(10_000, 100, 1, 50, 1_200, 1.0, 2.0);
        String out = ClaimsBenchmark.report(setup, new ClaimLoad.Fill(1_000, 0, 10.0), new ClaimLoad.Fill(99_000, 0, 990.0),
                new ClaimLoad.Sample(1_000, shortHistory, 0, null, 1.0, 1), 1_902,
                new ClaimLoad.Sample(100_000, longHistory, 0, null, 1.0, 1), 199_902).render();

        assertThat(out).contains("claim p50, long vs short history   figure 5.50 ms | baseline 5.00 ms | ratio figure/baseline 1.100");
        assertThat(out).contains("claim p99, long vs short history   figure 10.89 ms | baseline 9.90 ms | ratio figure/baseline 1.100");
        assertThat(out).contains("at 1,000 earlier claims (stream version 1,902)");
        assertThat(out).contains("at 100,000 earlier claims (stream version 199,902)");
    }

    @Test
    void openLoopDescribesScheduleAchievedRateAndLatencyFromTheScheduledTime() {
        List<ReferralLoad.Ack> acks = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            acks.add(new ReferralLoad.Ack("r" + i, 1_000_000_000L, 1_000_000_000L + i * 1_000_000L));
        }
        ReferralLoad.OpenResult r = new ReferralLoad.OpenResult(acks, 102, 2, "503 busy", 1, 0, 0.5, 200, 1_500_000);
        assertThat(r.achieved()).isEqualTo(200.0);
        assertThat(r.describe()).isEqualTo("load: open loop at 200/s for 0.5s: 102 scheduled, 100 accepted (200.0/s achieved), 2 errors"
                + " (1 not sent: in-flight cap); latency from the scheduled send ms: p50 50, p99 99, max 100; sender late by up to 1.5 ms;"
                + " first error: 503 busy");
    }

    @Test
    void ssePrintsFreshnessHeapPerSubscriberFramesAndCpuPerChange() {
        long[] sse = LongStream.rangeClosed(1, 100).map(i -> i * 2_000_000L).toArray();
        long[] log = LongStream.rangeClosed(1, 100).map(i -> i * 1_000_000L).toArray();
        Freshness.Matched m = new Freshness.Matched(sse, log, 3, 1, 4);
        SseBenchmark.Measured r = new SseBenchmark.Measured(20_000, 19_000, "fd note", 100L << 20, (100L << 20) + 19_000L * 4_096, "1g",
                "load: line", 12_000, m, 100, new long[] {600, 601, 599}, new long[] {300, 300}, new long[] {9_000, 9_100, 8_900}, 30.0, 70.0, 2, "length-of-stay-census", null);
        String out = SseBenchmark.report(r).render();
        assertThat(out).contains("subscribers: 19,000 held of 20,000 asked (fd note), 2 closed during the run; 100 sampled on length-of-stay-census");
        assertThat(out).contains("  load: line\n");
        assertThat(out).contains("heap after full GC: no subscriber 100.0 MiB, 19,000 subscribers 174.2 MiB (-Xmx1g): 4,096 bytes per subscriber");
        assertThat(out).contains("default figures min 599, p50 600, max 601; sampled min 300, p50 300, max 300; bytes per default subscriber p50 9,000");
        assertThat(out).contains("CPU in the window: 30.0 s (43% of one core); 0.033 s per change pushed (900: 600 of the default figures, "
                + "300 of length-of-stay-census), 0.0025 s per write (12,000 accepted)");
        assertThat(out).contains("201 -> SSE frame ms: p50 100, p90 180, p99 198, max 200");
        assertThat(out).contains("freshness p99                      figure 198 ms | baseline 99.00 ms | ratio figure/baseline 2.000");
        assertThat(out).contains("heap with subscribers              figure 174 MiB | baseline 100 MiB | ratio figure/baseline 1.742");
        assertThat(out).contains("matched 100 (referral, sampled subscriber) pairs; 3 not in a frame, 1 not seen on the log, 4 frames before the 201");

        // A service that refuses the sampled figure: no freshness, the rest still reported.
        SseBenchmark.Measured refused = new SseBenchmark.Measured(500, 495, "fd note", 100L << 20, 101L << 20, "1g", "load: line", 750,
                new Freshness.Matched(new long[0], log, 0, 0, 0), 5, new long[] {40}, new long[0], new long[] {9_000}, 3.0, 25.0, 0, "x", "answered 400");
        String without = SseBenchmark.report(refused).render();
        assertThat(without).contains("freshness: not measured, no referral was matched to a frame on the 5 sampled subscribers (first failure: answered 400)");
        assertThat(without).contains("heap with subscribers              figure 101 MiB | baseline 100 MiB");
        assertThat(without).doesNotContain("freshness p50");
    }

    @Test
    void cpuSplitIsPerProcessPerThousandRequestsAndSaysWhatOthersTook() {
        int cores = Runtime.getRuntime().availableProcessors();
        CpuSplit.Sample before = new CpuSplit.Sample(0, 10, 0, 20, 30, 40, 100);
        CpuSplit.Sample after = new CpuSplit.Sample(60_000_000_000L, 12, 0, 50, 55, 43, 100 + 60.0 * cores);
        String load = after.minus(before).describe(10_000);
        assertThat(load).contains("generator 2.0, service 30.0, postgres 25.0, kafka 3.0, rest of the machine " + String.format(java.util.Locale.ROOT, "%.1f", 60.0 * cores - 60));
        assertThat(load).contains("CPU s per 1,000 requests: generator 0.20, service 3.00, postgres 2.50, kafka 0.30");
        CpuSplit.Sample pgStart = new CpuSplit.Sample(0, 10, 5, Double.NaN, 30, 40, 100);
        CpuSplit.Sample pgEnd = new CpuSplit.Sample(60_000_000_000L, 11, 25, Double.NaN, 90, 41, 182);
        String baseline = pgEnd.minus(pgStart).describeBaseline("same transaction", 100_000 / 60.0);
        assertThat(baseline).contains("pgbench 20.0, postgres 60.0, this JVM and kafka 2.0, rest of the machine 0.0");
        assertThat(baseline).contains("per 1,000 transactions: pgbench 0.20, postgres 0.60");
    }
}
