package org.d2aflow.testkit.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventJson;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.kafka.CloudEventSerializer;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.testkit.TestStack;
import org.junit.jupiter.api.Test;

/** A record our serializer wrote to the real broker reads back with the official CloudEvents Java SDK. */
class CloudEventsSdkOverKafkaTest {

    @Test
    void theOfficialSdkReadsOurRecordFromTheBrokerAsABinaryModeCloudEvent() throws Exception {
        TestStack stack = TestStack.get();
        EventEnvelope<ReferralSubmitted> sent = SmokeEvents.aSubmittedReferral();

        long offset;
        int partition;
        try (var producer = new KafkaProducer<String, EventEnvelope<?>>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new CloudEventSerializer())) {
            var meta = producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.REFERRALS, sent.subject(), sent))
                    .get(30, TimeUnit.SECONDS);
            offset = meta.offset();
            partition = meta.partition();
        }

        try (var consumer = new KafkaConsumer<String, CloudEvent>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "sdk-check-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new io.cloudevents.kafka.CloudEventDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.REFERRALS, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            ConsumerRecord<String, CloudEvent> record = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (record == null && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() == offset) {
                        record = r;
                    }
                }
            }
            assertThat(record).as("the record at offset %d", offset).isNotNull();
            CloudEvent ce = record.value();
            assertThat(record.key()).isEqualTo(sent.event().referralId());
            assertThat(ce.getSpecVersion()).isEqualTo(SpecVersion.V1);
            assertThat(ce.getId()).isEqualTo(sent.id());
            assertThat(ce.getType()).isEqualTo("d2a.referral.submitted.v1");
            assertThat(ce.getSource()).isEqualTo(URI.create("/d2a/test-kit"));
            assertThat(ce.getSubject()).isEqualTo(sent.event().referralId());
            assertThat(ce.getTime()).isEqualTo(OffsetDateTime.parse("2026-03-01T10:15:30.250Z"));
            assertThat(ce.getDataContentType()).isEqualTo("application/json");
            assertThat(String.valueOf(ce.getExtension("streamversion"))).isEqualTo("1");
            assertThat(new String(ce.getData().toBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(EventJson.write(sent.event()), StandardCharsets.UTF_8));
        }
    }
}
