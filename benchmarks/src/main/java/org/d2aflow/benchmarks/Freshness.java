package org.d2aflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Matches acknowledged referrals to the first frame on the live stream that includes them: a {@code figure} frame
 * of the watched figure, or a whole snapshot from a service that streams snapshots. A frame includes a referral's
 * submission when its position on the record's partition is past the record's offset (positions hold the next
 * offset to read). Freshness is then the frame's arrival at the client minus the 201's arrival, both on this JVM's
 * monotonic clock; a frame can beat the 201 to the client, which counts as 0.
 */
final class Freshness {

    /** {@code sseNanos}: one per referral and subscriber that saw it; {@code logNanos}: one per referral. */
    record Matched(long[] sseNanos, long[] logNanos, int unmatched, int notInLog, int beforeAck) {
    }

    private Freshness() {
    }

    static Matched match(String topic, List<ReferralLoad.Ack> acks, Function<String, OffsetTracker.Seen> log, List<SseWire.Update> updates) {
        return matchEach(topic, acks, log, List.of(updates));
    }

    /** The same for several subscribers, each with its own frames: every referral is matched on each of them. */
    static Matched matchEach(String topic, List<ReferralLoad.Ack> acks, Function<String, OffsetTracker.Seen> log,
            List<List<SseWire.Update>> subscribers) {
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
            for (List<SseWire.Update> updates : subscribers) {
                SseWire.Update first = firstIncluding(updates, topic + "-" + seen.partition(), seen.offset());
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
        }
        return new Matched(sse.stream().mapToLong(Long::longValue).toArray(), consumer.stream().mapToLong(Long::longValue).toArray(), unmatched,
                notInLog, beforeAck);
    }

    /** Binary search: frames arrive in order and a serving projection's positions never go back. */
    static SseWire.Update firstIncluding(List<SseWire.Update> snapshots, String partitionKey, long offset) {
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
