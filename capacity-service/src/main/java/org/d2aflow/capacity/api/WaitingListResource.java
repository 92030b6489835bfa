package org.d2aflow.capacity.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.d2aflow.capacity.query.CapacityQueries;
import org.d2aflow.capacity.query.CapacityViews;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who waits for a unit, per service type and locality. */
@Path("/waiting-list")
@RolesAllowed({Roles.HOMEFIRST, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Waiting list", description = "Referrals decided for pathways 1-3 that hold no unit yet")
public class WaitingListResource {

    @Inject
    CapacityQueries queries;

    @GET
    @Operation(summary = "The waiting list, first come first",
            description = "Referrals whose latest pathway decision (P1-P3) is for the service type, not withdrawn, not discharged, "
                    + "holding no claim, and not declined or served since that decision. Ordered by discharge ready date (none yet: "
                    + "last), then decision date, then when the decision was recorded. daysWaiting counts from the decision date.")
    @APIResponse(responseCode = "200", description = "A page of the list", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "waiting", value = """
                    {"items": [{"referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01", "serviceType": "REABLEMENT_HOME", "pathway": "P1",
                                "locality": "East", "site": "County Hospital", "dischargeReadyDate": "2026-11-20",
                                "decidedAt": "2026-11-19", "daysWaiting": 4}],
                     "page": 0, "size": 50, "total": 1}""")))
    @APIResponse(responseCode = "400", description = "An unknown service type, or a bad page or size")
    public CapacityViews.WaitingPage list(
            @Parameter(description = "Only referrals waiting for this service type", example = "REABLEMENT_HOME") @QueryParam("serviceType") String serviceType,
            @Parameter(description = "Only referrals from this locality", example = "East") @QueryParam("locality") String locality,
            @Parameter(description = "Page number from 0", example = "0") @QueryParam("page") String page,
            @Parameter(description = "Page size, 1 to 200 (50 when left out)", example = "50") @QueryParam("size") String size) {
        QueryParams q = new QueryParams();
        ServiceType type = q.enumValue("serviceType", serviceType, ServiceType.class);
        q.failIfAny();
        Paging paging = Paging.of(page, size);
        return queries.waitingList(type, locality, paging.page(), paging.size());
    }
}
