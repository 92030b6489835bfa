package org.d2aflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import io.restassured.http.ContentType;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.system.OtlpReceiver.ReceivedSpan;
import org.d2aflow.testkit.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * One trace across the four packaged services (issue 18): a coordinator records a discharge; the request's SERVER
 * span in referral-service is the parent of its relay's PRODUCER span, whose context the record carries; capacity-,
 * placement- and metrics-service each apply the record in a CONSUMER span that is its child, and metrics-service
 * updates the figures in a span under its own. The services export to {@link OtlpReceiver} over OTLP, as to a collector.
 */
class TraceAcrossTheSuiteTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private final LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/London"));

    @Test
    void aDischargeIsOneTraceFromTheRequestToTheFigures() {
        Suite suite = Suite.get();
        String locality = "Kington " + UUID.randomUUID().toString().substring(0, 8);
        String referralId = Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON).body(Map.of(
                        "nhsNumber", "9990000034", "dateOfBirth", "1936-05-14", "sex", "MALE", "locality", locality,
                        "site", "County Hospital", "ward", "Ward 5", "admissionDate", today.minusDays(4).toString(),
                        "usualResidence", "PRIVATE_HOME"))
                .post("/referrals").then().statusCode(201).extract().path("id");
        Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON).body(Map.of("dischargeReadyDate", today.toString()))
                .put("/referrals/{id}/discharge-ready-date", referralId).then().statusCode(200);
        Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON)
                .body(Map.of("dischargeDate", today.toString(), "destinationCode", "19", "methodCode", "1"))
                .post("/referrals/{id}/discharge", referralId).then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> Suite.as("commissioner").baseUri(suite.metrics.url())
                .queryParams(Map.of("from", today.toString(), "to", today.toString()))
                .get("/figures/discharge-to-usual-residence/drill-down").then().statusCode(200).body("referrals.numerator", hasItem(referralId)));

        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> records = TopicReader.read(Topics.REFERRALS, referralId, WAIT,
                found -> found.stream().anyMatch(r -> r.value().type().equals("d2a.referral.patient-discharged.v1")));
        ConsumerRecord<String, EventEnvelope<D2aEvent>> discharged = records.stream()
                .filter(r -> r.value().type().equals("d2a.referral.patient-discharged.v1")).findFirst().orElseThrow();
        String traceparent = header(discharged, "traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(header(discharged, "ce_traceparent")).isEqualTo(traceparent);
        String trace = traceparent.split("-")[1];
        String relaySpan = traceparent.split("-")[2];

        ReceivedSpan post = one(suite, "referral-service's SERVER span of the POST",
                s -> s.service().equals("referral-service") && s.kind() == ReceivedSpan.SERVER && s.traceId().equals(trace)
                        && s.name().contains("POST") && s.name().contains("discharge"));
        ReceivedSpan published = one(suite, "referral-service's relay PRODUCER span",
                s -> s.spanId().equals(relaySpan) && s.kind() == ReceivedSpan.PRODUCER && s.service().equals("referral-service"));
        assertThat(published.traceId()).isEqualTo(trace);
        assertThat(published.parentSpanId()).as("the relay publishes in the request's trace, as its child").isEqualTo(post.spanId());
        for (String consumer : List.of("capacity-service", "placement-service", "metrics-service")) {
            ReceivedSpan consumed = one(suite, consumer + "'s CONSUMER span of the discharge",
                    s -> s.service().equals(consumer) && s.kind() == ReceivedSpan.CONSUMER && s.parentSpanId().equals(relaySpan));
            assertThat(consumed.traceId()).isEqualTo(trace);
            assertThat(consumed.name()).isEqualTo(Topics.REFERRALS + " process");
            if (consumer.equals("metrics-service")) {
                ReceivedSpan update = one(suite, "metrics-service's figure update",
                        s -> s.service().equals(consumer) && s.kind() == ReceivedSpan.INTERNAL && s.parentSpanId().equals(consumed.spanId()));
                assertThat(update.name()).isEqualTo("d2a.figures update");
                assertThat(update.traceId()).isEqualTo(trace);
            }
        }
    }

    private static ReceivedSpan one(Suite suite, String what, Predicate<ReceivedSpan> match) {
        await(what).atMost(WAIT).until(() -> suite.traces.spans().stream().anyMatch(match));
        List<ReceivedSpan> found = suite.traces.spans().stream().filter(match).toList();
        assertThat(found).as("exactly one " + what).hasSize(1);
        return found.get(0);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
