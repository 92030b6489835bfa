package org.d2aflow.kit.config;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/** The one clock of a service, in microseconds: domain code gets time from commands or from this, never from now(). */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return microseconds(Clock.systemUTC());
    }

    /**
     * A clock that ticks in whole microseconds: the precision of PostgreSQL's timestamptz, so that a recorded time
     * reads the same in the API, the database, the CloudEvents {@code time} header and the figures, and "as known
     * at" that very instant includes the fact.
     */
    public static Clock microseconds(Clock clock) {
        return Clock.tick(clock, java.time.Duration.ofNanos(1_000));
    }
}
