package org.d2aflow.benchmarks;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.kafka.SerializedEvent;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;

/**
 * Referrals waiting for a service type, published on d2a.referrals as referral-service publishes them: a submission
 * and a pathway decision per referral, each a CloudEvent of the contract's type with the referral id as key and its
 * stream version, through one batching producer.
 */
final class ReferralFeed {

    static final String SOURCE = "/d2a/referral-service";

    record Published(List<String> referralIds, double seconds) {
    }

    private ReferralFeed() {
    }

    static Published publish(String bootstrap, int count, ServiceType type, String locality) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "benchmark-referral-feed");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
        List<String> ids = new ArrayList<>(count);
        AtomicReference<Exception> failed = new AtomicReference<>();
        long start = System.nanoTime();
        Report.progress("claims: publishing %,d referrals decided for %s on d2a.referrals", count, type);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
                send(producer, failed, EventEnvelope.of(UUID.randomUUID().toString(), SOURCE, now, 1, new ReferralSubmitted(id,
                        "pk-" + UUID.randomUUID(), 70 + i % 25, i % 2 == 0 ? Sex.FEMALE : Sex.MALE, locality, "County Hospital",
                        today.minusDays(3 + i % 10), UsualResidence.PRIVATE_HOME, Api.ORG)));
                send(producer, failed, EventEnvelope.of(UUID.randomUUID().toString(), SOURCE, now, 2, new PathwayDecided(id, type.pathway(), type,
                        today.minusDays(1))));
                if (failed.get() != null) {
                    throw new IllegalStateException("publishing referrals failed: " + failed.get(), failed.get());
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("publishing referrals failed: " + failed.get(), failed.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Report.progress("claims: %,d referrals (%,d events) published in %.1fs", count, 2L * count, seconds);
        return new Published(ids, seconds);
    }

    private static void send(KafkaProducer<String, byte[]> producer, AtomicReference<Exception> failed, EventEnvelope<? extends D2aEvent> e) {
        SerializedEvent s = CloudEventHeaders.serialize(e);
        producer.send(new ProducerRecord<>(s.topic(), null, s.key(), s.value(), s.kafkaHeaders()), (meta, error) -> {
            if (error != null) {
                failed.compareAndSet(null, error);
            }
        });
    }
}
