package org.d2aflow.placement.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.eventstore.EventStore;
import org.d2aflow.placement.domain.PlacementStatus;
import org.d2aflow.placement.infrastructure.PlacementRecord;
import org.d2aflow.placement.infrastructure.ReferralFactRecord;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

/** What provider staff read: one placement with its history, and lists; from the placement read model and the referral facts. */
@ApplicationScoped
public class PlacementQueries {

    @Inject
    EventStore store;

    /** What a list may be filtered by; null means any. */
    public record Filter(String providerOrganisation, PlacementStatus status, String serviceId, ServiceType serviceType, String referralId) {
    }

    /** One page of placements, newest claim first, and how many match in all. */
    record Page(List<PlacementRecord> items, long total) {
    }

    /** The placement with its referral facts and history; another organisation's placement answers as a missing one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PlacementView get(String id, String providerOrganisation) {
        PlacementRecord row = PlacementRecord.findById(id);
        if (row == null || !providerOrganisation.equals(row.providerOrganisation)) {
            throw new NotFoundException("Placement", id);
        }
        return PlacementView.of(row, ReferralFactRecord.findById(row.referralId), store.load(id));
    }

    /** A page of placements, newest claim first; the page and the referral facts behind it are read in one transaction. */
    public PlacementView.Page list(Filter filter, int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Page found = find(filter, page, size);
            Map<String, ReferralFactRecord> facts = factsFor(found.items());
            List<PlacementView> items = found.items().stream().map(p -> PlacementView.of(p, facts.get(p.referralId), null)).toList();
            return new PlacementView.Page(items, page, size, found.total());
        });
    }

    private Page find(Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        add(where, params, "providerOrganisation", filter.providerOrganisation());
        add(where, params, "status", filter.status());
        add(where, params, "serviceId", filter.serviceId());
        add(where, params, "serviceType", filter.serviceType());
        add(where, params, "referralId", filter.referralId());
        var query = PlacementRecord.<PlacementRecord>find(where.isEmpty() ? "1 = 1" : String.join(" and ", where),
                Sort.descending("claimedAt").and("placementId"), params);
        return new Page(query.page(page, size).list(), query.count());
    }

    /** The referral facts behind a set of placements, by referral id, in one query. */
    private Map<String, ReferralFactRecord> factsFor(List<PlacementRecord> placements) {
        List<String> ids = placements.stream().map(p -> p.referralId).distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return ReferralFactRecord.<ReferralFactRecord>list("referralId in ?1", ids).stream()
                .collect(Collectors.toMap(r -> r.referralId, Function.identity()));
    }

    private static void add(List<String> where, Map<String, Object> params, String field, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            where.add(field + " = :" + field);
            params.put(field, value instanceof String s ? s.strip() : value);
        }
    }
}
