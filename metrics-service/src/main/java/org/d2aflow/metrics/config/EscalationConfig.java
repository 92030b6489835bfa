package org.d2aflow.metrics.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Live escalation (README "Escalation"): triggers on the live figures, hysteresis, and the webhook notifier. */
@ConfigMapping(prefix = "d2a.escalation")
public interface EscalationConfig {

    /** Evaluate the triggers and publish level changes; off, GET /escalation still answers (level 1, not evaluated). */
    @WithDefault("true")
    boolean enabled();

    /** The system (trust or area) the level is for: the key of its events on d2a.escalation. */
    @WithDefault("county")
    String system();

    /** How long a figure must stay below (threshold − margin) before the level it asked for lowers. */
    @WithDefault("30m")
    Duration hold();

    /** How often the level is re-evaluated with the latest figures when no new snapshot came (time moves freshness and the hold). */
    @WithDefault("5s")
    Duration checkInterval();

    /** Thresholds and margin per trigger id (EscalationReadings.ALL); a trigger without thresholds asks for no level. */
    Map<String, Trigger> triggers();

    Webhook webhook();

    /** Which instance writes level changes and sends webhooks: the holder of a Kafka consumer-group lease. */
    Lead lead();

    interface Lead {
        /** The consumer group every instance joins; the member assigned partition 0 of d2a.escalation is the writer. */
        @WithDefault("d2a-metrics-escalation-lead")
        String group();

        /** How long the broker waits for a silent writer before handing the lease over (at least the broker's 6 s minimum). */
        @WithDefault("10s")
        Duration sessionTimeout();
    }

    interface Trigger {
        /** The lowest figure asking for level 2. */
        Optional<Double> level2();

        /** The lowest figure asking for level 3. */
        Optional<Double> level3();

        /** The lowest figure asking for level 4. */
        Optional<Double> level4();

        /** How far below a threshold the figure must stay (for the hold time) before that level lowers. */
        @WithDefault("0")
        double margin();
    }

    interface Webhook {
        /** Where level changes are POSTed; none = the notifier is off. */
        Optional<List<String>> urls();

        /** The HMAC-SHA256 key of the X-D2A-Signature header; without one the body is sent unsigned. */
        Optional<String> secret();

        /** Attempts per notification, the first included. */
        @WithDefault("6")
        int maxAttempts();

        /** Wait after the first failure; doubled after each further one. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("5m")
        Duration maxBackoff();

        /** Connect and answer timeout of one attempt. */
        @WithDefault("10s")
        Duration timeout();
    }
}
