package org.d2aflow.metrics.infrastructure.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.d2aflow.testkit.TestStack;
import org.junit.jupiter.api.Test;

/** The start-up check on the real broker: referrals and placements must have the same partition count. */
class CoPartitioningTest {

    private final String prefix = "copart-" + UUID.randomUUID().toString().substring(0, 8) + ".";

    @Test
    void refusesTopicsWithDifferentPartitionCountsAndGivesTheCountWhenTheyAgree() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(prefix + "referrals", 4, (short) 1), new NewTopic(prefix + "placements", 2, (short) 1),
                    new NewTopic(prefix + "placements4", 4, (short) 1))).all().get(30, TimeUnit.SECONDS);

            StreamsTopics skewed = new StreamsTopics(prefix + "referrals", prefix + "placements", prefix + "capacity", prefix + "dlq");
            assertThatThrownBy(() -> CoPartitioning.check(admin, skewed, Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(prefix + "referrals has 4 partitions but " + prefix + "placements has 2")
                    .hasMessageContaining("same partition count");

            StreamsTopics missing = new StreamsTopics(prefix + "referrals", prefix + "nowhere", prefix + "capacity", prefix + "dlq");
            assertThatThrownBy(() -> CoPartitioning.check(admin, missing, Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("must exist");

            StreamsTopics agreed = new StreamsTopics(prefix + "referrals", prefix + "placements4", prefix + "capacity", prefix + "dlq");
            assertThat(CoPartitioning.check(admin, agreed, Duration.ofSeconds(30))).isEqualTo(4);
        }
    }
}
