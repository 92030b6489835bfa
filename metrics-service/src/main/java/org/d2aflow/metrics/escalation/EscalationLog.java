package org.d2aflow.metrics.escalation;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.escalation.EscalationEvent;
import org.d2aflow.metrics.infrastructure.OwnTopicProducer;
import org.d2aflow.metrics.infrastructure.TopicReplay;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The d2a.escalation topic: where level changes and acknowledgements are written (the audit, and the only store the
 * service has), and read back from offset 0 at start.
 */
@ApplicationScoped
public class EscalationLog {

    static final String SOURCE = OwnTopicProducer.SOURCE;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final OwnTopicProducer out = new OwnTopicProducer(Topics.ESCALATION, "escalation-publisher", () -> bootstrapServers);

    /** Every escalation event of {@code system} on the topic, in the order written. */
    List<EventEnvelope<EscalationEvent>> readAll(String system, Duration timeout) {
        return TopicReplay.readAll(bootstrapServers, Topics.ESCALATION, "escalation-restore", EscalationEvent.class, system::equals, timeout);
    }

    /** The broker's address (a method: this bean is reached through a proxy, whose fields are not its own). */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Writes one event and waits for the broker to have it. */
    void write(EscalationEvent event, java.time.Instant time, long version, String id) throws Exception {
        out.write(event, time, version, id);
    }

    @PreDestroy
    void close() {
        out.close();
    }
}
