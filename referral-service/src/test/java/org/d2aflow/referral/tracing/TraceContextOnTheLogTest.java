package org.d2aflow.referral.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.quarkus.arc.Arc;
import io.quarkus.opentelemetry.runtime.exporter.otlp.tracing.LateBoundSpanProcessor;
import io.quarkus.opentelemetry.runtime.exporter.otlp.tracing.RemoveableLateBoundSpanProcessor;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.enterprise.inject.Any;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TopicReader;
import org.d2aflow.testkit.Traces;
import org.junit.jupiter.api.Test;

/**
 * referral-service as it runs by default (no OTLP endpoint, no test exporter): a caller's W3C trace goes on through
 * the transaction, the outbox row and the relay onto the record, and nothing tries to export spans.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class TraceContextOnTheLogTest {

    @jakarta.inject.Inject
    Tables tables;

    @Test
    void aCallersTraceReachesTheOutboxRowAndTheRecordThroughTheRelaysOwnSpan() {
        String trace = HexFormat.of().formatHex(random(16));
        String callerSpan = HexFormat.of().formatHex(random(8));
        String id = given().contentType(ContentType.JSON).header("traceparent", "00-" + trace + "-" + callerSpan + "-01")
                .body(aReferralRequest().build()).post("/referrals").then().statusCode(201).extract().path("id");

        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> records = TopicReader.read(Topics.REFERRALS, id, Duration.ofSeconds(60),
                found -> !found.isEmpty());
        String traceparent = header(records.get(0), "traceparent");
        assertThat(Traces.traceId(traceparent)).as("the caller's trace").isEqualTo(trace);
        assertThat(Traces.spanId(traceparent)).as("the relay's own PRODUCER span, not the caller's").isNotEqualTo(callerSpan);
        assertThat(header(records.get(0), "ce_traceparent")).isEqualTo(traceparent);
        // The row keeps the context of the request's server span: the caller's trace, a span of referral-service.
        String stored = tables.outboxTraceparent(records.get(0).value().id());
        assertThat(Traces.traceId(stored)).isEqualTo(trace);
        assertThat(Traces.spanId(stored)).isNotIn(callerSpan, Traces.spanId(traceparent));
    }

    @Test
    void withoutAnOtlpEndpointNoExporterRuns() {
        // Quarkus' OTLP span processor is its removable placeholder when no endpoint is set (common-kit's defaults);
        // with OTEL_EXPORTER_OTLP_ENDPOINT set it is a real one.
        List<LateBoundSpanProcessor> otlp = Arc.container().select(LateBoundSpanProcessor.class, Any.Literal.INSTANCE).stream().toList();
        assertThat(otlp).isNotEmpty().allSatisfy(p -> assertThat(p).isSameAs(RemoveableLateBoundSpanProcessor.INSTANCE));
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1;
        return b;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return r.headers().lastHeader(name) == null ? null : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
