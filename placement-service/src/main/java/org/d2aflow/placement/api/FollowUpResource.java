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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The 91-day follow-up worklist: who must be contacted, oldest due first. */
@Path("/follow-ups")
@RolesAllowed(Roles.HOMEFIRST)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Follow-ups", description = "91-day follow-ups after hospital discharge into reablement or rehabilitation")
public class FollowUpResource {

    @Inject
    Caller caller;

    @Inject
    FollowUpQueries queries;

    @Inject
    PlacementService placements;

    @GET
    @Path("/due")
    @Operation(summary = "Follow-ups due on or before a date, overdue ones included, oldest due date first",
            description = "One row per referral with a started reablement or rehabilitation placement whose day 91 (hospital discharge "
                    + "date + 91 days) falls on or before the date and whose follow-up is not recorded yet. The row names the "
                    + "referral's most recently started such placement, on which the follow-up is recorded.")
    @APIResponse(responseCode = "200", description = "A page of due follow-ups",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "due", value = """
                    {"items": [{"referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01", "placementId": "8d3c0b1e-5f0a-4c55-9b7e-2a1d7f9e4c10",
                      "serviceId": "home-first-east", "serviceName": "Home First East", "serviceType": "REABLEMENT_HOME",
                      "placementStatus": "ENDED", "ageAtAdmission": 84, "dischargeDate": "2026-08-01", "dueDate": "2026-10-31",
                      "daysOverdue": 23}],
                     "onOrBefore": "2026-11-23", "today": "2026-11-23", "page": 0, "size": 50, "total": 1}""")))
    @APIResponse(responseCode = "400", description = "A date that is not YYYY-MM-DD, or paging out of range (application/problem+json)")
    public FollowUpDueView.Page due(
            @Parameter(description = "Due on or before this date; today when left out", example = "2026-11-30")
            @QueryParam("onOrBefore") String onOrBefore,
            @Parameter(description = "Only follow-ups carried by this service's placements", example = "home-first-east")
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
