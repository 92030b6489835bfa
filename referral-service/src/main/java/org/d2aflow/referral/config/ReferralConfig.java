package org.d2aflow.referral.config;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of referral-service. */
@ConfigMapping(prefix = "d2a.referral")
public interface ReferralConfig {

    /** Secret of the keyed hash that turns an NHS number into the patient key carried by events (at least 32 characters). */
    String patientKeySecret();

    /** The time zone whose calendar dates count as "today" (future-date checks). */
    @WithDefault("Europe/London")
    ZoneId zone();

    /** Largest page a list request may ask for. */
    @WithDefault("200")
    int maxPageSize();

    /**
     * A directory of extra code lists of reasons for delay ({@code *.json}, one list version a file), loaded and
     * checked at start-up beside the default list shipped in event-contracts; a bad file stops the service.
     */
    Optional<String> delayReasonListsDirectory();

    /**
     * Base URL of metrics-service (scheme, host, port), where the pseudonymised national returns are computed; the
     * identified CLD export fetches its extract there and fills in the NHS numbers held here.
     */
    URI metricsUrl();

    /** How long the identified export waits for metrics-service (connecting and answering) before answering 503. */
    @WithDefault("30s")
    Duration metricsTimeout();
}
