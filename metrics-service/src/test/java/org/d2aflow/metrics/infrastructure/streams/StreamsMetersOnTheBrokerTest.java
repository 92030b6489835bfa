package org.d2aflow.metrics.infrastructure.streams;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.MetricsScrape;
import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;

/**
 * The topology's operability meters in {@code /q/metrics} (STREAMS.md section 7), on the real broker with the topology on:
 * the Kafka Streams consumer's lag per input partition, the RocksDB size and keys of the stores, and the freshness of the
 * cells.
 */
@QuarkusTest
@TestProfile(StreamsOnProfile.class)
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class StreamsMetersOnTheBrokerTest {

    private static final String LAG = "kafka_consumer_fetch_manager_records_lag";

    @Test
    void lagPerInputPartitionStoreSizesAndCellsFreshnessAreScraped() throws Exception {
        String referral = UUID.randomUUID().toString();
        TopicWriter.publish("/d2a/referral-service", 1, new ReferralSubmitted(referral, "k" + referral.replace("-", ""), 80, Sex.FEMALE,
                "East", "County Hospital", LocalDate.of(2012, 4, 20), UsualResidence.PRIVATE_HOME));
        TopicWriter.publish("/d2a/referral-service", 2, new PatientDischarged(referral, LocalDate.of(2012, 5, 3), "19", "1", 80));
        int partitions = partitionsOf(Topics.REFERRALS);
        assertThat(partitions).isPositive();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String scrape = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
            for (int p = 0; p < partitions; p++) {
                for (String topic : List.of(Topics.REFERRALS, Topics.PLACEMENTS)) {
                    String[] labels = {"topic=\"" + topic + "\"", "partition=\"" + p + "\""};
                    assertThat(scrape.lines().filter(l -> l.startsWith(LAG + "{") && l.contains(labels[0]) && l.contains(labels[1])))
                            .as("the lag of %s-%d", topic, p).isNotEmpty();
                    assertThat(MetricsScrape.sum(scrape, LAG, labels)).as("the lag of %s-%d", topic, p).isNotNaN().isGreaterThanOrEqualTo(0.0);
                }
            }
            for (String store : List.of(FactsTopology.REFERRAL_FACTS, CellsUpdater.CELLS)) {
                String label = "store=\"" + store + "\"";
                assertThat(MetricsScrape.sum(scrape, "d2a_metrics_store_bytes", label)).as("bytes of %s", store).isPositive();
                assertThat(MetricsScrape.sum(scrape, "d2a_metrics_store_keys", label)).as("keys of %s", store).isPositive();
            }
            assertThat(MetricsScrape.sum(scrape, "d2a_metrics_freshness_seconds_count", "stage=\"cells\"")).isPositive();
        });
    }

    private static int partitionsOf(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
        }
    }
}
