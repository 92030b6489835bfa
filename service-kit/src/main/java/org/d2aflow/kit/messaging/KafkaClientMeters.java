package org.d2aflow.kit.messaging;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Kafka client metrics of the messaging channels' consumers and producers, as Quarkus' Kafka binder exports them
 * ({@code kafka_consumer_fetch_manager_records_lag{topic,partition}} and the rest), but with new client metrics picked up
 * every {@code d2a.kafka.metrics-refresh} (5 s) instead of Micrometer's default minute: a partition's lag appears
 * within seconds of its assignment, not up to a minute later. Each service turns Quarkus' binder off
 * ({@code quarkus.micrometer.binder.kafka.enabled=false}) so that each client is bound once.
 */
@ApplicationScoped
public class KafkaClientMeters {

    private static final Logger LOG = Logger.getLogger(KafkaClientMeters.class);

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "d2a.kafka.metrics-refresh", defaultValue = "5s")
    Duration refresh;

    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "d2a-kafka-meters");
        t.setDaemon(true);
        return t;
    });
    private final Map<Object, KafkaClientMetrics> bound = new IdentityHashMap<>();

    synchronized void consumerCreated(@Observes Consumer<?, ?> consumer) {
        bind(consumer, new KafkaClientMetrics(consumer, List.of(), refresher, refresh));
    }

    synchronized void producerCreated(@Observes Producer<?, ?> producer) {
        bind(producer, new KafkaClientMetrics(producer, List.of(), refresher, refresh));
    }

    private void bind(Object client, KafkaClientMetrics metrics) {
        KafkaClientMetrics previous = bound.remove(client);
        if (previous != null) {
            previous.close();
        }
        try {
            metrics.bindTo(registry);
            bound.put(client, metrics);
        } catch (RuntimeException e) { // the service runs on without the client's meters
            LOG.warnf(e, "Unable to register metrics for Kafka client %s", client);
            metrics.close();
        }
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        bound.values().forEach(KafkaClientMetrics::close);
        bound.clear();
        refresher.shutdownNow();
    }
}
