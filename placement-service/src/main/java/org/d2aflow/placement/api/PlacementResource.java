package org.d2aflow.placement.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.d2aflow.kit.http.IfMatch;
import org.d2aflow.kit.idempotency.Idempotent;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.security.Caller;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.placement.api.PlacementRequests.End;
import org.d2aflow.placement.api.PlacementRequests.FollowUp;
import org.d2aflow.placement.api.PlacementRequests.FollowUpCorrection;
import org.d2aflow.placement.api.PlacementRequests.Start;
import org.d2aflow.placement.application.PlacementService;
import org.d2aflow.placement.application.PlacementService.Details;
import org.d2aflow.placement.domain.PlacementStatus;
import org.d2aflow.placement.query.PlacementQueries;
import org.d2aflow.placement.query.PlacementView;

/** Provider staff's API for placements: thin, request to use case to response. */
@Path("/placements")
@RolesAllowed(Roles.HOMEFIRST)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PlacementResource {

    @Inject
    PlacementService placements;

    @Inject
    PlacementQueries queries;

    @Inject
    Caller caller;

    @GET
    public PlacementView.Page list(
            @QueryParam("status") String status,
            @QueryParam("serviceId") String serviceId,
            @QueryParam("serviceType") String serviceType,
            @QueryParam("referralId") String referralId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        // Parsed here, not by JAX-RS, so that a bad value is a 400 naming it rather than a 404.
        QueryParams q = new QueryParams();
        PlacementStatus wantedStatus = q.enumValue("status", status, PlacementStatus.class);
        ServiceType wantedType = q.enumValue("serviceType", serviceType, ServiceType.class);
        q.failIfAny();
        PlacementQueries.Filter filter = new PlacementQueries.Filter(caller.organisation(), wantedStatus, serviceId, wantedType, referralId);
        return queries.list(filter, page, size);
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        PlacementView p = queries.get(id, caller.organisation());
        return Response.ok(p).tag(IfMatch.etag(p.version())).build();
    }

    @POST
    @Path("/{id}/start")
    @Idempotent("placement.start")
    public Response start(@PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch, 
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull Start body) {
        return changed(placements.start(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), body.startDate()));
    }

    @POST
    @Path("/{id}/end")
    @Idempotent("placement.end")
    public Response end(@PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch, 
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull End body) {
        return changed(placements.end(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), body.endDate(), body.endReason()));
    }

    @POST
    @Path("/{id}/follow-up")
    @Idempotent("placement.follow-up")
    public Response followUp(@PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch, 
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull FollowUp body) {
        return changed(placements.recordFollowUp(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), body.day91Status(),
                body.obtainedOn(), body.statusSince()));
    }

    @POST
    @Path("/{id}/follow-up/corrections")
    @Idempotent("placement.follow-up-correction")
    public Response correctFollowUp(@PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull FollowUpCorrection body) {
        return changed(placements.correctFollowUp(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), body.day91Status(),
                body.obtainedOn(), body.reason(), caller.subject(), body.statusSince()));
    }

    /** The answer to a change: the placement as it now is, its version the ETag. */
    private static Response changed(Details d) {
        PlacementView p = PlacementView.of(d.placement(), d.referral(), null);
        return Response.ok(p).tag(IfMatch.etag(p.version())).build();
    }
}
