package org.d2aflow.metrics.infrastructure.streams;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.d2aflow.metrics.domain.ServiceFacts;

/** As {@link ReferralFactsChanged}, for a care service's facts (sub-topology S, keyed by service id). */
@FunctionalInterface
public interface ServiceFactsChanged {

    /**
     * @param before     the facts before the event; null when the service had none
     * @param after      the facts with the event applied
     * @param recordedAt the event's recorded time (CloudEvents {@code time}, to the microsecond)
     */
    void changed(String serviceId, ServiceFacts before, ServiceFacts after, Instant recordedAt);

    /** Called once when the task's processor starts, before any change: where a hook opens its stores. */
    default void init(ProcessingContext context) {
    }
}
