package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.PlacementFixtures.today;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.placement.Events;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.placement.PlacementFixtures;
import org.d2aflow.placement.PlacementFixtures.Pending;
import org.d2aflow.placement.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class PlacementApiTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Inject
    PlacementFixtures fixtures;

    @Inject
    Tables tables;

    private final LocalDate today = today();

    @Test
    void aClaimBecomesAPendingPlacementWithItsServiceAndReferralFacts() {
        LocalDate discharged = today.minusDays(2);
        Pending p = fixtures.pending(ServiceType.BEDDED_REABLEMENT, discharged);

        PlacementApi.get(p.placementId()).statusCode(200)
                .header("ETag", "\"0\"")
                .body("placementId", equalTo(p.placementId()))
                .body("referralId", equalTo(p.referralId()))
                .body("serviceId", equalTo(p.serviceId()))
                .body("serviceName", notNullValue())
                .body("serviceType", equalTo("BEDDED_REABLEMENT"))
                .body("status", equalTo("PENDING"))
                .body("version", equalTo(0))
                .body("plannedStartDate", equalTo(discharged.toString()))
                .body("ageAtAdmission", equalTo(84))
                .body("admissionDate", equalTo(discharged.minusDays(5).toString()))
                .body("dischargeDate", equalTo(discharged.toString()))
                .body("followUpDueDate", equalTo(discharged.plusDays(91).toString()))
                .body("startDate", nullValue())
                .body("history", empty());
    }

    @Test
    void aPlacementIsStartedFollowedUpAndEndedAndReadBackWithItsHistory() {
        LocalDate discharged = today.minusDays(120);
        Pending p = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);

        PlacementApi.start(p.placementId(), today.minusDays(90)).statusCode(200).header("ETag", "\"1\"")
                .body("status", equalTo("ACTIVE")).body("startDate", equalTo(today.minusDays(90).toString()));
        PlacementApi.followUp(p.placementId(), "AT_HOME").statusCode(200).header("ETag", "\"2\"")
                .body("status", equalTo("ACTIVE")).body("day91Status", equalTo("AT_HOME")).body("followUpRecordedAt", notNullValue());
        PlacementApi.end(p.placementId(), today.minusDays(3), "NO_ONGOING_SUPPORT").statusCode(200).header("ETag", "\"3\"")
                .body("status", equalTo("ENDED")).body("endReason", equalTo("NO_ONGOING_SUPPORT"));

        PlacementApi.get(p.placementId()).statusCode(200)
                .header("ETag", "\"3\"")
                .body("version", equalTo(3))
                .body("endDate", equalTo(today.minusDays(3).toString()))
                .body("history.type", equalTo(List.of("d2a.placement.started.v1", "d2a.placement.follow-up-recorded.v1",
                        "d2a.placement.ended.v1")))
                .body("history.version", equalTo(List.of(1, 2, 3)))
                .body("history[0].data.serviceType", equalTo("REABLEMENT_HOME"))
                .body("history[0].data.placementId", equalTo(p.placementId()));
        assertThat(tables.eventTypes(p.placementId())).as("the stream is the placement").hasSize(3);
        assertThat(tables.outboxTopics(p.referralId())).as("the Kafka key is the referral")
                .containsExactly(Topics.PLACEMENTS, Topics.PLACEMENTS, Topics.PLACEMENTS);
    }

    @Test
    void aStaleIfMatchIsRefusedAndWritesNothing() {
        Pending p = fixtures.pending(ServiceType.REHAB_HOME, today.minusDays(4));
        PlacementApi.start(p.placementId(), today.minusDays(4)).statusCode(200);
        Map<String, Long> before = tables.counts();

        given().contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body(Map.of("endDate", today.toString(), "endReason", "OTHER"))
                .post("/placements/{id}/end", p.placementId())
                .then().statusCode(412).contentType("application/problem+json");
        assertThat(tables.counts()).isEqualTo(before);

        given().contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("endDate", today.toString(), "endReason", "OTHER"))
                .post("/placements/{id}/end", p.placementId())
                .then().statusCode(200).header("ETag", "\"2\"");
    }

    @Test
    void startsThatBreakTheRulesAreConflictsWithTheReasonAndWriteNothing() {
        LocalDate discharged = today.minusDays(3);
        Pending early = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);
        Pending inHospital = fixtures.pending(ServiceType.REABLEMENT_HOME, null);
        Pending died = fixtures.pending(ServiceType.BEDDED_REHAB, null);
        fixtures.referral(Events.diedInHospital(died.referralId(), discharged));
        Pending withdrawn = fixtures.pending(ServiceType.REABLEMENT_HOME, null);
        fixtures.referral(Events.withdrawn(withdrawn.referralId()));
        Pending started = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);
        PlacementApi.start(started.placementId(), discharged).statusCode(200);
        Map<String, Long> before = tables.counts();

        PlacementApi.start(early.placementId(), discharged.minusDays(1)).statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("before the hospital discharge date " + discharged));
        PlacementApi.start(inHospital.placementId(), today).statusCode(409).body("detail", containsString("not been discharged"));
        PlacementApi.start(died.placementId(), discharged).statusCode(409).body("detail", containsString("died in hospital"));
        PlacementApi.start(withdrawn.placementId(), today).statusCode(409).body("detail", containsString("withdrawn"));
        PlacementApi.start(started.placementId(), discharged).statusCode(409).body("detail", containsString("already started"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void startAndEndRetriedWithTheirIdempotencyKeysAnswerTheSameAndWriteOnce() {
        LocalDate discharged = today.minusDays(10);
        Pending p = fixtures.pending(ServiceType.SHORT_TERM_DOMCARE, discharged);
        String startKey = UUID.randomUUID().toString();
        String endKey = UUID.randomUUID().toString();
        io.restassured.response.Response started = given().contentType(ContentType.JSON).header("Idempotency-Key", startKey)
                .body(Map.of("startDate", discharged.toString())).post("/placements/{id}/start", p.placementId());
        started.then().statusCode(200);
        io.restassured.response.Response ended = given().contentType(ContentType.JSON).header("Idempotency-Key", endKey)
                .body(Map.of("endDate", today.minusDays(1).toString(), "endReason", "NO_ONGOING_SUPPORT"))
                .post("/placements/{id}/end", p.placementId());
        ended.then().statusCode(200);
        Map<String, Long> before = tables.counts();

        io.restassured.response.Response startedAgain = given().contentType(ContentType.JSON).header("Idempotency-Key", startKey)
                .body(Map.of("startDate", discharged.toString())).post("/placements/{id}/start", p.placementId());
        io.restassured.response.Response endedAgain = given().contentType(ContentType.JSON).header("Idempotency-Key", endKey)
                .body(Map.of("endDate", today.minusDays(1).toString(), "endReason", "NO_ONGOING_SUPPORT"))
                .post("/placements/{id}/end", p.placementId());

        startedAgain.then().statusCode(200).header("Idempotent-Replay", "true").header("ETag", "\"1\"");
        endedAgain.then().statusCode(200).header("Idempotent-Replay", "true").header("ETag", "\"2\"");
        assertThat(startedAgain.asByteArray()).isEqualTo(started.asByteArray());
        assertThat(endedAgain.asByteArray()).isEqualTo(ended.asByteArray());
        assertThat(tables.counts()).isEqualTo(before);
        assertThat(tables.eventTypes(p.placementId())).containsExactly("d2a.placement.started.v1", "d2a.placement.ended.v1");
        // The same key for another end is refused, and writes nothing either.
        given().contentType(ContentType.JSON).header("Idempotency-Key", endKey)
                .body(Map.of("endDate", today.minusDays(2).toString(), "endReason", "NO_ONGOING_SUPPORT"))
                .post("/placements/{id}/end", p.placementId()).then().statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void endsThatBreakTheRulesAreConflictsWithTheReasonAndWriteNothing() {
        LocalDate discharged = today.minusDays(10);
        Pending pending = fixtures.pending(ServiceType.SHORT_TERM_DOMCARE, discharged);
        Pending active = fixtures.pending(ServiceType.SHORT_TERM_DOMCARE, discharged);
        PlacementApi.start(active.placementId(), discharged.plusDays(2)).statusCode(200);
        Pending ended = fixtures.pending(ServiceType.SHORT_TERM_CARE_HOME, discharged);
        PlacementApi.start(ended.placementId(), discharged).statusCode(200);
        PlacementApi.end(ended.placementId(), today.minusDays(1), "LA_FUNDED_PLACEMENT").statusCode(200);
        Map<String, Long> before = tables.counts();

        PlacementApi.end(active.placementId(), discharged.plusDays(1), "OTHER").statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("before the start date " + discharged.plusDays(2)));
        PlacementApi.end(ended.placementId(), today, "DIED").statusCode(409).body("detail", containsString("already ended"))
                .body("code", org.hamcrest.Matchers.equalTo("placement-ended"));
        PlacementApi.end(pending.placementId(), today, "OTHER").statusCode(409).body("detail", containsString("not started"))
                .body("code", org.hamcrest.Matchers.equalTo("placement-not-started"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void followUpsThatBreakTheRulesAreConflictsWithTheReasonAndWriteNothing() {
        LocalDate recent = today.minusDays(30);
        Pending notDue = fixtures.pending(ServiceType.REABLEMENT_HOME, recent);
        PlacementApi.start(notDue.placementId(), recent).statusCode(200);
        LocalDate longAgo = today.minusDays(120);
        Pending careHome = fixtures.pending(ServiceType.SHORT_TERM_CARE_HOME, longAgo);
        PlacementApi.start(careHome.placementId(), today.minusDays(90)).statusCode(200);
        Pending done = fixtures.pending(ServiceType.BEDDED_REHAB, longAgo);
        PlacementApi.start(done.placementId(), today.minusDays(90)).statusCode(200);
        PlacementApi.followUp(done.placementId(), "IN_HOSPITAL").statusCode(200);
        Pending pending = fixtures.pending(ServiceType.REABLEMENT_HOME, longAgo);
        Map<String, Long> before = tables.counts();

        PlacementApi.followUp(notDue.placementId(), "AT_HOME").statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("not due until " + recent.plusDays(91)));
        PlacementApi.followUp(careHome.placementId(), "AT_HOME").statusCode(409)
                .body("detail", containsString("only for reablement and rehabilitation"));
        PlacementApi.followUp(done.placementId(), "AT_HOME").statusCode(409).body("detail", containsString("already recorded"));
        PlacementApi.followUp(pending.placementId(), "AT_HOME").statusCode(409).body("detail", containsString("not started"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void theFollowUpIsTakenOncePerReferralWhicheverPlacementCarriesIt() {
        LocalDate discharged = today.minusDays(100);
        PlacementFixtures.StepDown placements = fixtures.steppedDown(discharged, discharged.plusDays(10), discharged.plusDays(20));
        String bedded = placements.bedded();
        String stepDown = placements.home();

        PlacementApi.followUp(stepDown, "AT_HOME").statusCode(200);
        PlacementApi.followUp(bedded, "AT_HOME").statusCode(409).body("detail", containsString("on placement " + stepDown));
    }

    @Test
    void aReleasedClaimCancelsItsPendingPlacementButNotAStartedOne() {
        LocalDate discharged = today.minusDays(1);
        Pending pending = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);
        Pending started = fixtures.pendingAt(pending.serviceId(), discharged);
        PlacementApi.start(started.placementId(), discharged).statusCode(200);

        fixtures.release(pending, "referral withdrawn");
        fixtures.release(started, "placement ended");

        PlacementApi.get(pending.placementId()).statusCode(200).body("status", equalTo("CANCELLED"))
                .body("cancelledReason", equalTo("referral withdrawn"));
        PlacementApi.start(pending.placementId(), discharged).statusCode(409).body("detail", containsString("released"));
        PlacementApi.get(started.placementId()).statusCode(200).body("status", equalTo("ACTIVE")).body("cancelledReason", nullValue());
    }

    @Test
    void anUnknownPlacementIsNotFound() {
        String unknown = UUID.randomUUID().toString();
        PlacementApi.get(unknown).statusCode(404).contentType("application/problem+json").body("detail", containsString(unknown));
        PlacementApi.start(unknown, today).statusCode(404).contentType("application/problem+json");
        PlacementApi.end(unknown, today, "OTHER").statusCode(404);
        PlacementApi.followUp(unknown, "AT_HOME").statusCode(404);
    }

    @Test
    void listsFilterByStatusServiceServiceTypeAndReferralWithPaging() {
        LocalDate discharged = today.minusDays(6);
        String home = fixtures.service(ServiceType.REHAB_HOME);
        Pending pending = fixtures.pendingAt(home, discharged);
        Pending active = fixtures.pendingAt(home, discharged);
        PlacementApi.start(active.placementId(), discharged).statusCode(200);
        Pending ended = fixtures.pendingAt(home, discharged);
        PlacementApi.start(ended.placementId(), discharged).statusCode(200);
        PlacementApi.end(ended.placementId(), today, "READMITTED").statusCode(200);

        given().queryParam("serviceId", home).get("/placements").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.placementId", equalTo(List.of(ended.placementId(), active.placementId(), pending.placementId())))
                .body("items[0].dischargeDate", equalTo(discharged.toString()));
        given().queryParam("serviceId", home).queryParam("status", "ACTIVE").get("/placements").then()
                .body("items.placementId", equalTo(List.of(active.placementId())));
        given().queryParam("serviceId", home).queryParam("status", "PENDING").get("/placements").then()
                .body("items.placementId", equalTo(List.of(pending.placementId())));
        given().queryParam("serviceId", home).queryParam("serviceType", "REHAB_HOME").get("/placements").then().body("total", equalTo(3));
        given().queryParam("serviceId", home).queryParam("serviceType", "BEDDED_REHAB").get("/placements").then().body("total", equalTo(0));
        given().queryParam("referralId", active.referralId()).get("/placements").then()
                .body("items.placementId", equalTo(List.of(active.placementId())));
        given().queryParam("serviceId", home).queryParam("size", 2).queryParam("page", 1).get("/placements").then()
                .body("items", hasSize(1)).body("page", equalTo(1)).body("size", equalTo(2)).body("total", equalTo(3));
        given().queryParam("serviceType", "REHAB_HOME").queryParam("status", "ENDED").get("/placements").then()
                .body("items.serviceType", org.hamcrest.Matchers.everyItem(equalTo("REHAB_HOME")))
                .body("items.status", org.hamcrest.Matchers.everyItem(equalTo("ENDED")));
    }
}
