package org.d2aflow.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Fills the event log with generated lives through one plain, batching, lz4-compressing producer. */
final class LogWriter {

    record Written(long events, long referrals, double seconds) {
    }

    private LogWriter() {
    }

    /**
     * lz4 when the broker can read it. A broker whose JVM lacks the codecs on its classpath (as the test stack's did
     * before deploy added them) answers compressed batches with UnknownServerException: the log is then written
     * uncompressed rather than not at all, and the progress output says so.
     */
    static String compression(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.RETRIES_CONFIG, 0);
        try (KafkaProducer<String, byte[]> probe = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            probe.send(new ProducerRecord<>("benchmark.compression-probe", "probe", new byte[1024])).get();
            return "lz4";
        } catch (Exception e) {
            Report.progress("log: the broker refused an lz4 batch (%s); writing uncompressed", e.getCause() == null ? e : e.getCause());
            return "none";
        } finally {
            Thread.interrupted();
        }
    }

    /** Writes whole lives until at least {@code minEvents} events or {@code minReferrals} referrals (whichever is given, the other 0). */
    static Written write(String bootstrap, long seed, long minEvents, long minReferrals, int referralsPerDay) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression(bootstrap));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "benchmark-log-writer");
        Report.progress("log: compression %s", p.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        LocalDate last = LifeGenerator.defaultLastDischarge();
        LifeGenerator generator = new LifeGenerator(seed, last, referralsPerDay);
        AtomicReference<Exception> failed = new AtomicReference<>();
        long started = System.nanoTime();
        long lastReport = started;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            while ((minEvents > 0 && generator.events() < minEvents) || (minReferrals > 0 && generator.referrals() < minReferrals)) {
                generator.next(e -> {
                    RecordHeaders headers = new RecordHeaders();
                    for (Map.Entry<String, String> h : e.headers().entrySet()) {
                        headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
                    }
                    producer.send(new ProducerRecord<>(e.topic(), null, e.key(), e.body(), headers), (meta, error) -> {
                        if (error != null) {
                            failed.compareAndSet(null, error);
                        }
                    });
                });
                if (failed.get() != null) {
                    throw new IllegalStateException("Writing the log failed: " + failed.get(), failed.get());
                }
                long now = System.nanoTime();
                if (now - lastReport > 5_000_000_000L) {
                    lastReport = now;
                    double s = (now - started) / 1e9;
                    Report.progress("log: %,d events of %,d referrals written (%,.0f events/s)", generator.events(), generator.referrals(),
                            generator.events() / s);
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("Writing the log failed: " + failed.get(), failed.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Report.progress("log: %,d events of %,d referrals written in %.1fs (%,.0f events/s); discharges from %s back to %s", generator.events(),
                generator.referrals(), seconds, generator.events() / seconds, last,
                last.minusDays(generator.referrals() / referralsPerDay));
        return new Written(generator.events(), generator.referrals(), seconds);
    }
}
