package org.d2aflow.referral.config;

import java.time.ZoneId;

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
}
