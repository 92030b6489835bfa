package org.d2aflow.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventJson;
import org.d2aflow.contracts.EventTypes;
import org.d2aflow.contracts.MalformedEventException;
import org.d2aflow.contracts.SampleEvents;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.UnknownEventTypeException;
import org.d2aflow.contracts.WithdrawnV0ToV1;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CloudEventSerdeTest {

    private final CloudEventSerializer serializer = new CloudEventSerializer();
    private final CloudEventDeserializer deserializer = new CloudEventDeserializer();

    static Stream<String> allTypes() {
        return SampleEvents.allTypes();
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void everyEventTypeSurvivesTheRoundTripThroughHeadersAndBody(String type) {
        EventEnvelope<D2aEvent> envelope = SampleEvents.envelopeOf(type);
        Headers headers = new RecordHeaders();

        byte[] value = serializer.serialize(Topics.topicFor(envelope.event()), headers, envelope);
        EventEnvelope<D2aEvent> read = deserializer.deserialize(Topics.topicFor(envelope.event()), headers, value);

        assertThat(read).isEqualTo(envelope);
    }

    @Test
    void writesTheCloudEventsAttributesAsUtf8HeadersAndOnlyTheEventAsValue() {
        EventEnvelope<D2aEvent> envelope = SampleEvents.envelopeOf(ReferralSubmitted.TYPE);
        Headers headers = new RecordHeaders();

        byte[] value = serializer.serialize(Topics.REFERRALS, headers, envelope);

        Map<String, String> written = new LinkedHashMap<>();
        for (Header header : headers) {
            written.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(written).containsExactly(
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", envelope.id()),
                Map.entry("ce_source", "/d2a/test"),
                Map.entry("ce_type", "d2a.referral.submitted.v1"),
                Map.entry("ce_time", "2025-11-14T15:42:07.125Z"),
                Map.entry("ce_subject", SampleEvents.REFERRAL_ID),
                Map.entry("ce_streamversion", "3"),
                Map.entry("content-type", "application/json"));
        assertThat(value).isEqualTo(EventJson.write(envelope.event()));
    }

    @Test
    void replacesStaleCloudEventsHeadersButKeepsOthers() {
        Headers headers = new RecordHeaders();
        headers.add("ce_id", "stale".getBytes(StandardCharsets.UTF_8));
        headers.add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));

        serializer.serialize(Topics.REFERRALS, headers, SampleEvents.envelopeOf(ReferralSubmitted.TYPE));

        assertThat(headers.headers("ce_id")).hasSize(1);
        assertThat(headers.lastHeader("traceparent")).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("allTypes")
    void sameEnvelopeSerializesToIdenticalHeadersAndBytes(String type) {
        Headers first = new RecordHeaders();
        Headers second = new RecordHeaders();

        byte[] firstValue = serializer.serialize("t", first, SampleEvents.envelopeOf(type));
        byte[] secondValue = serializer.serialize("t", second, SampleEvents.envelopeOf(type));

        assertThat(secondValue).isEqualTo(firstValue);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void serializedEventIsWhatTheSerializerSends() {
        EventEnvelope<D2aEvent> envelope = SampleEvents.envelopeOf(ReferralSubmitted.TYPE);
        Headers headers = new RecordHeaders();
        byte[] value = serializer.serialize(Topics.REFERRALS, headers, envelope);

        SerializedEvent serialized = CloudEventHeaders.serialize(envelope);

        assertThat(serialized.topic()).isEqualTo(Topics.REFERRALS);
        assertThat(serialized.key()).isEqualTo(SampleEvents.REFERRAL_ID);
        assertThat(serialized.value()).isEqualTo(value);
        assertThat(new RecordHeaders(serialized.kafkaHeaders())).isEqualTo(headers);
        assertThat(CloudEventHeaders.deserialize(serialized.headers(), serialized.value(), EventTypes.standard())).isEqualTo(envelope);
    }

    @Test
    void plainOverloadsWithoutHeadersAreUnsupported() {
        EventEnvelope<D2aEvent> envelope = SampleEvents.envelopeOf(ReferralSubmitted.TYPE);

        assertThatThrownBy(() -> serializer.serialize(Topics.REFERRALS, envelope))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("headers");
        assertThatThrownBy(() -> deserializer.deserialize(Topics.REFERRALS, new byte[] {'{', '}'}))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("headers");
    }

    @Test
    void nullStaysNullInBothDirections() {
        assertThat(serializer.serialize(Topics.FIGURES, new RecordHeaders(), null)).isNull();
        assertThat(deserializer.deserialize(Topics.FIGURES, new RecordHeaders(), (byte[]) null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "ce_streamversion"})
    void missingMandatoryHeaderIsMalformedAndNamed(String header) {
        Headers headers = new RecordHeaders();
        byte[] value = serializer.serialize(Topics.REFERRALS, headers, SampleEvents.envelopeOf(ReferralSubmitted.TYPE));
        headers.remove(header);

        assertThatThrownBy(() -> deserializer.deserialize(Topics.REFERRALS, headers, value))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("missing mandatory header " + header);
    }

    @Test
    void absentContentTypeIsAcceptedButANonJsonOneIsMalformed() {
        EventEnvelope<D2aEvent> envelope = SampleEvents.envelopeOf(ReferralSubmitted.TYPE);
        Headers headers = new RecordHeaders();
        byte[] value = serializer.serialize(Topics.REFERRALS, headers, envelope);

        headers.remove("content-type");
        assertThat(deserializer.deserialize(Topics.REFERRALS, headers, value)).isEqualTo(envelope);

        headers.add("content-type", "application/json; charset=utf-8".getBytes(StandardCharsets.UTF_8));
        assertThat(deserializer.deserialize(Topics.REFERRALS, headers, value)).isEqualTo(envelope);

        headers.remove("content-type");
        headers.add("content-type", "text/plain".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> deserializer.deserialize(Topics.REFERRALS, headers, value))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("content-type");
    }

    @Test
    void invalidHeaderValuesAreMalformedAndNamed() {
        assertMalformed("ce_specversion", "0.3", "ce_specversion");
        assertMalformed("ce_time", "yesterday", "ce_time");
        assertMalformed("ce_streamversion", "three", "ce_streamversion");
        assertMalformed("ce_subject", "another-referral", "subject");
    }

    @Test
    void badJsonBodyIsMalformed() {
        Headers headers = new RecordHeaders();
        serializer.serialize(Topics.REFERRALS, headers, SampleEvents.envelopeOf(ReferralSubmitted.TYPE));

        assertThatThrownBy(() -> deserializer.deserialize(Topics.REFERRALS, headers, "{\"referralId\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void unknownTypeHasItsOwnException() {
        Headers headers = new RecordHeaders();
        byte[] value = serializer.serialize(Topics.REFERRALS, headers, SampleEvents.envelopeOf(ReferralSubmitted.TYPE));
        replace(headers, "ce_type", "d2a.referral.reopened.v1");

        assertThatThrownBy(() -> deserializer.deserialize(Topics.REFERRALS, headers, value))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("d2a.referral.reopened.v1");
    }

    @Test
    void olderTypeOnTheLogIsUpcastToTheCurrentRecord() {
        Headers headers = new RecordHeaders();
        serializer.serialize(Topics.REFERRALS, headers, SampleEvents.envelopeOf(ReferralWithdrawn.TYPE));
        replace(headers, "ce_type", WithdrawnV0ToV1.V0);
        byte[] v0Body = WithdrawnV0ToV1.oldBody().toString().getBytes(StandardCharsets.UTF_8);
        CloudEventDeserializer upcasting = new CloudEventDeserializer(EventTypes.standard().withUpcaster(new WithdrawnV0ToV1()));

        EventEnvelope<D2aEvent> read = upcasting.deserialize(Topics.REFERRALS, headers, v0Body);

        assertThat(read.type()).isEqualTo(ReferralWithdrawn.TYPE);
        assertThat(read.event()).isEqualTo(new ReferralWithdrawn(SampleEvents.REFERRAL_ID, "Patient chose to stay with family"));
        assertThatThrownBy(() -> deserializer.deserialize(Topics.REFERRALS, headers, v0Body))
                .isInstanceOf(UnknownEventTypeException.class);
    }

    private void assertMalformed(String header, String badValue, String expectedInMessage) {
        Headers headers = new RecordHeaders();
        byte[] value = serializer.serialize(Topics.REFERRALS, headers, SampleEvents.envelopeOf(ReferralSubmitted.TYPE));
        replace(headers, header, badValue);

        assertThatThrownBy(() -> deserializer.deserialize(Topics.REFERRALS, headers, value))
                .as("%s = %s", header, badValue)
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(expectedInMessage);
    }

    private static void replace(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
