package org.d2aflow.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.FigureReader;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;

/**
 * Across the real broker: events published on the topics become figures. Each test uses business dates of its
 * own year, so that the tests sharing the broker never count each other's referrals.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class FiguresFromTheLogTest {

    @Test
    void dischargesOnTheLogBecomeTheDischargeToUsualResidenceFigureWithItsDrillDown() {
        String east1 = LogWriter.dischargedReferral("East", 82, LocalDate.of(2019, 3, 1), LocalDate.of(2019, 3, 5), Pathway.P1,
                ServiceType.REABLEMENT_HOME, LocalDate.of(2019, 3, 6), "19", "1");
        String east2 = LogWriter.dischargedReferral("East", 77, LocalDate.of(2019, 3, 2), LocalDate.of(2019, 3, 7), Pathway.P2,
                ServiceType.BEDDED_REABLEMENT, LocalDate.of(2019, 3, 7), "51", "1");
        String north = LogWriter.dischargedReferral("North and West", 90, LocalDate.of(2019, 3, 3), LocalDate.of(2019, 3, 4), Pathway.P0,
                ServiceType.SOCIAL_SUPPORT, LocalDate.of(2019, 3, 4), "19", "1");
        LogWriter.dischargedReferral("East", 88, LocalDate.of(2019, 3, 3), LocalDate.of(2019, 3, 4), Pathway.P0,
                ServiceType.SOCIAL_SUPPORT, LocalDate.of(2019, 3, 8), "79", "4");

        Map<String, String> period = Map.of("from", "2019-03-01", "to", "2019-03-31");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParams(period)
                .get("/figures/discharge-to-usual-residence").then().statusCode(200).body("denominator", equalTo(3)));

        given().queryParams(period).queryParam("breakdown", "locality").get("/figures/discharge-to-usual-residence").then()
                .body("numerator", equalTo(2))
                .body("value", equalTo(0.6667f))
                .body("measures.excludedDeaths", equalTo(1))
                .body("groups.key", equalTo(List.of("East", "North and West")))
                .body("groups.numerator", equalTo(List.of(1, 1)))
                .body("groups.denominator", equalTo(List.of(2, 1)));
        List<String> numerator = given().queryParams(period).get("/figures/discharge-to-usual-residence/drill-down").then()
                .statusCode(200).extract().path("referrals.numerator");
        assertThat(numerator).containsExactlyElementsOf(java.util.stream.Stream.of(east1, north).sorted().toList());
        List<String> denominator = given().queryParams(period).get("/figures/discharge-to-usual-residence/drill-down").then()
                .extract().path("referrals.denominator");
        assertThat(denominator).containsExactlyInAnyOrder(east1, east2, north);
    }

    @Test
    void aDuplicatedDeliveryChangesNothing() {
        String id = UUID.randomUUID().toString();
        EventEnvelope<D2aEvent> submitted = TopicWriter.publish("/d2a/referral-service", 1, new ReferralSubmitted(id, "d00d" + id.replace("-", ""), 70,
                Sex.MALE, "East", "County Hospital", LocalDate.of(2018, 5, 1), UsualResidence.PRIVATE_HOME));
        TopicWriter.publish("/d2a/referral-service", 2, new org.d2aflow.contracts.referral.PatientDischarged(id, LocalDate.of(2018, 5, 9), "19", "1", 70));
        Map<String, String> period = Map.of("from", "2018-05-01", "to", "2018-05-31");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParams(period).get("/figures/length-of-stay").then()
                .body("measures.count", equalTo(1)));
        String before = given().queryParams(period).queryParam("asKnownAt", "2100-01-01T00:00:00Z").get("/figures/length-of-stay").asString();
        long applied = given().get("/figures/projection").then().extract().<Number>path("serving.eventsApplied").longValue();

        TopicWriter.publish(submitted);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/figures/projection").then().extract()
                .<Number>path("serving.duplicatesIgnored").longValue() >= 1);

        assertThat(given().get("/figures/projection").then().extract().<Number>path("serving.eventsApplied").longValue()).isEqualTo(applied);
        assertThat(given().queryParams(period).queryParam("asKnownAt", "2100-01-01T00:00:00Z").get("/figures/length-of-stay").asString())
                .isEqualTo(before);
        given().queryParams(period).get("/figures/length-of-stay").then().body("measures.mean", equalTo(8.0f));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndLaterEventsAreStillCounted() {
        String poisonKey = "poison-" + UUID.randomUUID();
        TopicWriter.publishRaw(Topics.REFERRALS, poisonKey, Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                "ce_type", "d2a.referral.submitted.v1", "ce_source", "/somewhere", "ce_time", "2017-01-01T00:00:00Z",
                "ce_subject", poisonKey, "content-type", "application/json"), "{not json");
        String later = LogWriter.dischargedReferral("East", 80, LocalDate.of(2017, 6, 1), LocalDate.of(2017, 6, 3), Pathway.P0,
                ServiceType.SOCIAL_SUPPORT, LocalDate.of(2017, 6, 3), "19", "1");

        var dead = FigureReader.rawRecords(Topics.DEAD_LETTER, poisonKey, Duration.ofSeconds(30));
        assertThat(dead).isNotEmpty();
        assertThat(new String(dead.get(0).headers().lastHeader("d2a_dlq_consumer").value())).isEqualTo("metrics-service");
        assertThat(new String(dead.get(0).value())).isEqualTo("{not json");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParams(Map.of("from", "2017-06-01", "to", "2017-06-30"))
                .get("/figures/discharge-to-usual-residence/drill-down").then().body("referrals.numerator", equalTo(List.of(later))));
    }

    @Test
    void aPastReturnIsReproducedFromWhatWasKnownThen() {
        Instant before = Instant.now();
        LogWriter.dischargedReferral("East", 79, LocalDate.of(2016, 2, 1), LocalDate.of(2016, 2, 3), Pathway.P0, ServiceType.SOCIAL_SUPPORT,
                LocalDate.of(2016, 2, 4), "19", "1");
        Map<String, String> period = Map.of("from", "2016-02-01", "to", "2016-02-29");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParams(period).get("/figures/discharge-delay").then()
                .body("measures.count", equalTo(1)).body("measures.meanDelay", equalTo(1.0f)));

        given().queryParams(period).queryParam("asKnownAt", before.toString()).get("/figures/discharge-delay").then()
                .body("measures.count", equalTo(0)).body("asKnownAt", equalTo(before.toString()));
    }

    @Test
    void badQueriesAreProblemsNamingTheParameter() {
        given().queryParam("from", "2019-02-30").get("/figures/length-of-stay").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", org.hamcrest.Matchers.hasItem("from"));
        given().queryParam("asKnownAt", "yesterday").get("/figures/length-of-stay").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("asKnownAt"));
        given().queryParam("breakdown", "ward").get("/figures/length-of-stay").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("breakdown"));
        given().queryParam("count29AsHome", "yes").get("/figures/discharge-to-usual-residence").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("count29AsHome"));
        given().queryParams(Map.of("from", "2019-05-01", "to", "2019-04-01")).get("/figures/length-of-stay").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItem("from"));
        given().get("/figures/no-such-figure").then().statusCode(404).contentType("application/problem+json");
    }
}
