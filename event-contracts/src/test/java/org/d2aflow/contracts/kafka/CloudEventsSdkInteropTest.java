package org.d2aflow.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventJson;
import org.d2aflow.contracts.SampleEvents;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Our records are valid CloudEvents Kafka binary-mode messages, as judged by the official SDK, both ways. */
class CloudEventsSdkInteropTest {

    static Stream<String> allTypes() {
        return SampleEvents.allTypes();
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void officialSdkReadsWhatWeWrite(String type) {
        EventEnvelope<D2aEvent> envelope = SampleEvents.envelopeOf(type);
        String topic = Topics.topicFor(envelope.event());
        Headers headers = new RecordHeaders();
        byte[] value = new CloudEventSerializer().serialize(topic, headers, envelope);

        CloudEvent event;
        try (var sdk = new io.cloudevents.kafka.CloudEventDeserializer()) {
            event = sdk.deserialize(topic, headers, value);
        }

        assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(event.getId()).isEqualTo(envelope.id());
        assertThat(event.getSource()).isEqualTo(URI.create(envelope.source()));
        assertThat(event.getType()).isEqualTo(type);
        assertThat(event.getSubject()).isEqualTo(envelope.subject());
        assertThat(event.getTime().toInstant()).isEqualTo(envelope.time());
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getExtension("streamversion")).isEqualTo("3");
        assertThat(event.getData().toBytes()).isEqualTo(EventJson.write(envelope.event()));
    }

    @Test
    void weReadWhatTheOfficialSdkWritesInBinaryMode() {
        PatientDischarged discharged = (PatientDischarged) SampleEvents.sampleOf(PatientDischarged.TYPE);
        CloudEvent sdkEvent = CloudEventBuilder.v1()
                .withId("4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8")
                .withSource(URI.create("/d2a/referral-service"))
                .withType(PatientDischarged.TYPE)
                .withTime(OffsetDateTime.of(2025, 11, 14, 16, 5, 0, 0, ZoneOffset.ofHours(1)))
                .withSubject(discharged.referralId())
                .withExtension("streamversion", "5")
                .withDataContentType("application/json")
                .withData(EventJson.write(discharged))
                .build();
        Headers headers = new RecordHeaders();
        byte[] value;
        try (var sdk = new io.cloudevents.kafka.CloudEventSerializer()) {
            value = sdk.serialize(Topics.REFERRALS, headers, sdkEvent);
        }

        EventEnvelope<D2aEvent> read = new CloudEventDeserializer().deserialize(Topics.REFERRALS, headers, value);

        assertThat(read).isEqualTo(EventEnvelope.of("4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8", "/d2a/referral-service",
                OffsetDateTime.of(2025, 11, 14, 15, 5, 0, 0, ZoneOffset.UTC).toInstant(), 5, discharged));
        assertThat(new String(headers.lastHeader("ce_specversion").value(), StandardCharsets.UTF_8)).isEqualTo("1.0");
    }
}
