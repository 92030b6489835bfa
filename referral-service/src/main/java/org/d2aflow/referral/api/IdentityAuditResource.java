package org.d2aflow.referral.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.d2aflow.kit.security.Roles;
import org.d2aflow.referral.infrastructure.IdentityRead;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.panache.common.Sort;

/** Administrators' view of the identity audit: every read of a patient's identity, oldest first. */
@Path("/audit/identity-reads")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Identity audit", description = "Who read which patient's identity, when and why")
public class IdentityAuditResource {

    /** One audited read. */
    public record Entry(long id, Instant readAt, String reader, String organisation, String referralId, String reason) {
    }

    /** A page of the audit. */
    public record Page(List<Entry> items, int page, int size, long total) {
    }

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "List identity reads, oldest first, optionally for one referral, reader or organisation")
    public Page list(@QueryParam("referralId") String referralId, @QueryParam("reader") String reader,
            @QueryParam("organisation") String organisation,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        filter(where, params, "referralId", referralId);
        filter(where, params, "reader", reader);
        filter(where, params, "organisation", organisation);
        var query = IdentityRead.<IdentityRead>find(where.isEmpty() ? "1 = 1" : String.join(" and ", where), Sort.ascending("id"), params);
        List<Entry> items = query.page(page, size).list().stream()
                .map(r -> new Entry(r.id, r.readAt, r.reader, r.organisation, r.referralId, r.reason)).toList();
        return new Page(items, page, size, query.count());
    }

    private static void filter(List<String> where, Map<String, Object> params, String field, String value) {
        if (value != null && !value.isBlank()) {
            where.add(field + " = :" + field);
            params.put(field, value.strip());
        }
    }
}
