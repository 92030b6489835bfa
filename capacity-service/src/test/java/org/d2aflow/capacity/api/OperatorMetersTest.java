package org.d2aflow.capacity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.EventLog;
import org.d2aflow.capacity.Today;
import org.d2aflow.capacity.infrastructure.messaging.ReferralEventsConsumer;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.MetricsScrape;
import org.junit.jupiter.api.Test;

/**
 * What an operator alerts on, read from the scrape: a service over-claimed (which the claim rules never allow, so the
 * over-claim is written into the read model by hand here, as a bug or a hand edit would), and dead letters counted
 * where they are sent, from zero.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class OperatorMetersTest {

    private static final String OVERCLAIMED = "d2a_capacity_overclaimed_services";

    @Inject
    DataSource dataSource;

    @Test
    void anOverClaimedServiceShowsInTheScrapeAndGoesWhenTheClaimIsReleased() throws SQLException {
        LocalDate today = Today.date();
        String service = CapacityApi.serviceWith(ServiceType.REABLEMENT_HOME, CapacityApi.freshLocality(), 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(MetricsScrape.sample(scrape(), OVERCLAIMED, "")).isZero());

        String first = insertClaim(service, today.plusDays(3));
        String second = insertClaim(service, today.plusDays(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(MetricsScrape.sample(scrape(), OVERCLAIMED, "")).isEqualTo(1.0));

        // Released before the second starts: one unit holds one claim on every day again.
        release(first, today.plusDays(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(MetricsScrape.sample(scrape(), OVERCLAIMED, "")).isZero());
        release(second, today.plusDays(6));
    }

    @Test
    void deadLettersAreExportedFromZeroAndCountedWhenSent() {
        String dead = "d2a_dead_letters_total";
        String[] labels = {"consumer=\"" + ReferralEventsConsumer.CONSUMER + "\"", "topic=\"" + Topics.REFERRALS + "\""};
        String before = scrape();
        assertThat(before).as("registered at start").contains(dead + "{consumer=\"capacity.placements\",topic=\"d2a.placements\"");
        String referral = UUID.randomUUID().toString();
        EventLog.publishRaw(Topics.REFERRALS, referral, Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                "ce_type", "d2a.referral.submitted.v1", "ce_source", EventLog.REFERRAL_SERVICE), "{not json");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(MetricsScrape.sum(scrape(), dead, labels))
                .isEqualTo(MetricsScrape.sum(before, dead, labels) + 1));
        assertThat(MetricsScrape.sum(scrape(), "d2a_consumer_dead_letters_total", labels[0]))
                .isEqualTo(MetricsScrape.sum(before, "d2a_consumer_dead_letters_total", labels[0]) + 1);
    }

    private String insertClaim(String service, LocalDate start) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO claim (id, service_id, referral_id, start_date, status, claimed_at) VALUES (?, ?, ?, ?, 'ACTIVE', ?)")) {
            st.setString(1, id);
            st.setString(2, service);
            st.setString(3, UUID.randomUUID().toString());
            st.setObject(4, start);
            st.setObject(5, OffsetDateTime.now());
            st.executeUpdate();
        }
        return id;
    }

    private void release(String claim, LocalDate on) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "UPDATE claim SET status = 'RELEASED', released_on = ?, released_at = ?, release_reason = 'test' WHERE id = ?")) {
            st.setObject(1, on);
            st.setObject(2, OffsetDateTime.now());
            st.setString(3, claim);
            st.executeUpdate();
        }
    }

    private static String scrape() {
        return given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
