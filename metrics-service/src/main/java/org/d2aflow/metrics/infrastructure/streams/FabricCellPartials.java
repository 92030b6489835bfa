package org.d2aflow.metrics.infrastructure.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.d2aflow.metrics.domain.cells.Family;
import org.d2aflow.metrics.query.CellPartials;
import org.d2aflow.metrics.query.PartialsUnavailable;
import org.d2aflow.metrics.query.PeerPartials;

/**
 * The cells of every partition, from whichever instance holds each active (STREAMS.md section 5): the query fabric. For a
 * request it takes the side the family is kept on (the referral side, task R, keyed by the referrals topic's partitions; the
 * service side, task S, by the capacity topic's, for {@link Family#SERVICE_DAY}), finds each partition's active holder in
 * this client's metadata of all clients ({@code metadataForAllStreamsClients()}, hosts named by their
 * {@code application.server}), reads its own with {@link StoreCellPartials#local} and asks every other holder once, over a
 * {@link PeerClient}, for the merged partial of its partitions, all at once. The sum is given only when every partition of
 * the side answered exactly once; otherwise (a gap in the metadata during a rebalance, a peer that no longer holds what the
 * metadata said, a store not readable, a peer not answering) it tries again with fresh metadata until {@code wait} has
 * passed, then throws {@link PartialsUnavailable}: never a partial sum.
 */
public final class FabricCellPartials implements CellPartials {

    /** The pause between two attempts. */
    static final Duration PAUSE = Duration.ofMillis(100);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final StreamsTopics topics;
    private final int referralPartitions;
    private final int servicePartitions;
    private final RecordedBuckets buckets;
    private final PeerClient peers;
    private final Duration wait;

    /**
     * @param self               this client's {@code application.server}, as the metadata names it
     * @param referralPartitions the referrals topic's partition count (task R's)
     * @param servicePartitions  the capacity topic's partition count (task S's)
     * @param wait               how long a fetch keeps trying before it throws {@link PartialsUnavailable}
     */
    public FabricCellPartials(KafkaStreams streams, HostInfo self, StreamsTopics topics, int referralPartitions, int servicePartitions,
            RecordedBuckets buckets, PeerClient peers, Duration wait) {
        this.streams = streams;
        this.self = self;
        this.topics = topics;
        this.referralPartitions = referralPartitions;
        this.servicePartitions = servicePartitions;
        this.buckets = buckets;
        this.peers = peers;
        this.wait = wait;
    }

    @Override
    public Partial fetch(Request request) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Attempt a = attempt(request, deadline);
            if (a.partial() != null) {
                return a.partial();
            }
            if (System.nanoTime() + PAUSE.toNanos() > deadline) {
                throw new PartialsUnavailable(a.unanswered(), a.why());
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PartialsUnavailable(a.unanswered(), "interrupted while waiting for " + a.why());
            }
        }
    }

    /** One attempt: the whole sum, or the partitions that did not answer and why. */
    private record Attempt(Partial partial, SortedSet<Integer> unanswered, String why) {

        static Attempt gap(SortedSet<Integer> unanswered, String why) {
            return new Attempt(null, unanswered, why);
        }
    }

    private Attempt attempt(Request request, long deadline) {
        boolean serviceSide = request.family() == Family.SERVICE_DAY;
        String topic = serviceSide ? topics.capacity() : topics.referrals();
        int count = serviceSide ? servicePartitions : referralPartitions;
        Map<HostInfo, SortedSet<Integer>> plan = plan(topic);
        TreeSet<Integer> unplanned = all(count);
        plan.values().forEach(unplanned::removeAll);
        if (!unplanned.isEmpty()) {
            return Attempt.gap(unplanned, "no active holder in the metadata (" + streams.state() + ")");
        }
        Map<HostInfo, CompletableFuture<PartialsCodec.Answer>> asked = new LinkedHashMap<>();
        plan.forEach((host, ps) -> {
            if (!host.equals(self)) {
                SortedSet<Integer> none = new TreeSet<>();
                asked.put(host, peers.fetch(host, request, serviceSide ? none : ps, serviceSide ? ps : none));
            }
        });
        List<Integer> answered = new ArrayList<>();
        Partial sum = Partial.EMPTY;
        TreeSet<Integer> unanswered = new TreeSet<>();
        List<String> why = new ArrayList<>();
        SortedSet<Integer> own = plan.get(self);
        if (own != null) {
            try {
                sum = StoreCellPartials.local(streams, buckets, serviceSide ? List.of() : own, serviceSide ? own : List.of()).fetch(request);
                answered.addAll(own);
            } catch (InvalidStateStoreException e) {
                unanswered.addAll(own);
                why.add("own partitions not readable: " + e.getMessage());
            }
        }
        for (Map.Entry<HostInfo, CompletableFuture<PartialsCodec.Answer>> e : asked.entrySet()) {
            SortedSet<Integer> ps = plan.get(e.getKey());
            try {
                PartialsCodec.Answer a = e.getValue().get(Math.max(PAUSE.toNanos(), deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                SortedSet<Integer> covered = serviceSide ? a.servicePartitions() : a.partitions();
                if (!covered.equals(ps)) {
                    unanswered.addAll(ps);
                    why.add(e.getKey() + " answered for " + covered + " when asked for " + ps);
                    continue;
                }
                answered.addAll(covered);
                sum = sum.plus(a.partial());
            } catch (ExecutionException x) {
                unanswered.addAll(ps);
                why.add(e.getKey() + ": " + (x.getCause() instanceof PeerPartials.NotHeld n ? "does not hold " + n.getMessage() : x.getCause()));
            } catch (TimeoutException x) {
                e.getValue().cancel(true);
                unanswered.addAll(ps);
                why.add(e.getKey() + " did not answer in time");
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                unanswered.addAll(ps);
                why.add("interrupted");
            }
        }
        if (!unanswered.isEmpty()) {
            return Attempt.gap(unanswered, String.join("; ", why));
        }
        // Each partition exactly once: the plan gave each to one host, and each host answered for exactly its own.
        List<Integer> expected = new ArrayList<>(all(count));
        answered.sort(null);
        if (!answered.equals(expected)) {
            TreeSet<Integer> off = all(count);
            off.removeAll(answered);
            return Attempt.gap(off, "answered " + answered + ", not each of " + expected + " once");
        }
        return new Attempt(sum, new TreeSet<>(), "");
    }

    /** Host → the partitions of the topic it holds active, per this client's current metadata; a partition claimed twice is left to no one. */
    private Map<HostInfo, SortedSet<Integer>> plan(String topic) {
        Map<HostInfo, SortedSet<Integer>> plan = new LinkedHashMap<>();
        TreeSet<Integer> seen = new TreeSet<>();
        TreeSet<Integer> twice = new TreeSet<>();
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            TreeSet<Integer> ps = new TreeSet<>();
            for (TopicPartition tp : m.topicPartitions()) {
                if (tp.topic().equals(topic)) {
                    ps.add(tp.partition());
                    if (!seen.add(tp.partition())) {
                        twice.add(tp.partition());
                    }
                }
            }
            if (!ps.isEmpty()) {
                plan.merge(m.hostInfo(), ps, (a, b) -> {
                    twice.addAll(b);
                    return a;
                });
            }
        }
        plan.values().forEach(ps -> ps.removeAll(twice));
        plan.values().removeIf(SortedSet::isEmpty);
        return plan;
    }

    private static TreeSet<Integer> all(int count) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int p = 0; p < count; p++) {
            out.add(p);
        }
        return out;
    }
}
