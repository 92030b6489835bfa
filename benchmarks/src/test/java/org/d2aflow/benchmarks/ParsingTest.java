package org.d2aflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The outputs of the external tools and the command line, as the benchmarks read them. */
class ParsingTest {

    @Test
    void readsConsumerPerformanceOutput() {
        String out = "some log line\nstart.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, "
                + "fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec\n2026-11-23 10:00:00:000, 2026-11-23 10:00:10:000, 512.0000, 51.2000, 1000000, "
                + "100000.0000, 3012, 6988, 73.2685, 143102.4600\n";
        ConsumerPerf.Result r = ConsumerPerf.parse("d2a.referrals", out);
        assertThat(r.messages()).isEqualTo(1_000_000);
        assertThat(r.fetchMillis()).isEqualTo(6988);
        assertThat(r.rebalanceMillis()).isEqualTo(3012);
        assertThat(r.megabytes()).isEqualTo(512.0);
    }

    @Test
    void readsPgbenchOutput() {
        String out = "transaction type: /tmp/x.sql\nnumber of clients: 16\nnumber of transactions actually processed: 120000\n"
                + "latency average = 2.131 ms\ninitial connection time = 20.5 ms\ntps = 7507.123456 (without initial connection time)\n";
        Pgbench.Result r = Pgbench.parse(out);
        assertThat(r.tps()).isEqualTo(7507.123456);
        assertThat(r.meanLatencyMillis()).isEqualTo(2.131);
        assertThat(r.transactions()).isEqualTo(120000);
    }

    @Test
    void readsJcmdHeapInfo() {
        String out = "12345:\n garbage-first heap   total 1048576K, used 204800K [0x0000000700000000, 0x0000000800000000)\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n Metaspace       used 60000K, committed 60500K\n";
        assertThat(Heap.parseUsed(out)).isEqualTo(204800L * 1024);
    }

    @Test
    void readsOptionsWithUnits() {
        Args a = new Args(new String[] {"rebuild", "--events", "10_000_000", "--duration=2m", "--timeout", "3h"}, 1,
                Set.of("events", "duration", "timeout"));
        assertThat(a.longValue("events", 0)).isEqualTo(10_000_000L);
        assertThat(a.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(a.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofHours(3));
        assertThatThrownBy(() -> new Args(new String[] {"--nope", "1"}, 0, Set.of("events"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchesEachReferralToTheFirstFramePastItsOffset() {
        List<SseWire.Update> frames = List.of(
                new SseWire.Update(1_000, "f", "f.1", Map.of("t-0", 5L, "t-1", 3L)),
                new SseWire.Update(2_000, "f", "f.2", Map.of("t-0", 6L, "t-1", 4L)),
                new SseWire.Update(3_000, "f", "f.3", Map.of("t-0", 9L, "t-1", 4L)));
        assertThat(Freshness.firstIncluding(frames, "t-0", 4).id()).isEqualTo("f.1");
        assertThat(Freshness.firstIncluding(frames, "t-0", 5).id()).isEqualTo("f.2");
        assertThat(Freshness.firstIncluding(frames, "t-0", 8).id()).isEqualTo("f.3");
        assertThat(Freshness.firstIncluding(frames, "t-1", 4)).isNull();

        Map<String, OffsetTracker.Seen> log = Map.of("a", new OffsetTracker.Seen(0, 7, 1_200), "b", new OffsetTracker.Seen(1, 3, 900));
        List<ReferralLoad.Ack> acks = List.of(new ReferralLoad.Ack("a", 0, 1_100), new ReferralLoad.Ack("b", 0, 1_500),
                new ReferralLoad.Ack("c", 0, 1_000));
        Freshness.Matched m = Freshness.match("t", acks, log::get, frames);
        assertThat(m.sseNanos()).containsExactly(1_900, 500);
        assertThat(m.logNanos()).containsExactly(100, 0);
        assertThat(m.notInLog()).isEqualTo(1);
        assertThat(m.beforeAck()).isZero();

        // A second subscriber whose frames came later, and a third that never saw "a": each referral once per subscriber that saw it,
        // the plain consumer once per referral.
        List<SseWire.Update> later = List.of(new SseWire.Update(1_400, "f", "f.1", Map.of("t-0", 8L, "t-1", 4L)));
        List<SseWire.Update> early = List.of(new SseWire.Update(1_300, "f", "f.0", Map.of("t-0", 7L, "t-1", 4L)));
        Freshness.Matched each = Freshness.matchEach("t", acks, log::get, List.of(frames, later, early));
        assertThat(each.sseNanos()).containsExactly(1_900, 300, 500, 0, 0);
        assertThat(each.logNanos()).containsExactly(100, 0);
        assertThat(each.unmatched()).isEqualTo(1);
        assertThat(each.beforeAck()).isEqualTo(2);
    }

    @Test
    void readsCpuTicksAndTheOpenFilesLimitFromProc() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 120000 0 12 0 1500 250 0 0 20 0 61 0 5000 9000000000 300000 "
                + "18446744073709551615 1 1 0 0 0 0 0 2 0 0 0 0 0 0 0 0 0 0 0 0";
        assertThat(ProcFs.cpuTicks(stat)).isEqualTo(1750);
        // With the children it waited for (cutime 30, cstime 12): how a postmaster's ended backends are counted.
        String parent = stat.replace(" 1500 250 0 0 20 ", " 1500 250 30 12 20 ");
        assertThat(ProcFs.cpuTicksWithEndedChildren(parent)).isEqualTo(1792);
        // user nice system idle iowait irq softirq steal guest guest_nice: busy = all but idle and iowait (guest is in user).
        String procStat = "cpu  1000 20 300 5000 70 5 6 1 100 0\ncpu0 500 10 150 2500 35 2 3 0 50 0\nintr 1 2 3\n";
        assertThat(ProcFs.machineBusySeconds(procStat)).isEqualTo(13.32);
        assertThatThrownBy(() -> ProcFs.machineBusySeconds("intr 1\ncpu 1 2 3 4\n")).isInstanceOf(IllegalStateException.class);
        String limits = "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max processes             95000                95000                processes \n"
                + "Max open files            20000                20000                files     \n";
        assertThat(ProcFs.openFilesLimit(limits)).isEqualTo(20_000);
        assertThat(ProcFs.openFilesLimit("Max open files            unlimited            unlimited            files\n")).isEqualTo(Long.MAX_VALUE);
    }
}
