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
        ReferralLoad.Result load = new ReferralLoad.Result(acks, 0, null, 10.0, 16);
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
        ReferralLoad.Result load = new ReferralLoad.Result(List.of(), 3, "503", 10.0, 16);
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
}
