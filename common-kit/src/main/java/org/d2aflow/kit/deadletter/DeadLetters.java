package org.d2aflow.kit.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.d2aflow.contracts.Topics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Puts a record that cannot be read on {@code d2a.dead-letter}: the original key, value and headers, plus
 * headers saying where it came from, who could not read it and why. Consumption then goes on.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String ERROR = "d2a_dlq_error";
    public static final String ORIGIN_TOPIC = "d2a_dlq_topic";
    public static final String ORIGIN_PARTITION = "d2a_dlq_partition";
    public static final String ORIGIN_OFFSET = "d2a_dlq_offset";
    public static final String CONSUMER = "d2a_dlq_consumer";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    static final String COUNTED = "d2a.dead.letters";
    static final String COUNTED_HELP = "Records put on the dead-letter topic (acknowledged by Kafka), by the consumer that could not "
            + "apply them and the topic they came from";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private Producer<byte[], byte[]> producer;

    /** Sends the record to the dead-letter topic and waits for Kafka's acknowledgement. */
    public void send(ConsumerRecord<?, byte[]> record, byte[] key, String consumer, Exception error) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h);
        }
        headers.add(ERROR, text(String.valueOf(error.getMessage())));
        headers.add(ORIGIN_TOPIC, text(record.topic()));
        headers.add(ORIGIN_PARTITION, text(Integer.toString(record.partition())));
        headers.add(ORIGIN_OFFSET, text(Long.toString(record.offset())));
        headers.add(CONSUMER, text(consumer));
        try {
            producer().send(new ProducerRecord<>(Topics.DEAD_LETTER, null, key, record.value(), headers)).get(30, TimeUnit.SECONDS);
            counter(consumer, record.topic()).increment();
            LOG.warnf("Dead-lettered %s-%d@%d for %s: %s", record.topic(), record.partition(), record.offset(), consumer, error.getMessage());
        } catch (Exception e) {
            // Not acknowledged means not safe to skip: fail, and the record is read again.
            throw new IllegalStateException("Could not dead-letter " + record.topic() + "@" + record.offset() + ": " + e, e);
        }
    }

    /**
     * Registers the dead-letter count of {@code consumer} on {@code topic} at zero, so that it is scraped before the
     * first dead letter and an alert on its increase sees the first one too.
     */
    public void register(String consumer, String topic) {
        counter(consumer, topic);
    }

    private io.micrometer.core.instrument.Counter counter(String consumer, String topic) {
        return org.d2aflow.kit.metrics.Meters.counter(registry, COUNTED, COUNTED_HELP, "consumer", consumer, "topic", topic);
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letters");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
