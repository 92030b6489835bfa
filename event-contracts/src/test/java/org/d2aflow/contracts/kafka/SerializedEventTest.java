package org.d2aflow.contracts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.d2aflow.contracts.SampleEvents;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.junit.jupiter.api.Test;

class SerializedEventTest {

    @Test
    void producerRecordCarriesTopicKeyHeadersInOrderAndBody() {
        SerializedEvent serialized = CloudEventHeaders.serialize(SampleEvents.envelopeOf(CapacityClaimed.TYPE));

        ProducerRecord<String, byte[]> record = serialized.toProducerRecord();

        assertThat(record.topic()).isEqualTo(Topics.CAPACITY);
        assertThat(record.key()).isEqualTo(SampleEvents.SERVICE_ID);
        assertThat(record.partition()).isNull();
        assertThat(record.headers().toArray()).extracting(Header::key).containsExactly(
                "ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "ce_streamversion", "content-type");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).startsWith("{\"serviceId\":");
    }

    @Test
    void rebuiltFromAStoredRowItEqualsTheOriginal() {
        SerializedEvent original = CloudEventHeaders.serialize(SampleEvents.envelopeOf(CapacityClaimed.TYPE));

        SerializedEvent fromRow = new SerializedEvent(original.topic(), original.key(), original.headers(),
                new String(original.value(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));

        assertThat(fromRow).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(fromRow.eventId()).isEqualTo(SampleEvents.envelopeOf(CapacityClaimed.TYPE).id());
    }

    @Test
    void valueCannotBeChangedFromOutside() {
        byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
        SerializedEvent serialized = new SerializedEvent(Topics.CAPACITY, "k", java.util.Map.of(), value);

        value[0] = 'x';
        serialized.value()[1] = 'y';

        assertThat(new String(serialized.value(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }
}
