package org.d2aflow.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.testkit.TopicWriter;
import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.MetricsScrape;
import org.d2aflow.testkit.ServiceHealthContract;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class MetricsServiceHealthTest extends ServiceHealthContract {

    @Override
    protected List<String> expectedReadinessChecks() {
        // No database: everything comes from the log.
        return List.of("Kafka broker", "Figures projection");
    }

    @Test
    void theServingProjectionsLagIsExportedAndDrains() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String scrape = given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(MetricsScrape.sample(scrape, "d2a_projection_lag_records", "")).isZero();
        });
    }

    @Test
    void theFiguresFreshnessIsTheAgeOfTheNewestEventTheyReflectAndLiveEventsAreTimedFromTheirRecording() throws Exception {
        String delay = "d2a_projection_delay_seconds";
        String[] labels = {"consumer=\"metrics-service\"", "topic=\"" + Topics.REFERRALS + "\""};
        theServingProjectionsLagIsExportedAndDrains();
        String before = scrape();
        assertThat(before).as("registered at start").contains(delay + "_count{consumer=\"metrics-service\",topic=\"d2a.placements\"");

        // An event recorded 40 s ago (its relay was held up), then one recorded now.
        String source = "/d2a/referral-service";
        String late = UUID.randomUUID().toString();
        TopicWriter.publish(EventEnvelope.of(UUID.randomUUID().toString(), source, Instant.now().minusSeconds(40), 1,
                new ReferralWithdrawn(late, "moved away")));
        EventEnvelope<?> now = TopicWriter.publish(source, 1, new ReferralWithdrawn(UUID.randomUUID().toString(), "moved away"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(MetricsScrape.sum(scrape(), delay + "_count", labels))
                .isGreaterThanOrEqualTo(MetricsScrape.sum(before, delay + "_count", labels) + 2));
        String after = scrape();
        assertThat(MetricsScrape.sum(after, delay + "_sum", labels) - MetricsScrape.sum(before, delay + "_sum", labels))
                .as("the late event's 40 s, summed with the other's moment").isGreaterThanOrEqualTo(40.0);
        assertThat(MetricsScrape.sum(after, delay + "_bucket", labels[0], labels[1], "le=\"60.0\"")
                - MetricsScrape.sum(after, delay + "_bucket", labels[0], labels[1], "le=\"30.0\"")).as("the late event's bucket").isGreaterThanOrEqualTo(1);

        // The newest event reflected is the one recorded now: the figures are seconds old, and age while nothing comes.
        double fresh = MetricsScrape.sample(after, "d2a_figures_newest_event_age_seconds", "");
        double expected = Duration.between(now.time(), Instant.now()).toMillis() / 1000.0;
        assertThat(fresh).isBetween(0.0, expected + 1.0);
        Thread.sleep(2000);
        assertThat(MetricsScrape.sample(scrape(), "d2a_figures_newest_event_age_seconds", "")).isGreaterThanOrEqualTo(fresh + 2.0);
    }

    private static String scrape() {
        return given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
