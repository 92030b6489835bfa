package org.d2aflow.metrics.infrastructure.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The start-up check of sub-topology R: the referrals and placements topics are merged into one processor keyed by referral
 * id, which is right only if a referral's records land in the same partition number on both, that is if both topics have
 * the same partition count (the same key and the same murmur2 partitioner do the rest). Kafka Streams checks this for
 * joins only, so the application checks it itself and refuses to start otherwise.
 */
public final class CoPartitioning {

    private CoPartitioning() {
    }

    /** The partition count of the referrals topic, once checked equal to the placements topic's; refuses otherwise. */
    public static int check(Admin admin, StreamsTopics topics, Duration timeout) {
        Map<String, TopicDescription> d = describe(admin, List.of(topics.referrals(), topics.placements()), timeout);
        int referrals = d.get(topics.referrals()).partitions().size();
        int placements = d.get(topics.placements()).partitions().size();
        if (referrals != placements) {
            throw new IllegalStateException("Kafka Streams not started: " + topics.referrals() + " has " + referrals + " partitions but "
                    + topics.placements() + " has " + placements + "; a referral's facts are read from both by one task, so both "
                    + "topics must have the same partition count (STREAMS.md section 1)");
        }
        return referrals;
    }

    /** The partition count of one topic (the capacity topic's, for the query fabric's service side). */
    public static int partitions(Admin admin, String topic, Duration timeout) {
        return describe(admin, List.of(topic), timeout).get(topic).partitions().size();
    }

    private static Map<String, TopicDescription> describe(Admin admin, List<String> names, Duration timeout) {
        String which = String.join(" and ", names);
        try {
            return admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("Kafka Streams not started: the source topics " + which + " must exist ("
                        + e.getCause().getMessage() + ")", e.getCause());
            }
            throw new IllegalStateException("Kafka Streams not started: could not describe " + which + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka Streams not started: no answer from the broker about " + which + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the partitions of the source topics", e);
        }
    }
}
