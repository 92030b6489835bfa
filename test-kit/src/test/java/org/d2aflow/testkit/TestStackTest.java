package org.d2aflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.d2aflow.contracts.TopicSpec;
import org.d2aflow.contracts.Topics;
import org.junit.jupiter.api.Test;

class TestStackTest {

    @Test
    void everyEventLogTopicExistsAndKeepsItsRecordsForever() throws Exception {
        TestStack stack = TestStack.get();
        try (var admin = stack.broker().admin()) {
            List<ConfigResource> resources = Topics.ALL.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (TopicSpec topic : Topics.ALL) {
                Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                assertThat(c.get("retention.ms").value()).as(topic.name()).isEqualTo("-1");
                assertThat(c.get("retention.bytes").value()).as(topic.name()).isEqualTo("-1");
                assertThat(c.get("cleanup.policy").value()).as(topic.name()).isEqualTo(topic.compacted() ? "compact" : "delete");
            }
            var partitions = admin.describeTopics(Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toList()))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(partitions.get(Topics.REFERRALS).partitions()).hasSize(3);
        }
    }

    @Test
    void theBrokerTakesCompressedBatchesInEveryCodecProducersMayChoose() throws Exception {
        TestStack stack = TestStack.get();
        String topic = "compression-check";
        stack.createTopics(List.of(topic));
        for (String codec : List.of("lz4", "snappy", "zstd", "gzip")) {
            java.util.Properties props = new java.util.Properties();
            props.put("bootstrap.servers", stack.bootstrapServers());
            props.put("compression.type", codec);
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props,
                    new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
                var sent = producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, codec, "a batch in " + codec))
                        .get(30, TimeUnit.SECONDS);
                assertThat(sent.offset()).as(codec).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void eachServiceDatabaseIsCreatedOnFirstUseOnTheRealServer() throws Exception {
        TestStack stack = TestStack.get();
        String url = stack.jdbcUrl("d2a_kit_check");
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (var c = stack.postgres().connect(name); ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(name);
        }
    }
}
