package org.d2aflow.referral.query;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.eventstore.EventStore;
import org.d2aflow.referral.domain.ReferralStatus;
import org.d2aflow.referral.infrastructure.ReferralRecord;

import io.quarkus.panache.common.Sort;

/** What coordinators read: one referral with its history, and lists; from the read model, never the identity. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ReferralQueries {

    @Inject
    EventStore store;

    /** What a list may be filtered by; null means any. Only the organisation's own referrals are listed. */
    public record Filter(String organisation, ReferralStatus status, String locality, String site, Pathway pathway,
            LocalDate dischargedFrom, LocalDate dischargedTo) {
    }

    /**
     * The referral with its event history, if the organisation owns it. Another organisation's referral answers as if
     * it did not exist, so that its existence is not disclosed either.
     */
    public ReferralView get(String id, String organisation) {
        ReferralRecord r = ReferralRecord.findById(id);
        if (r == null || !organisation.equals(r.organisation)) {
            throw new NotFoundException("Referral", id);
        }
        return ReferralView.of(r, store.load(id));
    }

    /** Newest first, then by id. */
    public ReferralView.Page list(Filter f, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        add(where, params, "organisation", f.organisation());
        add(where, params, "status", f.status());
        add(where, params, "locality", f.locality());
        add(where, params, "site", f.site());
        add(where, params, "pathway", f.pathway());
        if (f.dischargedFrom() != null) {
            where.add("dischargeDate >= :from");
            params.put("from", f.dischargedFrom());
        }
        if (f.dischargedTo() != null) {
            where.add("dischargeDate <= :to");
            params.put("to", f.dischargedTo());
        }
        var query = ReferralRecord.<ReferralRecord>find(String.join(" and ", where.isEmpty() ? List.of("1 = 1") : where),
                Sort.descending("createdAt").and("id"), params);
        long total = query.count();
        List<ReferralView> items = query.page(page, size).list().stream().map(r -> ReferralView.of(r, null)).toList();
        return new ReferralView.Page(items, page, size, total);
    }

    private static void add(List<String> where, Map<String, Object> params, String field, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            where.add(field + " = :" + field);
            params.put(field, value);
        }
    }
}
