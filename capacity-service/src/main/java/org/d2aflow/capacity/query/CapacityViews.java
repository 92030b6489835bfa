package org.d2aflow.capacity.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.d2aflow.capacity.infrastructure.CareServiceRecord;
import org.d2aflow.capacity.infrastructure.ClaimRecord;
import org.d2aflow.capacity.infrastructure.DeclineRecord;
import org.d2aflow.capacity.infrastructure.ReferralDemandRecord;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the capacity API answers, made from the read models by {@link CapacityQueries}. No identity: referrals appear by id, locality and site only. */
public final class CapacityViews {

    private CapacityViews() {
    }

    /** A service with its declared capacity and how today looks. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Service")
    public record Service(String id, long version, String name, ServiceType serviceType, Pathway pathway, String locality,
            CapacityUnit unit, String providerOrganisation, List<Declared> capacity, Day today, Instant createdAt, Instant updatedAt) {

        public static Service of(CareServiceRecord s, Map<LocalDate, Integer> declarations, CapacityQueries.Day today) {
            return new Service(s.id, s.version, s.name, s.serviceType, s.serviceType.pathway(), s.locality, s.unit, s.providerOrganisation,
                    declarations == null ? null : declarations.entrySet().stream().map(e -> new Declared(e.getKey(), e.getValue())).toList(),
                    today == null ? null : Day.of(today), s.createdAt, s.updatedAt);
        }
    }

    /** Units declared from a date on. */
    public record Declared(LocalDate fromDate, int units) {
    }

    /** One day of a service. {@code claimable}: claims that could start that day (and fit on every later day). */
    @Schema(name = "AvailabilityDay")
    public record Day(LocalDate date, int units, int occupied, int free, int claimable) {

        public static Day of(CapacityQueries.Day d) {
            return new Day(d.date(), d.units(), d.occupied(), d.free(), d.claimable());
        }
    }

    public record Availability(String serviceId, CapacityUnit unit, LocalDate from, LocalDate to, List<Day> days) {
    }

    /** Whether a claim holds its unit. */
    public enum ClaimStatus {
        ACTIVE,
        RELEASED
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Claim")
    public record Claim(String id, String serviceId, String referralId, LocalDate startDate, ClaimStatus status,
            Instant claimedAt, Instant releasedAt, LocalDate releasedOn, String releaseReason) {

        public static Claim of(ClaimRecord c) {
            return new Claim(c.id, c.serviceId, c.referralId, c.startDate, ClaimStatus.valueOf(c.status.name()), c.claimedAt, c.releasedAt, c.releasedOn,
                    c.releaseReason);
        }
    }

    /** A decline: {@code declinedOn} is the day it happened, {@code declinedAt} when it was recorded. */
    @Schema(name = "Decline")
    public record Decline(UUID id, String serviceId, String referralId, ServiceType serviceType, String locality, String reason,
            LocalDate declinedOn, Instant declinedAt) {

        public static Decline of(DeclineRecord d) {
            return new Decline(d.id, d.serviceId, d.referralId, d.serviceType, d.locality, d.reason, d.declinedOn, d.declinedAt);
        }
    }

    /** A referral waiting for a service type; {@code daysWaiting} counts from its latest decision. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Waiting(String referralId, ServiceType serviceType, Pathway pathway, String locality, String site,
            LocalDate dischargeReadyDate, LocalDate decidedAt, long daysWaiting) {

        public static Waiting of(CapacityQueries.Waiting w) {
            ReferralDemandRecord r = w.referral();
            return new Waiting(r.referralId, r.serviceType, r.pathway, r.locality, r.site, r.dischargeReadyDate, r.decidedAt,
                    w.daysWaiting());
        }
    }

    @Schema(name = "WaitingPage")
    public record WaitingPage(List<Waiting> items, int page, int size, long total) {
    }

    /**
     * The next offer of a service on a date: {@code candidate} is who waits first for its type in its locality,
     * present only when a claim could start that day ({@code claimable} &gt; 0) and someone waits.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NextOffer(String serviceId, ServiceType serviceType, String locality, LocalDate date, int claimable, long waiting,
            Waiting candidate, String summary) {

        public static NextOffer of(CapacityQueries.Offer o) {
            String summary;
            if (o.claimable() == 0) {
                summary = "No unit can be claimed from " + o.date() + "; " + o.waiting() + " waiting";
            } else if (o.first() == null) {
                summary = o.claimable() + " unit(s) free from " + o.date() + "; nobody waits for " + o.service().serviceType + " in "
                        + o.service().locality;
            } else {
                summary = o.claimable() + " unit(s) free from " + o.date() + "; offer one to referral " + o.first().referral().referralId
                        + " (first of " + o.waiting() + " waiting)";
            }
            return new NextOffer(o.service().id, o.service().serviceType, o.service().locality, o.date(), o.claimable(), o.waiting(),
                    o.first() == null ? null : Waiting.of(o.first()), summary);
        }
    }
}
