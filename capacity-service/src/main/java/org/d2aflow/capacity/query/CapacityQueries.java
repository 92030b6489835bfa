package org.d2aflow.capacity.query;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.d2aflow.capacity.application.CapacityService;
import org.d2aflow.capacity.domain.CapacityPlan;
import org.d2aflow.capacity.infrastructure.CapacityPeriodRecord;
import org.d2aflow.capacity.infrastructure.CareServiceRecord;
import org.d2aflow.capacity.infrastructure.ClaimRecord;
import org.d2aflow.capacity.infrastructure.DeclineRecord;
import org.d2aflow.capacity.infrastructure.ReferralDemandRecord;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.kit.domain.NotFoundException;

/**
 * What staff read: services, claims, declines, the waiting list, availability by day and the next offer. All from
 * the read models, which change in the same transactions as the events, so reads agree with what claims decide.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CapacityQueries {

    @Inject
    EntityManager em;

    @Inject
    CapacityService capacity;

    /** One day of a service: units in force, units occupied, free units, and how many claims could start that day. */
    record Day(LocalDate date, int units, int occupied, int free, int claimable) {
    }

    /** One referral on the waiting list. */
    record Waiting(ReferralDemandRecord referral, long daysWaiting) {
    }

    /** A page of the waiting list. */
    record WaitingPage(List<Waiting> items, long total) {
    }

    /** Whether a claim could start on the date, and for whom first. */
    record Offer(CareServiceRecord service, LocalDate date, int claimable, long waiting, Waiting first) {
    }

    /** One service with its declared capacity and today's figures. */
    public CapacityViews.Service service(String id) {
        return view(row(id));
    }

    /** The organisation that runs the service; null for an unknown service. */
    public String providerOrganisation(String serviceId) {
        CareServiceRecord s = CareServiceRecord.findById(serviceId);
        return s == null ? null : s.providerOrganisation;
    }

    /** A service as the API shows it, e.g. the row a change returned. */
    public CapacityViews.Service view(CareServiceRecord s) {
        LocalDate today = capacity.today();
        return CapacityViews.Service.of(s, declarations(s.id), days(s.id, today, today).get(0));
    }

    /** Services by locality, then type and name. */
    public List<CapacityViews.Service> services(ServiceType type, String locality) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (type != null) {
            where.append(" and serviceType = :type");
            params.put("type", type);
        }
        if (locality != null && !locality.isBlank()) {
            where.append(" and locality = :locality");
            params.put("locality", locality.strip());
        }
        return CareServiceRecord.<CareServiceRecord>find(where + " order by locality, serviceType, name, id", params).list().stream()
                .map(this::view).toList();
    }

    /** Declarations by date, oldest first. */
    Map<LocalDate, Integer> declarations(String serviceId) {
        Map<LocalDate, Integer> units = new LinkedHashMap<>();
        for (CapacityPeriodRecord p : CapacityPeriodRecord.<CapacityPeriodRecord>list("serviceId = ?1 order by fromDate", serviceId)) {
            units.put(p.fromDate, p.units);
        }
        return units;
    }

    /**
     * The service's units and the claims that hold a unit on some day from {@code since} on (active ones, and released
     * ones whose release date is later), by their business dates, as claims are decided on them.
     */
    public CapacityPlan plan(String serviceId, LocalDate since) {
        List<CapacityPlan.Hold> holds = em.createQuery("select c.startDate, c.releasedOn from ClaimRecord c "
                + "where c.serviceId = :id and (c.releasedOn is null or c.releasedOn > :since)", Object[].class)
                .setParameter("id", serviceId).setParameter("since", since).getResultStream()
                .map(row -> new CapacityPlan.Hold((LocalDate) row[0], (LocalDate) row[1])).toList();
        return CapacityPlan.of(declarations(serviceId), holds);
    }

    public CapacityViews.Claim claim(String serviceId, String claimId) {
        ClaimRecord c = ClaimRecord.findById(claimId);
        if (c == null || !c.serviceId.equals(serviceId)) {
            throw new NotFoundException("Claim", claimId + " of service " + serviceId);
        }
        return CapacityViews.Claim.of(c);
    }

    /** The service's claims by start date (then as recorded); {@code status} null for both. */
    public List<CapacityViews.Claim> claims(String serviceId, CapacityViews.ClaimStatus status) {
        row(serviceId);
        List<ClaimRecord> claims = status == null
                ? ClaimRecord.<ClaimRecord>list("serviceId = ?1 order by startDate, claimedAt, id", serviceId)
                : ClaimRecord.<ClaimRecord>list("serviceId = ?1 and status = ?2 order by startDate, claimedAt, id", serviceId,
                        ClaimRecord.Status.valueOf(status.name()));
        return claims.stream().map(CapacityViews.Claim::of).toList();
    }

    public CapacityViews.Decline decline(String serviceId, java.util.UUID declineId) {
        DeclineRecord d = DeclineRecord.findById(declineId);
        if (d == null || !d.serviceId.equals(serviceId)) {
            throw new NotFoundException("Decline", declineId + " of service " + serviceId);
        }
        return CapacityViews.Decline.of(d);
    }

    /** The service's declines, newest first. */
    public List<CapacityViews.Decline> declines(String serviceId) {
        row(serviceId);
        return DeclineRecord.<DeclineRecord>list("serviceId = ?1 order by declinedOn desc, declinedAt desc, id", serviceId).stream()
                .map(CapacityViews.Decline::of).toList();
    }

    /**
     * Referrals waiting for a service type (and locality), first the earliest discharge ready date (none yet: last),
     * then the earliest decision date, then the decision recorded first.
     */
    public CapacityViews.WaitingPage waitingList(ServiceType type, String locality, int page, int size) {
        WaitingPage found = waiting(type, locality, page, size);
        return new CapacityViews.WaitingPage(found.items().stream().map(CapacityViews.Waiting::of).toList(), page, size, found.total());
    }

    private WaitingPage waiting(ServiceType type, String locality, int page, int size) {
        StringBuilder where = new StringBuilder(ReferralDemandRecord.WAITING);
        Map<String, Object> params = new HashMap<>();
        params.put("waitingPathways", ReferralDemandRecord.WAITING_PATHWAYS);
        if (type != null) {
            where.append(" and r.serviceType = :type");
            params.put("type", type);
        }
        if (locality != null && !locality.isBlank()) {
            where.append(" and r.locality = :locality");
            params.put("locality", locality.strip());
        }
        var count = em.createQuery("select count(r) from ReferralDemandRecord r where " + where, Long.class);
        var list = em.createQuery("select r from ReferralDemandRecord r where " + where
                + " order by r.dischargeReadyDate asc nulls last, r.decidedAt, r.decisionRecordedAt, r.referralId", ReferralDemandRecord.class);
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            list.setParameter(k, v);
        });
        LocalDate today = capacity.today();
        List<Waiting> items = list.setFirstResult(page * size).setMaxResults(size).getResultList().stream()
                .map(r -> new Waiting(r, daysWaiting(r, today))).toList();
        return new WaitingPage(items, count.getSingleResult());
    }

    /**
     * Units, occupied and free units for each day of the range, by business dates: a claim occupies its unit from its
     * start date up to the day before its release, so a claim or release entered late shows on the days it is about.
     * {@code claimable} says how many claims starting that day would fit (it also looks at every later day); a claim
     * starting on a past day also needs that day within the caller's late-entry window.
     */
    public CapacityViews.Availability availability(String serviceId, LocalDate from, LocalDate to) {
        CareServiceRecord s = row(serviceId);
        return new CapacityViews.Availability(s.id, s.unit, from, to, days(serviceId, from, to).stream().map(CapacityViews.Day::of).toList());
    }

    private List<Day> days(String serviceId, LocalDate from, LocalDate to) {
        row(serviceId);
        CapacityPlan plan = plan(serviceId, from);
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        List<Day> result = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            LocalDate d = from.plusDays(i);
            int units = plan.unitsOn(d);
            int occupied = plan.occupiedOn(d);
            result.add(new Day(d, units, occupied, units - occupied, plan.claimableFrom(d)));
        }
        return result;
    }

    /** When a claim could start on the date, who waits first for the service's type in its locality. */
    public CapacityViews.NextOffer nextOffer(String serviceId, LocalDate date) {
        CareServiceRecord s = row(serviceId);
        int claimable = plan(serviceId, date).claimableFrom(date);
        WaitingPage waiting = waiting(s.serviceType, s.locality, 0, 1);
        Waiting first = claimable > 0 && !waiting.items().isEmpty() ? waiting.items().get(0) : null;
        return CapacityViews.NextOffer.of(new Offer(s, date, claimable, waiting.total(), first));
    }

    private static CareServiceRecord row(String id) {
        CareServiceRecord s = CareServiceRecord.findById(id);
        if (s == null) {
            throw new NotFoundException("Service", id);
        }
        return s;
    }

    /** Whole days since the latest decision put the referral on the list; never negative. */
    private static long daysWaiting(ReferralDemandRecord r, LocalDate today) {
        return r.decidedAt == null ? 0 : Math.max(0, ChronoUnit.DAYS.between(r.decidedAt, today));
    }
}
