package org.d2aflow.metrics.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.d2aflow.testkit.Traces.assertChildOf;
import static org.d2aflow.testkit.Traces.childOf;
import static org.d2aflow.testkit.Traces.span;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
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

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TopicWriter;
import org.d2aflow.testkit.Traces;
import org.junit.jupiter.api.Test;

/**
 * Across the real broker: a record that carries a W3C {@code traceparent} (as every relay of the suite sends) is
 * applied by the projection serving figures in a CONSUMER span, its child, and the figure update in a span of its own
 * under that one.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class TracedFigureUpdateTest {

    private static final String SOURCE = "/d2a/referral-service";

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Tracer tracer;

    @Test
    void aDischargeOnTheLogUpdatesTheFiguresInTheTraceOfTheRequestThatRecordedIt() {
        String id = UUID.randomUUID().toString();
        TopicWriter.publish(envelope(1, new ReferralSubmitted(id, "7ace" + id.replace("-", ""), 81, Sex.FEMALE, "East", "County Hospital",
                LocalDate.of(2015, 4, 1), UsualResidence.PRIVATE_HOME)));
        // referral-service's relay, played by the test: its PRODUCER span sent the discharge.
        Span relay = tracer.spanBuilder("d2a.referrals publish (referral-service, played by the test)").setSpanKind(SpanKind.PRODUCER).startSpan();
        relay.end();
        String trace = relay.getSpanContext().getTraceId();
        TopicWriter.publish(envelope(2, new PatientDischarged(id, LocalDate.of(2015, 4, 6), "19", "1", 81)),
                Traces.headersOf(relay.getSpanContext()));

        // Other tests of this JVM share the broker and may date facts in the same month: the referral is looked for by id.
        Map<String, String> period = Map.of("from", "2015-04-01", "to", "2015-04-30");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParams(period)
                .get("/figures/discharge-to-usual-residence/drill-down").then().statusCode(200).body("referrals.numerator", hasItem(id)));

        SpanData consumed = Traces.await(spans, "the projection's CONSUMER span of the discharge",
                span(SpanKind.CONSUMER, trace, Topics.REFERRALS));
        assertChildOf(consumed, spanData(relay));
        assertThat(consumed.getAttributes().asMap().toString()).contains("metrics-service");
        SpanData update = Traces.await(spans, "the figure update", span(SpanKind.INTERNAL, trace, "d2a.figures update")
                .and(childOf(consumed.getSpanId())));
        assertChildOf(update, consumed);
        assertThat(update.getAttributes().asMap().toString()).contains("d2a.referral.patient-discharged", "d2a.figures.changed=true");
    }

    private SpanData spanData(Span span) {
        return Traces.await(spans, "the test's own span", s -> s.getSpanId().equals(span.getSpanContext().getSpanId()));
    }

    private static EventEnvelope<D2aEvent> envelope(long version, D2aEvent event) {
        return EventEnvelope.of(UUID.randomUUID().toString(), SOURCE, Instant.now().truncatedTo(ChronoUnit.MICROS), version, event);
    }
}
