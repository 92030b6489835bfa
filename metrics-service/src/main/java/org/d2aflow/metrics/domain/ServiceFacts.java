package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityUnit;

/** Everything the log says about one care service: registration, declared capacity, claims and releases. */
public final class ServiceFacts {

    public record Registration(String name, ServiceType serviceType, String locality, CapacityUnit unit) {
    }

    public record CapacityChange(LocalDate fromDate, int units) {
    }

    public record ClaimMade(String claimId, String referralId, LocalDate startDate) {
    }

    public final String serviceId;
    Recorded<Registration> registration;
    final List<Recorded<CapacityChange>> capacity = new ArrayList<>();
    final List<Recorded<ClaimMade>> claims = new ArrayList<>();
    /** Releases by claim id, with the recorded time: a released claim stops occupying from that calendar day. */
    final java.util.Map<String, Recorded<String>> releases = new java.util.HashMap<>();
    final List<Recorded<String>> declines = new ArrayList<>();

    ServiceFacts(String serviceId) {
        this.serviceId = serviceId;
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

    public List<Recorded<ClaimMade>> claimsAt(Instant t) {
        return claims.stream().filter(c -> c.knownAt(t)).toList();
    }

    public Optional<Recorded<String>> releaseAt(String claimId, Instant t) {
        Recorded<String> r = releases.get(claimId);
        return r != null && r.knownAt(t) ? Optional.of(r) : Optional.empty();
    }

    public List<Recorded<String>> declinesAt(Instant t) {
        return declines.stream().filter(d -> d.knownAt(t)).toList();
    }
}
