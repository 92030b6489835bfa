package org.d2aflow.placement.infrastructure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.placement.domain.PlacementStatus;

import io.quarkus.panache.common.Sort;

/** Reads of the placement read model for lists. */
@ApplicationScoped
public class PlacementQueries {

    /** What a list may be filtered by; null means any. */
    public record Filter(String providerOrganisation, PlacementStatus status, String serviceId, ServiceType serviceType, String referralId) {
    }

    /** One page of placements, newest claim first, and how many match in all. */
    public record Page(List<PlacementRecord> items, long total) {
    }

    public Page list(Filter filter, int page, int size) {
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
    public Map<String, ReferralFactRecord> factsFor(List<PlacementRecord> placements) {
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
