package org.d2aflow.metrics.escalation;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.d2aflow.contracts.Topics;
import org.jboss.logging.Logger;

/**
 * The escalation writer's lease: a consumer in a group subscribed to d2a.escalation; the member the broker assigns
 * partition 0 holds the lease. Only the broker decides, so at most one live member holds it at a time; when the holder
 * leaves (stop) the group rebalances at once, and when it dies the broker notices after the session timeout. The records
 * the consumer is given are not used: it polls only to stay in the group.
 */
final class EscalationLease implements AutoCloseable {

    /** What the lease holder is told. Both are called on the lease's own thread, one at a time. */
    interface Holder {
        /** The lease is ours: called before anything is written. */
        void acquired();

        /** The lease is no longer ours: stop writing before returning (the next holder is assigned after this returns). */
        void released();
    }

    private static final Logger LOG = Logger.getLogger(EscalationLease.class);
    private static final TopicPartition LEASE = new TopicPartition(Topics.ESCALATION, 0);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Holder holder;
    private final Thread thread;
    private volatile boolean held;
    private volatile boolean closing;

    EscalationLease(String bootstrapServers, String group, Duration sessionTimeout, Holder holder) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 4));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "escalation-lease");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.holder = holder;
        this.thread = new Thread(this::run, "escalation-lease");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Whether this instance holds the lease now. */
    boolean held() {
        return held;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.ESCALATION), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (partitions.contains(LEASE) && !held) {
                        held = true;
                        LOG.info("Escalation lease acquired: this instance writes level changes and sends webhooks");
                        holder.acquired();
                    }
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (partitions.contains(LEASE)) {
                        release();
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    if (partitions.contains(LEASE)) {
                        release();
                    }
                }
            });
            while (!closing) {
                consumer.poll(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf("Escalation lease consumer stopped: %s", e.toString());
        } finally {
            release();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void release() {
        if (held) {
            held = false;
            LOG.info("Escalation lease released: this instance no longer writes level changes");
            holder.released();
        }
    }

    /** Leaves the group (the lease passes to another member at once) and stops. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
