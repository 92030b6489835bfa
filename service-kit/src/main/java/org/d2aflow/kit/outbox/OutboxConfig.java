package org.d2aflow.kit.outbox;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the outbox relay. */
@ConfigMapping(prefix = "d2a.outbox")
public interface OutboxConfig {

    /**
     * Rows published per Kafka transaction; their rows are stamped right after it commits. A crash between the two
     * re-sends nothing (the next holder finds them on the log), but the next holder reads this many records back
     * from the end of each partition to find them.
     */
    @WithDefault("100")
    int batchSize();

    /** How long the relay waits for Kafka to accept a transaction before it gives up and tries again next round. */
    @WithDefault("20s")
    Duration sendTimeout();

    /**
     * How long the relay waits after a commit before it publishes, so that the writes of that moment go out in one
     * round (one transaction, one produce request per wave) rather than one round each. Under the simulator's load a
     * round followed nearly every write: two extra transactions' worth of statements and a produce request per write.
     */
    @WithDefault("10ms")
    Duration linger();

    /**
     * How often the relay looks without being woken by a local commit: for rows another instance wrote (they wait at
     * most this long when this instance holds the lease), to renew its lease, and to take over a lapsed one.
     */
    @WithDefault("250ms")
    Duration pollInterval();

    /**
     * How long the relay lease lasts without renewal: the longest an instance that died or hung keeps the others
     * from publishing. Renewed by every round (at least every poll interval), so it must be a few poll intervals.
     */
    @WithDefault("4s")
    Duration leaseTtl();

    /**
     * The Kafka transactional.id of this outbox; by default {@code d2a-outbox-<application name>-<relay_id of the
     * database>}, one per database, so that two databases never fence each other's relays.
     */
    Optional<String> transactionalId();

    /** Whether the relay runs at all (off in tests that inspect the outbox before publication). */
    @WithDefault("true")
    boolean enabled();
}
