package org.d2aflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Matches acknowledged referrals to the first live snapshot that includes them. A snapshot includes a referral's
 * submission when its log position on the record's partition is past the record's offset (logPosition holds the
 * next offset to read). Freshness is then the snapshot's arrival at the client minus the 201's arrival, both on
 * this JVM's monotonic clock; a snapshot can beat the 201 to the client, which counts as 0.
 */
final class Freshness {

    record Matched(long[] sseNanos, long[] logNanos, int unmatched, int notInLog, int beforeAck) {
    }

    private Freshness() {
    }

    static Matched match(String topic, List<ReferralLoad.Ack> acks, Function<String, OffsetTracker.Seen> log, List<SseRecorder.Snapshot> snapshots) {
        List<Long> sse = new ArrayList<>();
        List<Long> consumer = new ArrayList<>();
        int unmatched = 0;
        int notInLog = 0;
        int beforeAck = 0;
        for (ReferralLoad.Ack ack : acks) {
            OffsetTracker.Seen seen = log.apply(ack.referralId());
            if (seen == null) {
                notInLog++;
                continue;
            }
            consumer.add(Math.max(0, seen.seenNanos() - ack.ackNanos()));
            SseRecorder.Snapshot first = firstIncluding(snapshots, topic + "-" + seen.partition(), seen.offset());
            if (first == null) {
                unmatched++;
                continue;
            }
            long delta = first.receivedNanos() - ack.ackNanos();
            if (delta < 0) {
                beforeAck++;
            }
            sse.add(Math.max(0, delta));
        }
        return new Matched(sse.stream().mapToLong(Long::longValue).toArray(), consumer.stream().mapToLong(Long::longValue).toArray(), unmatched,
                notInLog, beforeAck);
    }

    /** Binary search: snapshots arrive in order and a serving projection's positions never go back. */
    static SseRecorder.Snapshot firstIncluding(List<SseRecorder.Snapshot> snapshots, String partitionKey, long offset) {
        int lo = 0;
        int hi = snapshots.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Long next = snapshots.get(mid).positions().get(partitionKey);
            if (next != null && next > offset) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo < snapshots.size() ? snapshots.get(lo) : null;
    }
}
