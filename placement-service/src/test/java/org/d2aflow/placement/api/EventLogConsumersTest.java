package org.d2aflow.placement.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.d2aflow.placement.PlacementFixtures.today;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.kit.deadletter.DeadLetters;
import org.d2aflow.placement.Broker;
import org.d2aflow.placement.Events;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.placement.Tables;
import org.d2aflow.placement.infrastructure.messaging.CapacityEventsConsumer;
import org.d2aflow.placement.infrastructure.messaging.ReferralEventsConsumer;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;
import org.d2aflow.kit.messaging.ProcessedEvents;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;

/** The two consumers over the real broker: facts in any order, duplicates, poison records. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class EventLogConsumersTest {

    private static final Duration CONSUMED = Duration.ofSeconds(60);

    @Inject
    Tables tables;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    MeterRegistry registry;

    private final LocalDate today = today();

    private static void awaitPlacement(String id, java.util.function.Consumer<ValidatableResponse> check) {
        await().atMost(CONSUMED).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> check.accept(PlacementApi.get(id).statusCode(200)));
    }

    @Test
    void aClaimThatArrivesBeforeTheDischargeCanStartOnceTheDischargeArrives() {
        String serviceId = Events.newId();
        String referralId = Events.newId();
        String claimId = Events.newId();
        Broker.publish(Events.serviceRegistered(serviceId, ServiceType.BEDDED_REABLEMENT));
        Broker.publish(Events.claimed(serviceId, claimId, referralId, today));
        awaitPlacement(claimId, r -> r.body("status", equalTo("PENDING")));

        PlacementApi.start(claimId, today).statusCode(409).body("detail", containsString("not been discharged"));

        Broker.publish(Events.submitted(referralId, 91, today.minusDays(20)));
        Broker.publish(Events.dischargedHome(referralId, today.minusDays(1)));
        awaitPlacement(claimId, r -> r.body("dischargeDate", equalTo(today.minusDays(1).toString())).body("ageAtAdmission", equalTo(91)));
        PlacementApi.start(claimId, today.minusDays(1)).statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void aClaimThatArrivesBeforeItsServiceRegistrationTakesTheServiceTypeWhenItComes() {
        String serviceId = Events.newId();
        String referralId = Events.newId();
        String claimId = Events.newId();
        Broker.publish(Events.submitted(referralId, 70, today.minusDays(9)));
        Broker.publish(Events.dischargedHome(referralId, today.minusDays(2)));
        Broker.publish(Events.claimed(serviceId, claimId, referralId, today.minusDays(2)));
        awaitPlacement(claimId, r -> r.body("status", equalTo("PENDING")).body("dischargeDate", equalTo(today.minusDays(2).toString())));

        PlacementApi.get(claimId).body("serviceType", nullValue());
        PlacementApi.start(claimId, today.minusDays(2)).statusCode(409).body("detail", containsString("not known here yet"));

        Broker.publish(Events.serviceRegistered(serviceId, ServiceType.REHAB_HOME));
        awaitPlacement(claimId, r -> r.body("serviceType", equalTo("REHAB_HOME")));
        PlacementApi.start(claimId, today.minusDays(2)).statusCode(200).body("serviceType", equalTo("REHAB_HOME"));
    }

    @Test
    void dischargeCorrectionsVoidsAndReadyDateCorrectionsAreAppliedWithoutDeadLetters() {
        String serviceId = Events.newId();
        String referralId = Events.newId();
        String claimId = Events.newId();
        Broker.publish(Events.serviceRegistered(serviceId, ServiceType.REABLEMENT_HOME));
        Broker.publish(Events.claimed(serviceId, claimId, referralId, today.minusDays(80)));
        EventEnvelope<D2aEvent> discharge = Broker.publish(Events.dischargedHome(referralId, today.minusDays(80)));
        awaitPlacement(claimId, r -> r.body("dischargeDate", equalTo(today.minusDays(80).toString())));

        EventEnvelope<D2aEvent> corrected = Broker.publish(Events.dischargeCorrected(referralId, discharge.id(), today.minusDays(95)));
        awaitPlacement(claimId, r -> r.body("dischargeDate", equalTo(today.minusDays(95).toString()))
                .body("followUpDueDate", equalTo(today.minusDays(4).toString())));
        EventEnvelope<D2aEvent> readyDate = Broker.publish(Events.readyDateCorrected(referralId, Events.newId(), today.minusDays(97)));
        EventEnvelope<D2aEvent> voided = Broker.publish(Events.dischargeVoided(referralId, corrected.id()));
        awaitPlacement(claimId, r -> r.body("dischargeDate", nullValue()).body("dischargeVoidedAt", org.hamcrest.Matchers.notNullValue()));

        PlacementApi.start(claimId, today).statusCode(409).body("code", equalTo("not-discharged"));
        for (EventEnvelope<D2aEvent> e : List.of(corrected, readyDate, voided)) {
            assertThat(tables.processed(ReferralEventsConsumer.CONSUMER, e.id())).as(e.type()).isEqualTo(1);
        }
        assertThat(Broker.deadLetters(referralId, 1, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void aDuplicatedDeliveryChangesNothing() {
        String serviceId = Events.newId();
        String referralId = Events.newId();
        String claimId = Events.newId();
        Broker.publish(Events.serviceRegistered(serviceId, ServiceType.REABLEMENT_HOME));
        EventEnvelope<D2aEvent> claim = Broker.publish(Events.claimed(serviceId, claimId, referralId, today));
        EventEnvelope<D2aEvent> discharge = Broker.publish(Events.dischargedHome(referralId, today.minusDays(1)));
        awaitPlacement(claimId, r -> r.body("status", equalTo("PENDING")).body("dischargeDate", equalTo(today.minusDays(1).toString())));
        PlacementApi.start(claimId, today).statusCode(200);
        Map<String, Object> before = PlacementApi.get(claimId).extract().path("");

        TopicWriter.publish(claim);
        TopicWriter.publish(discharge);
        // Markers on the same keys: once they are applied, so are the duplicates ahead of them on their partitions.
        String markerClaim = Events.newId();
        Broker.publish(Events.claimed(serviceId, markerClaim, Events.newId(), today));
        EventEnvelope<D2aEvent> markerReferral = Broker.publish(new PathwayDecided(referralId, Pathway.P1, ServiceType.REABLEMENT_HOME,
                today.minusDays(3)));
        awaitPlacement(markerClaim, r -> r.body("status", equalTo("PENDING")));
        await().atMost(CONSUMED).until(() -> tables.processed(ReferralEventsConsumer.CONSUMER, markerReferral.id()) == 1);

        Map<String, Object> after = PlacementApi.get(claimId).extract().path("");
        assertThat(after).isEqualTo(before);
        assertThat(tables.processed(CapacityEventsConsumer.CONSUMER, claim.id())).isEqualTo(1);
        assertThat(tables.processed(ReferralEventsConsumer.CONSUMER, discharge.id())).isEqualTo(1);
    }

    @Test
    void poisonRecordsAreDeadLetteredAndTheNextClaimIsStillApplied() {
        // Registered at zero when the application started, so these exist before the first dead letter.
        double sentBefore = registry.get("d2a.dead.letters").tags("consumer", CapacityEventsConsumer.CONSUMER, "topic", Topics.CAPACITY)
                .counter().count();
        double countedBefore = registry.get("d2a.consumer.dead.letters").tags("consumer", CapacityEventsConsumer.CONSUMER).counter().count();
        String serviceId = Events.newId();
        TopicWriter.publishRaw(Topics.CAPACITY, serviceId, Map.of(), "{not a cloud event");
        TopicWriter.publishRaw(Topics.CAPACITY, serviceId, Map.of(
                "ce_specversion", "1.0", "ce_id", Events.newId(), "ce_source", Events.CAPACITY_SOURCE,
                "ce_type", "d2a.capacity.claimed.v1", "ce_time", java.time.Instant.now().toString(), "ce_subject", serviceId,
                "ce_streamversion", "1", "content-type", "application/json"),
                "{\"serviceId\": \"" + serviceId + "\", \"referralId\": \"r\", \"startDate\": \"" + today + "\"}");
        Broker.publish(Events.serviceRegistered(serviceId, ServiceType.REABLEMENT_HOME));
        String claimId = Events.newId();
        Broker.publish(Events.claimed(serviceId, claimId, Events.newId(), today));

        awaitPlacement(claimId, r -> r.body("status", equalTo("PENDING")).body("serviceType", equalTo("REABLEMENT_HOME")));
        List<ConsumerRecord<String, byte[]>> dead = Broker.deadLetters(serviceId, 2, CONSUMED);
        assertThat(dead).hasSize(2);
        assertThat(dead).extracting(r -> Broker.header(r, DeadLetters.CONSUMER)).containsOnly(CapacityEventsConsumer.CONSUMER);
        assertThat(dead).extracting(r -> Broker.header(r, DeadLetters.ORIGIN_TOPIC)).containsOnly(Topics.CAPACITY);
        assertThat(Broker.header(dead.get(1), DeadLetters.ERROR)).contains("claimId");
        assertThat(registry.get("d2a.dead.letters").tags("consumer", CapacityEventsConsumer.CONSUMER, "topic", Topics.CAPACITY).counter().count())
                .as("dead letters sent by the consumer").isEqualTo(sentBefore + 2);
        assertThat(registry.get("d2a.consumer.dead.letters").tags("consumer", CapacityEventsConsumer.CONSUMER).counter().count())
                .isEqualTo(countedBefore + 2);
    }

    @Test
    void theDelayFromRecordedToProjectedIsTimedPerConsumerAndTopic() {
        io.micrometer.core.instrument.Timer delay = registry.get("d2a.projection.delay")
                .tags("consumer", CapacityEventsConsumer.CONSUMER, "topic", Topics.CAPACITY).timer();
        long countBefore = delay.count();
        double secondsBefore = delay.totalTime(java.util.concurrent.TimeUnit.SECONDS);
        String serviceId = Events.newId();
        // Recorded 40 s ago (a relay that was held up): the delay measured is from that time, not from the record's arrival.
        TopicWriter.publish(EventEnvelope.of(Events.newId(), Events.CAPACITY_SOURCE, java.time.Instant.now().minusSeconds(40), 1,
                Events.serviceRegistered(serviceId, ServiceType.REABLEMENT_HOME)));
        String claimId = Events.newId();
        Broker.publish(Events.claimed(serviceId, claimId, Events.newId(), today));

        awaitPlacement(claimId, r -> r.body("status", equalTo("PENDING")));
        await().atMost(CONSUMED).untilAsserted(() -> assertThat(delay.count()).isGreaterThanOrEqualTo(countBefore + 2));
        double seconds = delay.totalTime(java.util.concurrent.TimeUnit.SECONDS) - secondsBefore;
        assertThat(seconds).as("the old event's 40 s and the new one's moment, summed").isGreaterThanOrEqualTo(40.0);
        assertThat(delay.max(java.util.concurrent.TimeUnit.SECONDS)).as("the old event's delay").isBetween(40.0, 100.0);
    }

    @Test
    void aBurstIsAppliedInBatchesEachEventOnceAndInOrder() {
        String serviceId = Events.newId();
        Broker.publish(Events.serviceRegistered(serviceId, ServiceType.REABLEMENT_HOME));
        DistributionSummary batches = registry.summary("d2a.consumer.batch.size", "consumer", CapacityEventsConsumer.CONSUMER);
        long batchesBefore = batches.count();
        double recordsBefore = batches.totalAmount();

        List<EventEnvelope<D2aEvent>> burst = new ArrayList<>();
        List<String> claimIds = new ArrayList<>();
        long version = 1;
        for (int i = 0; i < 40; i++) {
            String claimId = Events.newId();
            claimIds.add(claimId);
            burst.add(EventEnvelope.of(Events.newId(), Events.CAPACITY_SOURCE, Instant.now(), ++version,
                    Events.claimed(serviceId, claimId, Events.newId(), today)));
        }
        // A release right behind its claim (applied before the claim it would find nothing to cancel), and a claim
        // delivered a second time in the middle of the burst.
        burst.add(11, EventEnvelope.of(Events.newId(), Events.CAPACITY_SOURCE, Instant.now(), ++version,
                Events.released(serviceId, claimIds.get(10), "withdrawn")));
        burst.add(25, burst.get(3));
        TopicWriter.publishAll(burst);

        for (String claimId : claimIds) {
            awaitPlacement(claimId, r -> r.body("serviceType", equalTo("REABLEMENT_HOME")));
        }
        awaitPlacement(claimIds.get(10), r -> r.body("status", equalTo("CANCELLED")));
        assertThat(PlacementApi.get(claimIds.get(11)).extract().<String>path("status")).isEqualTo("PENDING");
        assertThat(tables.processed(CapacityEventsConsumer.CONSUMER, burst.get(3).id())).isEqualTo(1);
        assertThat(batches.totalAmount() - recordsBefore).as("records that went through the batch path")
                .isGreaterThan(batches.count() - batchesBefore);
    }

    @Test
    void firstDeliveriesRecordsABatchInOneStatementAndAnswersOnlyTheNewIds() {
        String a = Events.newId();
        String b = Events.newId();
        String c = Events.newId();
        String consumer = "test.batch";

        assertThat(QuarkusTransaction.requiringNew().call(() -> processedEvents.firstDeliveries(consumer, List.of(a, b, a))))
                .containsExactlyInAnyOrder(a, b);
        assertThat(QuarkusTransaction.requiringNew().call(() -> processedEvents.firstDeliveries(consumer, List.of(b, c))))
                .containsExactly(c);
        assertThat(QuarkusTransaction.requiringNew().call(() -> processedEvents.firstDeliveries("test.other", List.of(a))))
                .as("per consumer").containsExactly(a);

        String rolledBack = Events.newId();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                assertThat(processedEvents.firstDeliveries(consumer, List.of(rolledBack))).containsExactly(rolledBack);
                throw new IllegalStateException("the batch failed");
            });
        } catch (IllegalStateException expected) {
            // the ids go with the transaction that applied them
        }
        assertThat(tables.processed(consumer, rolledBack)).isZero();
        assertThat(QuarkusTransaction.requiringNew().call(() -> processedEvents.firstDeliveries(consumer, List.<String>of()))).isEqualTo(Set.of());
    }
}
