package org.d2aflow.kit.messaging;

/** HELP text of the consumer meters registered from more than one place. */
final class ConsumerMeters {

    static final String DEAD_LETTERS = "Records that could not be applied and were set aside as dead letters, by consumer";
    static final String APPLIED = "Records applied to this service's state, by consumer";

    private ConsumerMeters() {
    }
}
