package org.d2aflow.simulator.driver;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The bearer tokens the simulated staff carry: a coordinator of the acute trust, an administrator, and the staff
 * of each provider. Each token is minted once and renewed well before it expires.
 */
public final class Credentials {

    private static final Duration RENEW_AFTER = Duration.ofHours(1);

    private record Held(String header, Instant minted) {
    }

    private final BiFunction<String, String, String> mint;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    /** {@code mint} signs a token for (role, organisation). */
    public Credentials(BiFunction<String, String, String> mint) {
        this.mint = mint;
    }

    /** The Authorization header for a role in an organisation. */
    Map<String, String> as(String role, String org) {
        Held h = held.compute(role + "@" + org, (k, old) -> old != null && old.minted().plus(RENEW_AFTER).isAfter(Instant.now())
                ? old
                : new Held("Bearer " + mint.apply(role, org), Instant.now()));
        return Map.of("Authorization", h.header());
    }

    /** The same header with one more. */
    Map<String, String> as(String role, String org, String header, String value) {
        return Map.of("Authorization", as(role, org).get("Authorization"), header, value);
    }
}
