package org.d2aflow.metrics.infrastructure.streams;

import java.time.Instant;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.d2aflow.metrics.domain.ReferralFacts;

/**
 * Told of every event applied to a referral's facts, in its task, inside the task's transaction: what the facts were and
 * are now. A duplicate delivery is not applied and not told. One instance per task (the topology takes a supplier), so an
 * implementation may keep per-task state; what it writes to a state store commits with the facts.
 */
@FunctionalInterface
public interface ReferralFactsChanged {

    /**
     * @param before     the facts before the event; null when the referral had none
     * @param after      the facts with the event applied
     * @param recordedAt the event's recorded time (CloudEvents {@code time}, to the microsecond)
     */
    void changed(String referralId, ReferralFacts before, ReferralFacts after, Instant recordedAt);

    /** Called once when the task's processor starts, before any change: where a hook opens its stores ({@code FactsTopology.Hooks}). */
    default void init(ProcessingContext context) {
    }
}
