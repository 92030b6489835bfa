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

/**
 * Administrators' view of the identity audit, oldest first: every read of a patient's identity, and every export of a
 * national return with NHS numbers.
 */
@Path("/audit")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class IdentityAuditResource {

    @Inject
    IdentityAuditQueries audit;

    @GET
    @Path("/identity-reads")
    public IdentityAuditQueries.Page list(@QueryParam("referralId") String referralId, @QueryParam("reader") String reader,
            @QueryParam("organisation") String organisation,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        return audit.list(referralId, reader, organisation, page, size);
    }

    @GET
    @Path("/identity-exports")
    public IdentityAuditQueries.ExportPage exports(@QueryParam("exporter") String exporter,
            @QueryParam("organisation") String organisation, @QueryParam("returnName") String returnName,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        return audit.exports(exporter, organisation, returnName, page, size);
    }
}
