package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.d2aflow.kit.outbox.OutboxRelay;
import org.d2aflow.referral.ReferralApi;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.MetricsScrape;
import org.junit.jupiter.api.Test;

/**
 * The outbox gauges tell the truth while the relay publishes nothing: with the lease held by another instance, the
 * events written wait, and the scrape shows how many and how old the oldest is (they were set only when this
 * instance's relay ended a round, so they read 0 while a backlog grew).
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class OutboxGaugesTest {

    @Inject
    OutboxRelay relay;

    @Inject
    DataSource dataSource;

    @Test
    void theScrapeCountsTheEventsWaitingWhileTheRelayIsHeldOff() throws Exception {
        String before = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
        // A stand-in for another live instance holding the lease (as in OutboxRelayTakeoverTest).
        update("UPDATE outbox_lease SET holder = 'another-instance', epoch = epoch + 1, expires_at = clock_timestamp() + interval '60 seconds' "
                + "WHERE name = 'outbox'");
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                relay.wake();
                return !relay.holdsLease();
            });
            for (int i = 0; i < 3; i++) {
                ReferralApi.create(aReferralRequest().admittedDaysAgo(5).build());
            }
            Thread.sleep(2100);
            long waiting = count("SELECT count(*) FROM outbox WHERE published_at IS NULL");
            assertThat(waiting).as("events held back by the lease").isGreaterThanOrEqualTo(3);

            String scrape = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(MetricsScrape.sample(scrape, "d2a_outbox_pending", "")).isEqualTo((double) waiting);
            assertThat(MetricsScrape.sample(scrape, "d2a_outbox_oldest_age_seconds", "")).isBetween(2.0, 60.0);
            assertThat(MetricsScrape.sample(scrape, "d2a_outbox_lease_held", "")).isZero();
        } finally {
            update("UPDATE outbox_lease SET expires_at = clock_timestamp() - interval '1 second' WHERE name = 'outbox'");
        }
        relay.wake();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            String scrape = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(MetricsScrape.sample(scrape, "d2a_outbox_pending", "")).isZero();
            assertThat(MetricsScrape.sample(scrape, "d2a_outbox_oldest_age_seconds", "")).isZero();
        });

        // The relay lag of the events held back: from their recording to Kafka's acknowledgement, at least the 2.1 s held.
        String after = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
        double published = MetricsScrape.sum(after, "d2a_outbox_relay_lag_seconds_count") - MetricsScrape.sum(before, "d2a_outbox_relay_lag_seconds_count");
        double seconds = MetricsScrape.sum(after, "d2a_outbox_relay_lag_seconds_sum") - MetricsScrape.sum(before, "d2a_outbox_relay_lag_seconds_sum");
        assertThat(published).as("events published since").isGreaterThanOrEqualTo(3);
        assertThat(seconds).as("relay lag of the three held-back events, summed").isGreaterThanOrEqualTo(2.1 * 3);
        assertThat(MetricsScrape.sample(after, "d2a_outbox_relay_lag_seconds_max", "")).isBetween(2.1, 60.0);
        // Each held-back event waited at least 2.1 s: none of them is in the 1 s bucket.
        double upTo1s = MetricsScrape.sum(after, "d2a_outbox_relay_lag_seconds_bucket", "le=\"1.0\"")
                - MetricsScrape.sum(before, "d2a_outbox_relay_lag_seconds_bucket", "le=\"1.0\"");
        assertThat(upTo1s).as("held-back events counted in the 1 s bucket").isLessThanOrEqualTo(published - 3);
        assertThat(after).contains("d2a_outbox_relay_lag_seconds{quantile=\"0.99\"");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void update(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.executeUpdate();
        }
    }
}
