package org.d2aflow.capacity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.d2aflow.capacity.Referrals.aReferral;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.EventLog;
import org.d2aflow.capacity.Referrals.Story;
import org.d2aflow.capacity.Tables;
import org.d2aflow.capacity.Today;
import org.d2aflow.capacity.infrastructure.messaging.PlacementEventsConsumer;
import org.d2aflow.capacity.infrastructure.messaging.ReferralEventsConsumer;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.kit.deadletter.DeadLetters;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TopicReader;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;

/** Across the real broker: what capacity-service takes from d2a.referrals and d2a.placements, and what it puts on d2a.capacity. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class CapacityEventsOnKafkaTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static final ServiceType HOME = ServiceType.REABLEMENT_HOME;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Tables tables;

    private final LocalDate today = Today.date();
    private final String locality = CapacityApi.freshLocality();

    @Test
    void aPathwayOneDecisionJoinsTheWaitingListAClaimTakesItOffAndAnEndedPlacementFreesTheUnit() {
        String service = CapacityApi.serviceWith(HOME, locality, 1);
        String referral = UUID.randomUUID().toString();
        Story story = aReferralWithId(referral);
        for (EventEnvelope<D2aEvent> e : story.envelopes()) {
            TopicWriter.publish(e);
        }

        await().atMost(WAIT).untilAsserted(() -> CapacityApi.waitingList(HOME, locality).body("items.referralId", equalTo(List.of(referral))));

        String claim = CapacityApi.claim(service, referral).statusCode(201).extract().path("id");
        CapacityApi.waitingList(HOME, locality).body("total", equalTo(0));
        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> claimed = TopicReader.read(Topics.CAPACITY, service, WAIT,
                found -> found.stream().anyMatch(r -> r.value().event() instanceof CapacityClaimed));
        CapacityClaimed event = (CapacityClaimed) claimed.get(claimed.size() - 1).value().event();
        assertThat(event).isEqualTo(new CapacityClaimed(service, claim, referral, today, DefaultToken.TEST_ORG));
        assertThat(EventLog.header(claimed.get(0), "ce_source")).isEqualTo("/d2a/capacity-service");
        assertThat(EventLog.header(claimed.get(0), "ce_subject")).isEqualTo(service);
        assertThat(CapacityApi.occupiedToday(service)).isEqualTo(1);

        // placement-service started a placement from the claim (placement id = claim id) and ends it.
        TopicWriter.publish(EventLog.PLACEMENT_SERVICE, 1, new PlacementStarted(referral, claim, service, HOME, today));
        TopicWriter.publish(EventLog.PLACEMENT_SERVICE, 2, new PlacementEnded(referral, claim, today, EndReason.NO_ONGOING_SUPPORT));

        await().atMost(WAIT).until(() -> CapacityApi.occupiedToday(service) == 0);
        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> all = TopicReader.read(Topics.CAPACITY, service, WAIT,
                found -> found.stream().anyMatch(r -> r.value().event() instanceof CapacityReleased));
        assertThat(all).extracting(r -> r.value().type()).containsExactly("d2a.capacity.service-registered.v1",
                "d2a.capacity.capacity-set.v1", "d2a.capacity.claimed.v1", "d2a.capacity.released.v1");
        assertThat(all).extracting(r -> r.value().streamVersion()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(all.get(3).value().event()).isEqualTo(new CapacityReleased(service, claim, "placement ended: NO_ONGOING_SUPPORT", today));
        given().get("/services/{id}/claims/{claim}", service, claim).then().body("status", equalTo("RELEASED"));
        // The referral got its service: it does not go back on the waiting list.
        CapacityApi.waitingList(HOME, locality).body("total", equalTo(0));
    }

    @Test
    void aWithdrawalReleasesTheClaimTheReferralHolds() {
        String service = CapacityApi.serviceWith(HOME, locality, 1);
        Story story = aReferral().inLocality(locality).decidedFor(HOME);
        feed(story);
        String claim = CapacityApi.claim(service, story.id()).statusCode(201).extract().path("id");

        feed(story.withdrawn("Transferred to another trust"));

        given().get("/services/{id}/claims/{claim}", service, claim).then().body("status", equalTo("RELEASED"))
                .body("releaseReason", equalTo("referral withdrawn: Transferred to another trust"));
        assertThat(CapacityApi.occupiedToday(service)).isZero();
        assertThat(TopicReader.read(Topics.CAPACITY, service, WAIT, found -> found.size() >= 4))
                .extracting(r -> r.value().type()).last().isEqualTo("d2a.capacity.released.v1");
    }

    @Test
    void aDuplicatedDeliveryOfTheSameEventChangesNothing() {
        String service = CapacityApi.serviceWith(HOME, locality, 0);
        Story story = aReferral().inLocality(locality).decidedFor(HOME);
        List<EventEnvelope<D2aEvent>> decision = feed(story);
        CapacityApi.decline(service, story.id(), "No capacity: referred elsewhere").statusCode(201);
        Map<String, Long> before = tables.counts();

        // Applied again, the decision would put the declined referral back on the list; it must be recognised and skipped.
        EventLog.publish(List.of(decision.get(decision.size() - 1)));
        EventEnvelope<D2aEvent> marker = EventLog.publish(EventLog.REFERRAL_SERVICE, 3, new DischargeReadyDateSet(story.id(), today));
        tables.awaitApplied(ReferralEventsConsumer.CONSUMER, marker.id());

        CapacityApi.waitingList(HOME, locality).body("total", equalTo(0));
        assertThat(tables.counts()).isEqualTo(before);
        assertThat(tables.count("SELECT count(*) FROM processed_event WHERE event_id = ?1", decision.get(decision.size() - 1).id()))
                .isEqualTo(1);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndALaterEventIsStillApplied() {
        String referral = UUID.randomUUID().toString();
        EventLog.publishRaw(Topics.REFERRALS, referral, Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                "ce_type", "d2a.referral.submitted.v1", "ce_source", EventLog.REFERRAL_SERVICE), "{not json");
        feed(aReferralWithId(referral));

        CapacityApi.waitingList(HOME, locality).body("items.referralId", equalTo(List.of(referral)));
        List<ConsumerRecord<String, byte[]>> dead = EventLog.readRaw(Topics.DEAD_LETTER, referral, WAIT, found -> !found.isEmpty());
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(EventLog.header(dead.get(0), DeadLetters.CONSUMER)).isEqualTo(ReferralEventsConsumer.CONSUMER);
        assertThat(EventLog.header(dead.get(0), DeadLetters.ORIGIN_TOPIC)).isEqualTo(Topics.REFERRALS);
        assertThat(EventLog.header(dead.get(0), DeadLetters.ERROR)).isNotBlank();
    }

    @Test
    void placementEventsOfUnknownClaimsAndOtherTypesChangeNothing() {
        String referral = UUID.randomUUID().toString();
        Map<String, Long> before = tables.counts();

        EventLog.publish(EventLog.envelopes(EventLog.PLACEMENT_SERVICE, 1, List.of(
                new PlacementStarted(referral, UUID.randomUUID().toString(), UUID.randomUUID().toString(), HOME, today),
                new PlacementEnded(referral, UUID.randomUUID().toString(), today, EndReason.DIED))));
        EventEnvelope<D2aEvent> last = EventLog.publish(EventLog.PLACEMENT_SERVICE, 3,
                new FollowUpRecorded(referral, UUID.randomUUID().toString(), Day91Status.AT_HOME));
        tables.awaitApplied(PlacementEventsConsumer.CONSUMER, last.id());

        assertThat(tables.counts()).isEqualTo(before);
    }

    // --- two clocks: business dates on the topic, corrections from referral-service -------------------------

    @Test
    void aClaimAndADeclineEnteredLateReachTheCapacityTopicWithTheirBusinessDatesAndAnEndedPlacementReleasesOnItsEndDate() {
        String service = CapacityApi.serviceWith(HOME, locality, 1, today.minusDays(30));
        Story claimed = aReferral().inLocality(locality).decidedFor(HOME, today.minusDays(20));
        Story declined = aReferral().inLocality(locality).decidedFor(HOME, today.minusDays(20));
        feed(claimed);
        feed(declined);

        String claim = CapacityApi.claim(service, claimed.id(), today.minusDays(14)).statusCode(201).extract().path("id");
        CapacityApi.decline(service, declined.id(), "No capacity that week: referred elsewhere", today.minusDays(12)).statusCode(201);
        // placement-service ended the placement made from the claim two days ago, entered today.
        TopicWriter.publish(EventLog.PLACEMENT_SERVICE, 1, new PlacementStarted(claimed.id(), claim, service, HOME, today.minusDays(14)));
        TopicWriter.publish(EventLog.PLACEMENT_SERVICE, 2, new PlacementEnded(claimed.id(), claim, today.minusDays(2), EndReason.NO_ONGOING_SUPPORT));

        List<CapacityEvent> events = TopicReader.read(Topics.CAPACITY, service, WAIT,
                found -> found.stream().anyMatch(r -> r.value().event() instanceof CapacityReleased)).stream()
                .map(r -> (CapacityEvent) r.value().event()).toList();
        assertThat(events).contains(new CapacityClaimed(service, claim, claimed.id(), today.minusDays(14), DefaultToken.TEST_ORG),
                new CapacityDeclined(service, declined.id(), HOME, locality, "No capacity that week: referred elsewhere", today.minusDays(12)),
                new CapacityReleased(service, claim, "placement ended: NO_ONGOING_SUPPORT", today.minusDays(2)));
        // The unit was held up to the day before the placement ended, and is free on the end date.
        CapacityApi.availability(service, today.minusDays(15), today.minusDays(14)).body("days.occupied", equalTo(List.of(0, 1)));
        CapacityApi.availability(service, today.minusDays(3), today.minusDays(2)).body("days.occupied", equalTo(List.of(1, 0)));
        given().get("/services/{id}/claims/{claim}", service, claim).then().body("releasedOn", equalTo(today.minusDays(2).toString()));
    }

    @Test
    void aVoidedDischargePutsAWaitingReferralBackOnTheListButNotADeclinedOne() {
        String service = CapacityApi.serviceWith(HOME, locality, 0);
        Story waiting = aReferral().inLocality(locality).decidedFor(HOME);
        Story declined = aReferral().inLocality(locality).decidedFor(HOME);
        feed(waiting);
        feed(declined);
        CapacityApi.decline(service, declined.id(), "No capacity").statusCode(201);
        String dischargeOfWaiting = feed(waiting.discharged(today)).get(0).id();
        String dischargeOfDeclined = feed(declined.discharged(today)).get(0).id();
        CapacityApi.waitingList(HOME, locality).body("total", equalTo(0));

        feed(waiting.dischargeVoided(dischargeOfWaiting));
        feed(declined.dischargeVoided(dischargeOfDeclined));

        CapacityApi.waitingList(HOME, locality).body("items.referralId", equalTo(List.of(waiting.id())));
        assertThat(tables.count("SELECT count(*) FROM referral_demand WHERE referral_id IN (?1, ?2) AND discharge_date IS NULL",
                waiting.id(), declined.id())).isEqualTo(2);
    }

    @Test
    void aCorrectedDischargeDateReplacesTheOriginalAndTheReferralStaysOffTheList() {
        Story story = aReferral().inLocality(locality).decidedFor(HOME);
        feed(story);
        String discharge = feed(story.discharged(today.minusDays(1))).get(0).id();

        List<EventEnvelope<D2aEvent>> correction = feed(story.dischargeCorrected(discharge, today.minusDays(3)));

        assertThat(tables.applied(ReferralEventsConsumer.CONSUMER, correction.get(0).id())).isTrue();
        assertThat(tables.count("SELECT count(*) FROM referral_demand WHERE referral_id = ?1 AND discharge_date = ?2", story.id(),
                today.minusDays(3))).isEqualTo(1);
        CapacityApi.waitingList(HOME, locality).body("total", equalTo(0));
    }

    @Test
    void aCorrectedDischargeReadyDateReordersTheWaitingList() {
        Story first = aReferral().inLocality(locality).readyOn(today.minusDays(5)).decidedFor(HOME);
        Story second = aReferral().inLocality(locality).readyOn(today.minusDays(3)).decidedFor(HOME);
        String firstReadyDate = feed(first).get(1).id();
        feed(second);
        CapacityApi.waitingList(HOME, locality).body("items.referralId", equalTo(List.of(first.id(), second.id())));

        feed(first.readyDateCorrected(firstReadyDate, today.minusDays(1)));

        CapacityApi.waitingList(HOME, locality).body("items.referralId", equalTo(List.of(second.id(), first.id())))
                .body("items[1].dischargeReadyDate", equalTo(today.minusDays(1).toString()));
    }

    private Story aReferralWithId(String referralId) {
        return aReferral(referralId).inLocality(locality).readyOn(today.minusDays(2)).decidedFor(HOME);
    }

    private List<EventEnvelope<D2aEvent>> feed(Story story) {
        List<EventEnvelope<D2aEvent>> envelopes = story.envelopes();
        EventLog.publish(envelopes);
        tables.awaitReferralEvents(envelopes);
        return envelopes;
    }
}
