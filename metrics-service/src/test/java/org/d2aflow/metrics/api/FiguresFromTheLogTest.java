package org.d2aflow.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
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
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.FigureReader;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.MetricsScrape;
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
        TopicWriter.publish("/d2a/referral-service", 2, new PatientDischarged(id, LocalDate.of(2018, 5, 9), "19", "1", 70));
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
        double deadBefore = MetricsScrape.sum(scrape(), "d2a_projection_dead_letters_total");
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
        assertThat(MetricsScrape.sum(scrape(), "d2a_projection_dead_letters_total")).isEqualTo(deadBefore + 1);
    }

    private static String scrape() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void aPastReturnIsReproducedFromWhatWasKnownThen() {
        Instant before = Instant.now();
        LogWriter.dischargedReferral("East", 79, LocalDate.of(2016, 2, 1), LocalDate.of(2016, 2, 3), Pathway.P0, ServiceType.SOCIAL_SUPPORT,
                LocalDate.of(2016, 2, 4), "19", "1");
        Map<String, String> period = Map.of("from", "2016-02-01", "to", "2016-02-29");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParams(period).get("/figures/discharge-delay").then()
                .body("measures.count", equalTo(1)).body("measures.meanDelay", equalTo(1.0f)));

        String known = before.truncatedTo(ChronoUnit.MICROS).toString();
        given().queryParams(period).queryParam("asKnownAt", before.toString()).get("/figures/discharge-delay").then()
                .body("measures.count", equalTo(0)).body("asKnownAt", equalTo(known)).body("clocks.asKnownAt", equalTo(known));
    }

    private static final String SOURCE = "/d2a/referral-service";

    /** Publishes an event recorded at the given instant; returns its CloudEvents id. */
    private static String publishAt(String time, long version, D2aEvent event) {
        String eventId = UUID.randomUUID().toString();
        TopicWriter.publish(EventEnvelope.of(eventId, SOURCE, Instant.parse(time), version, event));
        return eventId;
    }

    private static String submittedAt(String time, LocalDate admitted) {
        String id = UUID.randomUUID().toString();
        publishAt(time, 1, new ReferralSubmitted(id, "b0b0" + id.replace("-", ""), 80, Sex.FEMALE, "East", "County Hospital", admitted,
                UsualResidence.PRIVATE_HOME));
        return id;
    }

    @Test
    void anEventRecordedAtTCountsAsKnownAtTAndNotAMicrosecondBeforeWithNanosecondsDropped() {
        String id = submittedAt("2015-07-01T09:00:00Z", LocalDate.of(2015, 6, 20));
        publishAt("2015-07-01T10:00:00.123456Z", 2, new PatientDischarged(id, LocalDate.of(2015, 7, 1), "19", "1", 80));
        // recorded with nanoseconds, as a record written before times were cut at the source: known at the microsecond it shows
        String old = submittedAt("2015-07-02T09:00:00Z", LocalDate.of(2015, 6, 21));
        publishAt("2015-07-02T10:00:00.000001500Z", 2, new PatientDischarged(old, LocalDate.of(2015, 7, 2), "19", "1", 80));
        Map<String, String> period = Map.of("from", "2015-07-01", "to", "2015-07-31");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParams(period).get("/figures/discharge-to-usual-residence")
                .then().body("denominator", equalTo(2)));

        given().queryParams(period).queryParam("asKnownAt", "2015-07-01T10:00:00.123456Z").get("/figures/discharge-to-usual-residence").then()
                .statusCode(200).body("denominator", equalTo(1)).body("asKnownAt", equalTo("2015-07-01T10:00:00.123456Z"))
                .body("clocks.asKnownAt", equalTo("2015-07-01T10:00:00.123456Z"))
                .body("clocks.asKnownAtRule", equalTo("events recorded (CloudEvents time) at or before asKnownAt, inclusive, to the microsecond"))
                .body("clocks.period", org.hamcrest.Matchers.startsWith("hospital discharge date"));
        given().queryParams(period).queryParam("asKnownAt", "2015-07-01T10:00:00.123455Z").get("/figures/discharge-to-usual-residence").then()
                .statusCode(200).body("denominator", equalTo(0));
        // digits beyond the microsecond are dropped, never rounded up
        given().queryParams(period).queryParam("asKnownAt", "2015-07-01T10:00:00.123456999Z").get("/figures/discharge-to-usual-residence")
                .then().statusCode(200).body("denominator", equalTo(1)).body("asKnownAt", equalTo("2015-07-01T10:00:00.123456Z"));
        given().queryParams(period).queryParam("asKnownAt", "2015-07-01T10:00:00.123455999Z").get("/figures/discharge-to-usual-residence")
                .then().statusCode(200).body("denominator", equalTo(0));
        given().queryParams(period).queryParam("asKnownAt", "2015-07-02T10:00:00.000001Z").get("/figures/discharge-to-usual-residence/drill-down")
                .then().statusCode(200).body("referrals.denominator", equalTo(java.util.stream.Stream.of(id, old).sorted().toList()))
                .body("clocks.asKnownAt", equalTo("2015-07-02T10:00:00.000001Z"));
        given().queryParams(period).queryParam("asKnownAt", "2015-07-02T10:00:00Z").get("/figures/discharge-to-usual-residence/drill-down")
                .then().body("referrals.denominator", equalTo(List.of(id)));
    }

    @Test
    void aCorrectedThenVoidedDischargeIsReadAsKnownAtEachStep() {
        String id = submittedAt("2014-03-01T09:00:00Z", LocalDate.of(2014, 2, 25));
        String discharged = publishAt("2014-03-03T09:00:00Z", 2, new PatientDischarged(id, LocalDate.of(2014, 3, 3), "19", "1", 80));
        String corrected = publishAt("2014-03-10T09:00:00Z", 3, new DischargeCorrected(id, discharged, LocalDate.of(2014, 4, 2), "54", "1",
                null, "date keyed wrongly", "coordinator-1"));
        publishAt("2014-04-20T09:00:00Z", 4, new DischargeVoided(id, corrected, "wrong patient", "coordinator-1"));
        Map<String, String> march = Map.of("from", "2014-03-01", "to", "2014-03-31");
        Map<String, String> april = Map.of("from", "2014-04-01", "to", "2014-04-30");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParams(april).queryParam("asKnownAt", "2014-04-01T00:00:00Z")
                .get("/figures/discharge-to-usual-residence").then().body("denominator", equalTo(1)));

        given().queryParams(march).queryParam("asKnownAt", "2014-03-05T00:00:00Z").get("/figures/discharge-to-usual-residence").then()
                .body("denominator", equalTo(1)).body("numerator", equalTo(1));
        given().queryParams(march).queryParam("asKnownAt", "2014-04-01T00:00:00Z").get("/figures/discharge-to-usual-residence").then()
                .body("denominator", equalTo(0));
        given().queryParams(april).queryParam("asKnownAt", "2014-04-01T00:00:00Z").get("/figures/discharge-to-usual-residence").then()
                .body("numerator", equalTo(0)); // corrected to a care home
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParams(april).get("/figures/discharge-to-usual-residence")
                .then().body("denominator", equalTo(0)));
        // voided: back in hospital on the census day
        given().queryParam("at", "2014-04-25").get("/figures/length-of-stay-census/drill-down").then()
                .body("referrals.denominator", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void everyAnswerSaysWhichClocksItUsed() {
        Map<String, String> q = Map.of("from", "2013-01-01", "to", "2013-03-31", "asKnownAt", "2013-06-01T00:00:00Z");
        Map<String, Object> headlines = given().queryParams(q).get("/figures").then().statusCode(200).extract().path("");
        assertThat(headlines).isNotEmpty();
        headlines.forEach((figure, body) -> assertThat(((Map<?, ?>) body).get("clocks")).as(figure).isInstanceOf(Map.class));
        given().queryParams(q).get("/figures/short-term-services").then().body("clocks.period", equalTo("placement end date"))
                .body("clocks.asKnownAt", equalTo("2013-06-01T00:00:00Z"));
        given().queryParams(q).queryParam("at", "2013-03-01").get("/figures/delay-census").then()
                .body("clocks.period", org.hamcrest.Matchers.nullValue()).body("clocks.census", org.hamcrest.Matchers.notNullValue());
        given().queryParams(q).get("/figures/pathway-mix/drill-down").then().body("clocks.period",
                org.hamcrest.Matchers.startsWith("pathway decision date"));
        given().queryParams(q).queryParam("granularity", "month").get("/figures/discharge-delay/trend").then().statusCode(200)
                .body("figure", equalTo("discharge-delay")).body("clocks.asKnownAt", equalTo("2013-06-01T00:00:00Z"))
                .body("points.from", equalTo(List.of("2013-01-01", "2013-02-01", "2013-03-01")));
        // and the OpenAPI document says so
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).body(org.hamcrest.Matchers.containsString("asKnownAtRule"))
                .body(org.hamcrest.Matchers.containsString("digits beyond the sixth decimal are dropped"));
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
