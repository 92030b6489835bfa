package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.d2aflow.placement.PlacementFixtures.today;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.placement.Broker;
import org.d2aflow.placement.Events;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * Across the real broker, placement-service's half of "claim → pending placement → start → end, and the unit
 * is freed": what capacity-service and referral-service publish becomes a pending placement, and starting and
 * ending it puts placement.started and placement.ended on d2a.placements, keyed by referral, for the claim.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class PlacementEventsOnKafkaTest {

    @Test
    void aClaimOnTheLogBecomesAPlacementWhoseStartAndEndArePublishedForTheClaim() {
        LocalDate today = today();
        String serviceId = Events.newId();
        String referralId = Events.newId();
        String claimId = Events.newId();
        LocalDate discharged = today.minusDays(8);

        Broker.publish(Events.serviceRegistered(serviceId, ServiceType.REABLEMENT_HOME));
        Broker.publish(Events.claimed(serviceId, claimId, referralId, discharged));
        Broker.publish(Events.submitted(referralId, 79, discharged.minusDays(12)));
        Broker.publish(Events.dischargedHome(referralId, discharged));

        awaitPending(claimId, "REABLEMENT_HOME", discharged);
        given().queryParam("serviceId", serviceId).queryParam("status", "PENDING").get("/placements").then()
                .body("items.placementId", equalTo(List.of(claimId)));

        PlacementApi.start(claimId, discharged).statusCode(200);
        PlacementApi.end(claimId, today.minusDays(1), "NO_ONGOING_SUPPORT").statusCode(200);

        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> records = TopicReader.read(Topics.PLACEMENTS, referralId,
                Duration.ofSeconds(60), found -> found.size() >= 2);
        assertThat(records).extracting(r -> r.value().type()).containsExactly(PlacementStarted.TYPE, PlacementEnded.TYPE);
        assertThat(records).extracting(ConsumerRecord::key).containsOnly(referralId);
        assertThat(records).extracting(r -> r.value().streamVersion()).containsExactly(1L, 2L);
        assertThat(records.get(0).value().event())
                .isEqualTo(new PlacementStarted(referralId, claimId, serviceId, ServiceType.REABLEMENT_HOME, discharged));
        assertThat(records.get(1).value().event())
                .isEqualTo(new PlacementEnded(referralId, claimId, today.minusDays(1), EndReason.NO_ONGOING_SUPPORT));
        for (ConsumerRecord<String, EventEnvelope<D2aEvent>> r : records) {
            assertThat(header(r, "ce_source")).isEqualTo("/d2a/placement-service");
            assertThat(header(r, "ce_subject")).isEqualTo(referralId);
        }
    }

    @Test
    void aFollowUpEnteredLateWithItsDateAndItsCorrectionArePublishedNamingTheFactCorrected() {
        LocalDate today = today();
        String serviceId = Events.newId();
        String referralId = Events.newId();
        String claimId = Events.newId();
        LocalDate discharged = today.minusDays(120);
        LocalDate obtained = discharged.plusDays(93);
        Broker.publish(Events.serviceRegistered(serviceId, ServiceType.BEDDED_REABLEMENT));
        Broker.publish(Events.claimed(serviceId, claimId, referralId, discharged));
        Broker.publish(Events.dischargedHome(referralId, discharged));
        awaitPending(claimId, "BEDDED_REABLEMENT", discharged);

        PlacementApi.start(claimId, today.minusDays(90)).statusCode(200);
        PlacementApi.followUp(claimId, "AT_HOME", obtained).statusCode(200);
        PlacementApi.correctFollowUp(claimId, "CARE_HOME", obtained.minusDays(1), "Moved to a care home; status obtained a day earlier")
                .statusCode(200);

        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> records = TopicReader.read(Topics.PLACEMENTS, referralId,
                Duration.ofSeconds(60), found -> found.size() >= 3);
        assertThat(records).extracting(r -> r.value().type())
                .containsExactly(PlacementStarted.TYPE, FollowUpRecorded.TYPE, FollowUpCorrected.TYPE);
        assertThat(records.get(1).value().event()).isEqualTo(new FollowUpRecorded(referralId, claimId, Day91Status.AT_HOME, obtained));
        assertThat(records.get(2).value().event()).isEqualTo(new FollowUpCorrected(referralId, claimId, records.get(1).value().id(),
                Day91Status.CARE_HOME, obtained.minusDays(1), "Moved to a care home; status obtained a day earlier",
                PlacementApi.get(claimId).extract().<String>path("followUpCorrections[0].correctedBy")));
        assertThat(records.get(2).value().streamVersion()).isEqualTo(3);
        assertThat(header(records.get(2), "ce_subject")).isEqualTo(referralId);
        assertThat(records.get(2).value().time()).isAfter(records.get(1).value().time());
    }

    /** Waits until the claim is a pending placement of the type, discharged on the date. */
    private static void awaitPending(String claimId, String serviceType, LocalDate discharged) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> PlacementApi.get(claimId)
                .statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("serviceType", equalTo(serviceType))
                .body("dischargeDate", equalTo(discharged.toString())));
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
