package org.d2aflow.metrics.infrastructure.streams;

import org.d2aflow.contracts.Topics;

/** The topics the topology reads and writes: the event log's own, or a test's copies with another partition count. */
public record StreamsTopics(String referrals, String placements, String capacity, String deadLetter) {

    public static final StreamsTopics EVENT_LOG = new StreamsTopics(Topics.REFERRALS, Topics.PLACEMENTS, Topics.CAPACITY,
            Topics.DEAD_LETTER);
}
