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

    /**
     * How long the relay waits after a commit before it publishes, so that the writes of that moment go out in one
     * round (one transaction, one produce request per wave) rather than one round each. Under the simulator's load a
     * round followed nearly every write: two extra transactions' worth of statements and a produce request per write.
     */
    @WithDefault("10ms")
    Duration linger();

    /** Whether the relay runs at all (off in tests that inspect the outbox before publication). */
    @WithDefault("true")
    boolean enabled();
}
