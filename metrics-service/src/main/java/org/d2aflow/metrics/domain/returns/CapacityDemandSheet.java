package org.d2aflow.metrics.domain.returns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.Recorded;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ServiceFacts;

/**
 * The Better Care Fund capacity-and-demand sheet for intermediate and short-term care on the hospital-discharge side, for a
 * financial year as known at an instant: per month and service type of pathways 1 to 3, the demand (referrals decided for
 * that service type in the month, and how many of them got a place) against the capacity the services declared (unit-days
 * and average units) and how much of it was occupied, with both gaps: demand not met, and capacity not used. The official
 * template was not found (RETURNS.md section 4), so the layout is the suite's own, described in its notes.
 */
public final class CapacityDemandSheet extends DescribedReturn {

    public static final String NAME = "capacity-demand";

    /** The service types planned for: those of pathways 1 to 3, in the enum's (pathway) order. */
    static final List<ServiceType> SERVICE_TYPES = Arrays.stream(ServiceType.values()).filter(t -> t.pathway() != Pathway.P0).toList();

    static final List<ReturnColumn> COLUMNS = List.of(
            new ReturnColumn("Month", "A calendar month of the financial year (Europe/London), yyyy-MM."),
            new ReturnColumn("Pathway", "The discharge pathway of the service type: P1, P2 or P3."),
            new ReturnColumn("Service type", "The service type (the suite's ServiceType), every one of pathways 1 to 3 in every month."),
            new ReturnColumn("Demand (referrals)", "Referrals whose pathway decision (the latest known) is dated in the month and names"
                    + " this service type."),
            new ReturnColumn("Demand met (referrals)", "Of those, the referrals with a claim of capacity (any service) on or after the"
                    + " decision date, the claim dated the earlier of its start date and the London day it was recorded."),
            new ReturnColumn("Demand not met (referrals)", "Demand minus demand met: no place found yet, declined, withdrawn or discharged"
                    + " without one. The gap on the demand side."),
            new ReturnColumn("Capacity (unit-days)", "Over the days of the month, the sum of the units (beds or packages) in force each day"
                    + " at every service registered with this service type: the capacity change with the latest from-date on or before the day."),
            new ReturnColumn("Average units", "Capacity in unit-days divided by the days of the month (2 places)."),
            new ReturnColumn("Occupied (unit-days)", "Over the days of the month, the claims of those services that hold a unit each day:"
                    + " started on or before the day and not released by it."),
            new ReturnColumn("Spare capacity (unit-days)", "Capacity minus occupied, in unit-days; negative when the services held more"
                    + " claims than declared units. The gap on the capacity side."));

    static final String NOTES = """
            ### Layout and definitions

            The BCF capacity-and-demand template was not found (RETURNS.md section 4: only its subject, intermediate and
            short-term care, both the hospital-discharge and community sides, one year at a time, is confirmed), so this
            layout is the suite's own: one row per month of the financial year and service type of pathways 1 to 3 (72
            rows), months in order and service types in pathway order, the three leading columns identifying the row.

            - **Demand** is counted in people, when it arises: a referral counts in the month of its pathway decision, for
              the service type decided (its latest decision as known; a decision changed later moves it). Only the
              hospital-discharge side is in the log; community (admission-avoidance) demand is not, and pathway 0
              (SOCIAL_SUPPORT: home with no new care) is left out, as it brings no care service to plan capacity for.
            - **Capacity** is counted in unit-days, so that a month with a mid-month change is exact, and as average units
              (unit-days over days) for comparison with a declared size. Units are those declared by the services
              (capacity-set), each day the one in force as known at the instant, summed over every locality.
            - **The gaps.** People and unit-days are not the same measure, so the sheet gives a gap on each side rather than
              subtracting one from the other: demand not met (referrals without a place) and spare capacity (unit-days not
              occupied). Demand not met with no spare capacity is a shortfall; with spare capacity, a problem of flow.

            Reproducible as known at an instant: decisions, claims, releases, registrations and capacity changes recorded
            after it are left out, including a capacity change keyed in late for a past date.
            """;

    public CapacityDemandSheet() {
        super(NAME, "Better Care Fund capacity and demand (intermediate and short-term care, hospital discharge)",
                ReturnPeriod.Kind.FINANCIAL_YEAR, "1", COLUMNS, 3, NOTES);
    }

    @Override
    public ReturnTable compute(LogFacts facts, ReturnPeriod period, Instant asKnownAt) {
        List<List<String>> rows = new ArrayList<>();
        List<List<Set<String>>> sources = new ArrayList<>();
        for (YearMonth month = YearMonth.from(period.first()); !month.isAfter(YearMonth.from(period.last())); month = month.plusMonths(1)) {
            for (ServiceType type : SERVICE_TYPES) {
                Set<String> demand = new TreeSet<>();
                Set<String> met = new TreeSet<>();
                for (ReferralFacts r : facts.referrals()) {
                    Optional<ReferralFacts.Decision> d = r.decisionAt(asKnownAt);
                    if (d.isEmpty() || d.get().serviceType() != type || !YearMonth.from(d.get().decidedAt()).equals(month)) {
                        continue;
                    }
                    demand.add("referral:" + r.referralId);
                    if (r.claimsAt(asKnownAt).stream().anyMatch(c -> !c.value().claimedOn().isBefore(d.get().decidedAt()))) {
                        met.add("referral:" + r.referralId);
                    }
                }
                Set<String> notMet = new TreeSet<>(demand);
                notMet.removeAll(met);
                Set<String> services = new TreeSet<>();
                Set<String> occupiedBy = new TreeSet<>();
                long unitDays = 0;
                long occupied = 0;
                for (ServiceFacts s : facts.services()) {
                    if (s.registrationAt(asKnownAt).map(reg -> reg.serviceType() != type).orElse(true)) {
                        continue;
                    }
                    services.add("service:" + s.serviceId);
                    for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
                        unitDays += s.unitsOn(day, asKnownAt);
                    }
                    for (Recorded<ServiceFacts.ClaimMade> c : s.claimsAt(asKnownAt)) {
                        long days = occupiedDays(c.value().startDate(), s.releasedOnAt(c.value().claimId(), asKnownAt), month);
                        if (days > 0) {
                            occupied += days;
                            occupiedBy.add("service:" + s.serviceId);
                            occupiedBy.add("referral:" + c.value().referralId());
                        }
                    }
                }
                Set<String> spare = new TreeSet<>(services);
                spare.addAll(occupiedBy);
                rows.add(List.of(month.toString(), type.pathway().name(), type.name(), String.valueOf(demand.size()),
                        String.valueOf(met.size()), String.valueOf(notMet.size()), String.valueOf(unitDays),
                        Csv.ratio(unitDays, month.lengthOfMonth(), 2, false), String.valueOf(occupied), String.valueOf(unitDays - occupied)));
                sources.add(List.of(Set.of(), Set.of(), Set.of(), demand, met, notMet, services, services, occupiedBy, spare));
            }
        }
        return new ReturnTable(NAME, layoutVersion(), columns(), rows, sources);
    }

    /** The days of the month a claim holds a unit: from its start to the day before its release (none released: to the end). */
    static long occupiedDays(LocalDate start, Optional<LocalDate> releasedOn, YearMonth month) {
        LocalDate from = start.isAfter(month.atDay(1)) ? start : month.atDay(1);
        LocalDate endExclusive = month.atEndOfMonth().plusDays(1);
        if (releasedOn.isPresent() && releasedOn.get().isBefore(endExclusive)) {
            endExclusive = releasedOn.get();
        }
        return Math.max(0, ChronoUnit.DAYS.between(from, endExclusive));
    }
}
