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
    void matchesEachReferralToTheFirstSnapshotPastItsOffset() {
        List<SseRecorder.Snapshot> snaps = List.of(
                new SseRecorder.Snapshot(1_000, 1, 10, Map.of("t-0", 5L, "t-1", 3L)),
                new SseRecorder.Snapshot(2_000, 2, 12, Map.of("t-0", 6L, "t-1", 4L)),
                new SseRecorder.Snapshot(3_000, 3, 15, Map.of("t-0", 9L, "t-1", 4L)));
        assertThat(Freshness.firstIncluding(snaps, "t-0", 4).sequence()).isEqualTo(1);
        assertThat(Freshness.firstIncluding(snaps, "t-0", 5).sequence()).isEqualTo(2);
        assertThat(Freshness.firstIncluding(snaps, "t-0", 8).sequence()).isEqualTo(3);
        assertThat(Freshness.firstIncluding(snaps, "t-1", 4)).isNull();

        Map<String, OffsetTracker.Seen> log = Map.of("a", new OffsetTracker.Seen(0, 7, 1_200), "b", new OffsetTracker.Seen(1, 3, 900));
        Freshness.Matched m = Freshness.match("t", List.of(new ReferralLoad.Ack("a", 0, 1_100), new ReferralLoad.Ack("b", 0, 1_500),
                new ReferralLoad.Ack("c", 0, 1_000)), log::get, snaps);
        assertThat(m.sseNanos()).containsExactly(1_900, 500);
        assertThat(m.logNanos()).containsExactly(100, 0);
        assertThat(m.notInLog()).isEqualTo(1);
        assertThat(m.beforeAck()).isZero();
    }
}
