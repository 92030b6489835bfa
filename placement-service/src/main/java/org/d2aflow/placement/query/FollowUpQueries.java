package org.d2aflow.placement.query;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.placement.domain.FollowUpSchedule;
import org.d2aflow.placement.domain.PlacementStatus;
import org.d2aflow.placement.infrastructure.PlacementRecord;
import org.d2aflow.placement.infrastructure.ReferralFactRecord;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The 91-day follow-ups that are due: one per referral (the follow-up is about the person at day 91 after
 * their hospital discharge, not about each service), carried by the referral's most recently started
 * reablement or rehabilitation placement, until any placement of the referral records it.
 */
@ApplicationScoped
public class FollowUpQueries {

    /** A due follow-up: the placement that carries it and what is known of its referral. */
    record Due(PlacementRecord placement, ReferralFactRecord referral) {
    }

    private static final List<ServiceType> FOLLOWED_UP = Arrays.stream(ServiceType.values()).filter(FollowUpSchedule::appliesTo).toList();
    private static final List<PlacementStatus> STARTED = List.of(PlacementStatus.ACTIVE, PlacementStatus.ENDED);

    private static final String FROM = """
            FROM PlacementRecord p, ReferralFactRecord r
            WHERE r.referralId = p.referralId
              AND p.status IN :started
              AND p.serviceType IN :types
              AND r.dischargeDate IS NOT NULL
              AND r.dischargeDate <= :lastDischarge
              AND NOT EXISTS (SELECT 1 FROM PlacementRecord f WHERE f.referralId = p.referralId AND f.day91Status IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM PlacementRecord o WHERE o.referralId = p.referralId AND o.status IN :started
                              AND o.serviceType IN :types
                              AND (o.startDate > p.startDate OR (o.startDate = p.startDate AND o.placementId > p.placementId)))
            """;

    @Inject
    EntityManager em;

    /**
     * A page of the follow-ups due on or before the date (overdue ones included), oldest due date first, as of
     * {@code today}; page and count are read in one transaction.
     */
    public FollowUpDueView.Page due(LocalDate onOrBefore, LocalDate today, String providerOrganisation, String serviceId, int page,
            int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<FollowUpDueView> items = due(onOrBefore, providerOrganisation, serviceId, page, size).stream()
                    .map(d -> FollowUpDueView.of(d, today)).toList();
            return new FollowUpDueView.Page(items, onOrBefore, today, page, size, countDue(onOrBefore, providerOrganisation, serviceId));
        });
    }

    /** Follow-ups due on or before the date (overdue ones included), oldest due date first. */
    List<Due> due(LocalDate onOrBefore, String providerOrganisation, String serviceId, int page, int size) {
        TypedQuery<Object[]> q = em.createQuery("SELECT p, r " + FROM + filters(providerOrganisation, serviceId)
                + " ORDER BY r.dischargeDate, p.referralId", Object[].class);
        bind(q, onOrBefore, providerOrganisation, serviceId);
        return q.setFirstResult(page * size).setMaxResults(size).getResultList().stream()
                .map(row -> new Due((PlacementRecord) row[0], (ReferralFactRecord) row[1])).toList();
    }

    public long countDue(LocalDate onOrBefore, String providerOrganisation, String serviceId) {
        TypedQuery<Long> q = em.createQuery("SELECT count(p) " + FROM + filters(providerOrganisation, serviceId), Long.class);
        bind(q, onOrBefore, providerOrganisation, serviceId);
        return q.getSingleResult();
    }

    /** Follow-ups whose due date is before today and that are still not recorded. */
    public long countOverdue(LocalDate today) {
        return countDue(today.minusDays(1), null, null);
    }

    private static String filters(String providerOrganisation, String serviceId) {
        return (providerOrganisation == null ? "" : " AND p.providerOrganisation = :org")
                + (serviceId == null ? "" : " AND p.serviceId = :serviceId");
    }

    private static void bind(TypedQuery<?> q, LocalDate onOrBefore, String providerOrganisation, String serviceId) {
        if (providerOrganisation != null) {
            q.setParameter("org", providerOrganisation);
        }
        q.setParameter("started", STARTED);
        q.setParameter("types", FOLLOWED_UP);
        q.setParameter("lastDischarge", FollowUpSchedule.latestDischargeDueBy(onOrBefore));
        if (serviceId != null) {
            q.setParameter("serviceId", serviceId);
        }
    }
}
