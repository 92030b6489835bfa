package org.d2aflow.referral.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.d2aflow.kit.security.Roles;
import org.d2aflow.referral.query.IdentityAuditQueries;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Administrators' view of the identity audit: every read of a patient's identity, oldest first. */
@Path("/audit/identity-reads")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Identity audit", description = "Who read which patient's identity, when and why")
public class IdentityAuditResource {

    @Inject
    IdentityAuditQueries audit;

    @GET
    @Operation(summary = "List identity reads, oldest first, optionally for one referral, reader or organisation")
    public IdentityAuditQueries.Page list(@QueryParam("referralId") String referralId, @QueryParam("reader") String reader,
            @QueryParam("organisation") String organisation,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        return audit.list(referralId, reader, organisation, page, size);
    }
}
