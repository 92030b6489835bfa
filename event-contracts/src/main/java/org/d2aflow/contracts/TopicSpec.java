package org.d2aflow.contracts;

import org.d2aflow.contracts.internal.Require;

/** A Kafka topic of the event log and whether it is log-compacted (otherwise it is kept forever). */
public record TopicSpec(String name, boolean compacted) {

    public TopicSpec {
        Require.text(name, "name");
    }
}
