package org.d2aflow.metrics.infrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.returns.ReturnEvent;
import org.d2aflow.contracts.returns.ReturnSubmitted;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The d2a.returns topic: where each submission of a national return is written (the only store the service has for them,
 * acks from all in-sync replicas) and read back from offset 0.
 */
@ApplicationScoped
public class ReturnsLog {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final OwnTopicProducer out = new OwnTopicProducer(Topics.RETURNS, "returns-publisher", () -> bootstrapServers);

    /** Every submission on the topic, in the order written per return. */
    public List<EventEnvelope<ReturnSubmitted>> readAll(Duration timeout) {
        return TopicReplay.readAll(bootstrapServers, Topics.RETURNS, "returns-restore", ReturnEvent.class, k -> true, timeout).stream()
                .filter(e -> e.event() instanceof ReturnSubmitted).map(e -> e.narrow(ReturnSubmitted.class)).toList();
    }

    /** Writes one submission and waits (at most 15 s) for the broker to have it. */
    public void write(ReturnSubmitted event, Instant time, long version, String id) throws Exception {
        out.write(event, time, version, id);
    }

    @PreDestroy
    void close() {
        out.close();
    }
}
