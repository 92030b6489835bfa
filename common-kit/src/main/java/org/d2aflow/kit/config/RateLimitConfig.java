package org.d2aflow.kit.config;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-client rate limits of every service ({@code d2a.rate-limit.*}): a client is the subject of its verified bearer
 * token, or its address when it sends none (or one not yet verified). Reads (GET, HEAD, OPTIONS) and writes (every
 * other method) have separate buckets.
 */
@ConfigMapping(prefix = "d2a.rate-limit")
public interface RateLimitConfig {

    /** Whether requests are limited at all. */
    @WithDefault("true")
    boolean enabled();

    /** Sustained reads per second per client. */
    @WithDefault("50")
    double readsPerSecond();

    /** Reads a client may make at once after an idle spell. */
    @WithDefault("200")
    int readBurst();

    /** Sustained writes per second per client. */
    @WithDefault("20")
    double writesPerSecond();

    /** Writes a client may make at once after an idle spell. */
    @WithDefault("100")
    int writeBurst();

    /** Clients tracked at most, for reads and for writes each; clients beyond share one bucket until idle ones are forgotten. */
    @WithDefault("10000")
    int maxClients();

    /** Path prefixes never limited (the orchestrator's health probes). */
    @WithDefault("/q/health")
    List<String> exemptPaths();
}
