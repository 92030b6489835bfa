package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityUnit;

/** Everything the log says about one care service: registration, declared capacity, claims, releases and declines. */
public final class ServiceFacts {

    public record Registration(String name, ServiceType serviceType, String locality, CapacityUnit unit) {
    }

    public record CapacityChange(LocalDate fromDate, int units) {
    }

    public record ClaimMade(String claimId, String referralId, LocalDate startDate) {
    }

    /** A decline on its business date ({@code declinedOn}, else the London day it was recorded). */
    public record ServiceDecline(String referralId, LocalDate declinedOn) {
    }

    public final String serviceId;
    Recorded<Registration> registration;
    final List<Recorded<CapacityChange>> capacity = new ArrayList<>();
    final List<Recorded<ClaimMade>> claims = new ArrayList<>();
    /**
     * Releases by claim id, each with its business date ({@code releasedOn}, else the London day recorded): a released
     * claim stops occupying from that day. A claim is released once; should the log hold two, the first by version counts.
     */
    final Map<String, List<Recorded<LocalDate>>> releases = new TreeMap<>();
    final List<Recorded<ServiceDecline>> declines = new ArrayList<>();
    /** Every event about it, as a revision report names them (LogFacts.factsAbout). */
    final List<LoggedFact> history = new ArrayList<>();

    ServiceFacts(String serviceId) {
        this.serviceId = serviceId;
    }

    /** Every event about it with its recorded time, in the order applied. */
    public List<LoggedFact> history() {
        return java.util.Collections.unmodifiableList(history);
    }

    public Optional<Registration> registrationAt(Instant t) {
        return registration != null && registration.knownAt(t) ? Optional.of(registration.value()) : Optional.empty();
    }

    /** Units in force on a day, as known at the instant: the change with the latest from-date on or before the day. */
    public int unitsOn(LocalDate day, Instant t) {
        Recorded<CapacityChange> best = null;
        for (Recorded<CapacityChange> c : capacity) {
            if (!c.knownAt(t) || c.value().fromDate().isAfter(day)) {
                continue;
            }
            if (best == null || c.value().fromDate().isAfter(best.value().fromDate())
                    || (c.value().fromDate().equals(best.value().fromDate()) && c.version() > best.version())) {
                best = c;
            }
        }
        return best == null ? 0 : best.value().units();
    }

    /** The capacity changes known at the instant, in arrival order ({@link #unitsOn} picks the one in force on a day). */
    public List<Recorded<CapacityChange>> capacityAt(Instant t) {
        return capacity.stream().filter(c -> c.knownAt(t)).toList();
    }

    public List<Recorded<ClaimMade>> claimsAt(Instant t) {
        return claims.stream().filter(c -> c.knownAt(t)).toList();
    }

    /** The business date from which the claim no longer occupies a unit, as known at the instant. */
    public Optional<LocalDate> releasedOnAt(String claimId, Instant t) {
        Recorded<LocalDate> first = null;
        for (Recorded<LocalDate> r : releases.getOrDefault(claimId, List.of())) {
            if (r.knownAt(t) && (first == null || r.version() < first.version())) {
                first = r;
            }
        }
        return first == null ? Optional.empty() : Optional.of(first.value());
    }

    public List<Recorded<ServiceDecline>> declinesAt(Instant t) {
        return declines.stream().filter(d -> d.knownAt(t)).toList();
    }
}
