package org.d2aflow.placement.api;

import java.time.LocalDate;

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

import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.security.Caller;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.placement.application.PlacementService;
import org.d2aflow.placement.query.FollowUpDueView;
import org.d2aflow.placement.query.FollowUpQueries;

/** The 91-day follow-up worklist: who must be contacted, oldest due first. */
@Path("/follow-ups")
@RolesAllowed(Roles.HOMEFIRST)
@Produces(MediaType.APPLICATION_JSON)
public class FollowUpResource {

    @Inject
    Caller caller;

    @Inject
    FollowUpQueries queries;

    @Inject
    PlacementService placements;

    @GET
    @Path("/due")
    public FollowUpDueView.Page due(
            @QueryParam("onOrBefore") String onOrBefore,
            @QueryParam("serviceId") String serviceId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        QueryParams q = new QueryParams();
        LocalDate wanted = q.date("onOrBefore", onOrBefore);
        q.failIfAny();
        LocalDate today = placements.today();
        LocalDate until = wanted == null ? today : wanted;
        String service = serviceId == null || serviceId.isBlank() ? null : serviceId.strip();
        String org = caller.organisation();
        return queries.due(until, today, org, service, page, size);
    }
}
