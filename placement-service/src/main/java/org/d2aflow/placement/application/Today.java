package org.d2aflow.placement.application;

import java.time.Clock;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.placement.config.PlacementConfig;

/** The service's calendar date: the injected clock read in the configured zone (Europe/London). */
@ApplicationScoped
public class Today {

    @Inject
    Clock clock;

    @Inject
    PlacementConfig config;

    public LocalDate date() {
        return LocalDate.now(clock.withZone(config.zone()));
    }
}
