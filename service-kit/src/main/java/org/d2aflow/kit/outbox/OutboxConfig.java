package org.d2aflow.kit.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the outbox relay. */
@ConfigMapping(prefix = "d2a.outbox")
public interface OutboxConfig {

    /** Rows published per database transaction. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for Kafka to acknowledge a batch before it leaves the rest for the next round. */
    @WithDefault("20s")
    Duration sendTimeout();

    /** Whether the relay runs at all (off in tests that inspect the outbox before publication). */
    @WithDefault("true")
    boolean enabled();
}
