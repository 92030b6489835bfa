package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.PlacementFixtures.today;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.placement.PlacementFixtures;
import org.d2aflow.placement.PlacementFixtures.Pending;
import org.d2aflow.placement.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * A follow-up recorded wrongly is corrected by a new fact naming the one it amends, who and why; the placement shows the
 * corrected follow-up and the audit of its corrections, and the original stays in its history.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class FollowUpCorrectionsTest {

    @Inject
    PlacementFixtures fixtures;

    @Inject
    Tables tables;

    private final LocalDate today = today();
    private final LocalDate discharged = today.minusDays(100);
    private final LocalDate day91 = discharged.plusDays(91);

    /** A reablement placement followed up as AT_HOME, obtained on day 91 + 2. */
    private Pending followedUp() {
        Pending p = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);
        PlacementApi.start(p.placementId(), discharged.plusDays(10)).statusCode(200);
        PlacementApi.followUp(p.placementId(), "AT_HOME", day91.plusDays(2)).statusCode(200);
        return p;
    }

    @Test
    void aCorrectionNamesTheFactInForceWhoAndWhyAndThePlacementShowsTheCorrectedFollowUp() {
        Pending p = followedUp();
        String recorded = PlacementApi.get(p.placementId()).extract().path("followUpEventId");
        String staff = "Bearer " + TestTokens.issuer().token(List.of("homefirst"), DefaultToken.TEST_ORG, "staff-jones", Instant.now(),
                Duration.ofMinutes(10));

        given().header("Authorization", staff).header("If-Match", "\"2\"").contentType(ContentType.JSON)
                .body(Map.of("day91Status", "CARE_HOME", "reason", "Status typed against the wrong person"))
                .post("/placements/{id}/follow-up/corrections", p.placementId())
                .then().statusCode(200).header("ETag", "\"3\"")
                .body("day91Status", equalTo("CARE_HOME"))
                .body("followUpObtainedOn", equalTo(day91.plusDays(2).toString()))
                .body("followUpEventId", not(equalTo(recorded)))
                .body("followUpCorrectedAt", notNullValue());

        PlacementApi.get(p.placementId()).statusCode(200)
                .body("history.type", equalTo(List.of("d2a.placement.started.v1", "d2a.placement.follow-up-recorded.v1",
                        "d2a.placement.follow-up-corrected.v1")))
                .body("history[1].data.day91Status", equalTo("AT_HOME"))
                .body("followUpCorrections", hasSize(1))
                .body("followUpCorrections[0].correctsEventId", equalTo(recorded))
                .body("followUpCorrections[0].correctedBy", equalTo("staff-jones"))
                .body("followUpCorrections[0].reason", equalTo("Status typed against the wrong person"))
                .body("followUpCorrections[0].day91Status", equalTo("CARE_HOME"))
                .body("followUpCorrections[0].recordedAt", notNullValue())
                .body("followUpCorrections[0].eventId", equalTo(PlacementApi.get(p.placementId()).extract().path("followUpEventId")));
        assertThat(tables.outboxTopics(p.referralId())).containsExactly(Topics.PLACEMENTS, Topics.PLACEMENTS, Topics.PLACEMENTS);
        given().queryParam("referralId", p.referralId()).get("/placements").then()
                .body("items[0].day91Status", equalTo("CARE_HOME"));
    }

    @Test
    void aSecondCorrectionNamesTheFirstAndMayMoveTheDate() {
        Pending p = followedUp();
        PlacementApi.correctFollowUp(p.placementId(), "CARE_HOME", null, "wrong person").statusCode(200);
        String firstCorrection = PlacementApi.get(p.placementId()).extract().path("followUpEventId");

        PlacementApi.correctFollowUp(p.placementId(), "CARE_HOME", day91, "obtained on day 91, entered two days later").statusCode(200)
                .body("followUpObtainedOn", equalTo(day91.toString()));

        PlacementApi.get(p.placementId()).body("followUpCorrections.correctsEventId[1]", equalTo(firstCorrection))
                .body("followUpCorrections.obtainedOn", equalTo(List.of(day91.plusDays(2).toString(), day91.toString())));
    }

    @Test
    void nothingToCorrectIsA409WithItsCodeAndWritesNothing() {
        Pending notFollowedUp = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);
        PlacementApi.start(notFollowedUp.placementId(), discharged.plusDays(10)).statusCode(200);
        Pending pending = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);
        Map<String, Long> before = tables.counts();

        PlacementApi.correctFollowUp(notFollowedUp.placementId(), "CARE_HOME", null, "wrong").statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("follow-up-not-recorded"))
                .body("detail", containsString("nothing to correct"));
        PlacementApi.correctFollowUp(pending.placementId(), "CARE_HOME", null, "wrong").statusCode(409)
                .body("code", equalTo("placement-not-started"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void theFollowUpIsCorrectedOnThePlacementThatCarriesIt() {
        PlacementFixtures.StepDown placements = fixtures.steppedDown(discharged, discharged.plusDays(10), discharged.plusDays(20));
        String first = placements.bedded();
        String second = placements.home();
        PlacementApi.followUp(second, "AT_HOME").statusCode(200);

        PlacementApi.correctFollowUp(first, "CARE_HOME", null, "wrong").statusCode(409).body("code", equalTo("follow-up-not-recorded"))
                .body("detail", containsString("recorded on placement " + second));
        PlacementApi.correctFollowUp(second, "CARE_HOME", null, "wrong").statusCode(200);
    }

    @Test
    void aStaleIfMatchIs412AndWritesNothing() {
        Pending p = followedUp();
        Map<String, Long> before = tables.counts();

        given().header("If-Match", "\"1\"").contentType(ContentType.JSON).body(Map.of("day91Status", "CARE_HOME", "reason", "wrong"))
                .post("/placements/{id}/follow-up/corrections", p.placementId())
                .then().statusCode(412).contentType("application/problem+json");
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void correctionsThatBreakTheRulesOfRecordingAre422NamingTheFieldAndWriteNothing() {
        Pending p = followedUp();
        Map<String, Long> before = tables.counts();

        PlacementApi.correctFollowUp(p.placementId(), "AT_HOME", null, "no change").statusCode(422)
                .contentType("application/problem+json").body("errors.field", equalTo(List.of("day91Status")))
                .body("errors[0].message", containsString("must change the status or obtainedOn"));
        PlacementApi.correctFollowUp(p.placementId(), "CARE_HOME", day91.minusDays(1), "earlier").statusCode(422)
                .body("errors.field", equalTo(List.of("obtainedOn"))).body("errors[0].message", containsString("day 91, " + day91));
        PlacementApi.correctFollowUp(p.placementId(), "CARE_HOME", today.plusDays(1), "later").statusCode(422)
                .body("errors.field", equalTo(List.of("obtainedOn")));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aCorrectionRetriedWithItsIdempotencyKeyIsWrittenOnce() {
        Pending p = followedUp();
        var first = given().header("Idempotency-Key", "corr-" + p.placementId()).contentType(ContentType.JSON)
                .body(Map.of("day91Status", "DIED", "reason", "died on day 88")).post("/placements/{id}/follow-up/corrections", p.placementId());
        first.then().statusCode(200);
        var again = given().header("Idempotency-Key", "corr-" + p.placementId()).contentType(ContentType.JSON)
                .body(Map.of("day91Status", "DIED", "reason", "died on day 88")).post("/placements/{id}/follow-up/corrections", p.placementId());

        again.then().statusCode(200).header("Idempotent-Replay", "true");
        assertThat(again.asByteArray()).isEqualTo(first.asByteArray());
        assertThat(tables.eventTypes(p.placementId())).containsExactly("d2a.placement.started.v1", "d2a.placement.follow-up-recorded.v1",
                "d2a.placement.follow-up-corrected.v1");
    }
}
