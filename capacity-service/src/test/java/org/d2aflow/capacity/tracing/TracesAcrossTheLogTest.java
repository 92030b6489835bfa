package org.d2aflow.capacity.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.d2aflow.capacity.Referrals.aReferral;
import static org.d2aflow.testkit.Traces.assertChildOf;
import static org.d2aflow.testkit.Traces.childOf;
import static org.d2aflow.testkit.Traces.span;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.EventLog;
import org.d2aflow.capacity.Referrals.Story;
import org.d2aflow.capacity.Today;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TopicReader;
import org.d2aflow.testkit.TopicWriter;
import org.d2aflow.testkit.Traces;
import org.junit.jupiter.api.Test;

/**
 * One trace across the real broker and database (issue 18): a record carrying a {@code traceparent} is applied in a
 * CONSUMER span that is its child; a REST request's transaction stores its context with the outbox row, and the
 * relay, later and in its own thread, publishes the row in a PRODUCER span that is the request's child and puts that
 * span's context on the record ({@code traceparent} and the CloudEvents {@code ce_traceparent}); and what a consumer
 * writes is published in a PRODUCER span that is the consumer span's child, so the trace goes on.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class TracesAcrossTheLogTest {

    private static final ServiceType HOME = ServiceType.REABLEMENT_HOME;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Tracer tracer;

    private final LocalDate today = Today.date();
    private final String locality = CapacityApi.freshLocality();

    @Test
    void aReferralIsConsumedAClaimIsPublishedAndAnEndedPlacementReleasesItAllInTraces() {
        String service = CapacityApi.serviceWith(HOME, locality, 1);
        String referral = UUID.randomUUID().toString();

        // referral-service's relay, played by the test: the decision reaches d2a.referrals with its PRODUCER span's context.
        Span referralRelay = tracer.spanBuilder("d2a.referrals publish (referral-service, played by the test)").setSpanKind(SpanKind.PRODUCER)
                .startSpan();
        referralRelay.end();
        Story story = aReferral(referral).inLocality(locality).readyOn(today.minusDays(2)).decidedFor(HOME);
        for (EventEnvelope<D2aEvent> e : story.envelopes()) {
            TopicWriter.publish(e, Traces.headersOf(referralRelay.getSpanContext()));
        }
        await().atMost(WAIT).untilAsserted(() -> CapacityApi.waitingList(HOME, locality).body("items.referralId", hasItem(referral)));
        String referralTrace = referralRelay.getSpanContext().getTraceId();
        List<SpanData> consumed = spansOf(referralTrace, SpanKind.CONSUMER, Topics.REFERRALS, story.envelopes().size());
        for (SpanData c : consumed) {
            assertThat(c.getParentSpanId()).isEqualTo(referralRelay.getSpanContext().getSpanId());
            assertThat(c.getAttributes().asMap().toString()).contains("capacity.referrals");
        }

        // The claim: POST (SERVER span) -> transaction -> outbox row -> relay (PRODUCER span, child) -> record headers.
        String claim = CapacityApi.claim(service, referral).statusCode(201).extract().path("id");
        ConsumerRecord<String, EventEnvelope<D2aEvent>> claimed = last(service, CapacityClaimed.class);
        String traceparent = EventLog.header(claimed, "traceparent");
        assertThat(EventLog.header(claimed, "ce_traceparent")).as("the CloudEvents distributed-tracing extension").isEqualTo(traceparent);
        String trace = Traces.traceId(traceparent);
        SpanData post = Traces.await(spans, "the server span of the claim", span(SpanKind.SERVER, trace, "POST"));
        assertThat(post.getName()).contains("/services/");
        SpanData published = Traces.await(spans, "the relay's span of the claim",
                span(SpanKind.PRODUCER, trace, Topics.CAPACITY).and(s -> s.getSpanId().equals(Traces.spanId(traceparent))));
        assertChildOf(published, post);
        assertThat(published.getAttributes().asMap().toString()).contains(claimed.value().id());
        assertThat(published.getEndEpochNanos()).isGreaterThan(post.getStartEpochNanos());

        // placement-service, played by the test, started a placement and ended it; the end continues the claim's trace.
        TopicWriter.publish(envelope(1, new PlacementStarted(referral, claim, service, HOME, today)));
        TopicWriter.publish(envelope(2, new PlacementEnded(referral, claim, today, EndReason.NO_ONGOING_SUPPORT)),
                Map.of("traceparent", traceparent));
        ConsumerRecord<String, EventEnvelope<D2aEvent>> released = last(service, CapacityReleased.class);
        SpanData ended = Traces.await(spans, "capacity-service consuming the placement's end",
                span(SpanKind.CONSUMER, trace, Topics.PLACEMENTS).and(childOf(published.getSpanId())));
        SpanData releasedSpan = Traces.await(spans, "the relay's span of the release",
                span(SpanKind.PRODUCER, trace, Topics.CAPACITY).and(s -> s.getSpanId().equals(Traces.spanId(EventLog.header(released, "traceparent")))));
        assertChildOf(releasedSpan, ended);
    }

    private List<SpanData> spansOf(String trace, SpanKind kind, String topic, int count) {
        await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream().filter(span(kind, trace, topic)).count() >= count);
        return spans.getFinishedSpanItems().stream().filter(span(kind, trace, topic)).toList();
    }

    private static ConsumerRecord<String, EventEnvelope<D2aEvent>> last(String service, Class<? extends D2aEvent> type) {
        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> found = TopicReader.read(Topics.CAPACITY, service, WAIT,
                records -> records.stream().anyMatch(r -> type.isInstance(r.value().event())));
        return found.stream().filter(r -> type.isInstance(r.value().event())).reduce((a, b) -> b).orElseThrow();
    }

    private static EventEnvelope<D2aEvent> envelope(long version, D2aEvent event) {
        return EventEnvelope.of(UUID.randomUUID().toString(), EventLog.PLACEMENT_SERVICE, Instant.now().truncatedTo(ChronoUnit.MICROS), version, event);
    }
}
