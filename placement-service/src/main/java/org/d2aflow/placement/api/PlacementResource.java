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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Provider staff's API for placements: thin, request to use case to response. */
@Path("/placements")
@RolesAllowed(Roles.HOMEFIRST)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Placements", description = "Short-term placements made from capacity claims: start, end, 91-day follow-up and its corrections")
public class PlacementResource {

    private static final String IDEMPOTENCY_DOC = "Makes retries safe: the same key and request within 24 hours replays the first "
            + "answer (Idempotent-Replay: true) and writes nothing; the same key with another request is refused with 422";

    private static final String IF_MATCH_DOC = "The ETag (version) the change is based on, \"0\" for a pending placement; "
            + "a stale one is refused with 412";
    private static final String ID_DOC = "The placement id, which is the id of the capacity claim it was made from";
    private static final String WINDOW_PROBLEM = """
            {"type": "urn:d2a:problem:invalid-input", "title": "Invalid input", "status": 422,
             "detail": "startDate: must be on or after 2026-08-12: facts may be entered up to 90 days late, and 2026-08-11 is 91 days ago",
             "instance": "/placements/8d3c0b1e-5f0a-4c55-9b7e-2a1d7f9e4c10/start", "code": "invalid-input",
             "errors": [{"field": "startDate",
               "message": "must be on or after 2026-08-12: facts may be entered up to 90 days late, and 2026-08-11 is 91 days ago"}]}""";

    @Inject
    PlacementService placements;

    @Inject
    PlacementQueries queries;

    @Inject
    Caller caller;

    @GET
    @Operation(summary = "List placements, newest claim first, by status, service, service type or referral, with paging")
    @APIResponse(responseCode = "200", description = "A page of placements",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "page", value = """
                    {"items": [{"placementId": "8d3c0b1e-5f0a-4c55-9b7e-2a1d7f9e4c10", "referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01",
                      "serviceId": "home-first-east", "serviceName": "Home First East", "serviceType": "REABLEMENT_HOME",
                      "status": "PENDING", "version": 0, "plannedStartDate": "2026-11-10", "ageAtAdmission": 84,
                      "admissionDate": "2026-11-02", "dischargeDate": "2026-11-10", "followUpDueDate": "2027-02-09",
                      "claimedAt": "2026-11-08T10:15:00Z", "updatedAt": "2026-11-08T10:15:00Z"}],
                     "page": 0, "size": 50, "total": 1}""")))
    @APIResponse(responseCode = "400", description = "An unknown status or service type, or paging out of range (application/problem+json)")
    public PlacementView.Page list(
            @Parameter(description = "PENDING, ACTIVE, ENDED or CANCELLED", example = "PENDING") @QueryParam("status") String status,
            @Parameter(description = "Only this service", example = "home-first-east") @QueryParam("serviceId") String serviceId,
            @Parameter(description = "Only this service type", example = "REABLEMENT_HOME") @QueryParam("serviceType") String serviceType,
            @Parameter(description = "Only this referral's placements") @QueryParam("referralId") String referralId,
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
    @Operation(summary = "One placement: its state, version (also the ETag), referral facts, follow-up due date and event history",
            description = "The follow-up shown is the one in force (corrected if it was); followUpCorrections is the audit of its "
                    + "corrections (which fact, to what, who, why, when recorded) and history keeps every event, originals included. "
                    + "attention lists what a started placement now contradicts after referral-service corrected or voided the "
                    + "discharge (code = the rule it would now be refused by); it is absent when all agree.")
    @APIResponse(responseCode = "200", description = "The placement",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {@ExampleObject(name = "active", value = """
                    {"placementId": "8d3c0b1e-5f0a-4c55-9b7e-2a1d7f9e4c10", "referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01",
                     "serviceId": "home-first-east", "serviceName": "Home First East", "serviceType": "REABLEMENT_HOME",
                     "status": "ACTIVE", "version": 1, "plannedStartDate": "2026-11-10", "startDate": "2026-11-10",
                     "ageAtAdmission": 84, "admissionDate": "2026-11-02", "dischargeDate": "2026-11-10",
                     "followUpDueDate": "2027-02-09", "claimedAt": "2026-11-08T10:15:00Z", "updatedAt": "2026-11-10T09:02:11Z",
                     "history": [{"version": 1, "type": "d2a.placement.started.v1", "recordedAt": "2026-11-10T09:02:11Z",
                       "eventId": "0f5b8e7a-3c2d-4e1f-9a8b-7c6d5e4f3a2b",
                       "data": {"referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01", "placementId": "8d3c0b1e-5f0a-4c55-9b7e-2a1d7f9e4c10",
                         "serviceId": "home-first-east", "serviceType": "REABLEMENT_HOME", "startDate": "2026-11-10"}}]}"""),
                    @ExampleObject(name = "follow-up corrected, discharge corrected since", value = """
                    {"placementId": "8d3c0b1e-5f0a-4c55-9b7e-2a1d7f9e4c10", "referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01",
                     "serviceId": "home-first-east", "serviceName": "Home First East", "serviceType": "REABLEMENT_HOME",
                     "status": "ENDED", "version": 4, "plannedStartDate": "2026-11-10", "startDate": "2026-11-10",
                     "endDate": "2026-12-08", "endReason": "NO_ONGOING_SUPPORT", "dischargeDate": "2026-11-12",
                     "dischargeCorrectedAt": "2027-02-20T14:00:03.220918Z", "followUpDueDate": "2027-02-11",
                     "day91Status": "CARE_HOME", "followUpObtainedOn": "2027-02-11", "followUpRecordedAt": "2027-02-12T11:20:04.118302Z",
                     "followUpEventId": "5d1e7f0a-9b8c-4d3e-a2f1-0c9b8a7d6e5f", "followUpCorrectedAt": "2027-02-13T09:01:55.402117Z",
                     "claimedAt": "2026-11-08T10:15:00Z", "updatedAt": "2027-02-13T09:01:55.402117Z",
                     "attention": [{"code": "start-before-discharge",
                       "detail": "The placement started on 2026-11-10, before the hospital discharge date as corrected, 2026-11-12"}],
                     "followUpCorrections": [{"eventId": "5d1e7f0a-9b8c-4d3e-a2f1-0c9b8a7d6e5f", "recordedAt": "2027-02-13T09:01:55.402117Z",
                       "correctsEventId": "2c4a6e8f-1b3d-4f5a-8c7e-9d0b1a2c3e4f", "day91Status": "CARE_HOME", "obtainedOn": "2027-02-11",
                       "reason": "Status typed against the wrong person", "correctedBy": "staff-jones"}],
                     "history": []}""")}))
    @APIResponse(responseCode = "404", description = "No such placement (no claim with that id has arrived)")
    public Response get(@Parameter(description = ID_DOC) @PathParam("id") String id) {
        PlacementView p = queries.get(id, caller.organisation());
        return Response.ok(p).tag(IfMatch.etag(p.version())).build();
    }

    @POST
    @Path("/{id}/start")
    @Operation(summary = "Start a pending placement",
            description = "The service type comes from the service registry. The patient must have been discharged from hospital, "
                    + "and the start date must be on or after the hospital discharge date, not in the future, and within the "
                    + "caller's organisation's late-entry window (d2a.late-entry, default 90 days back).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "start", value = "{\"startDate\": \"2026-11-10\"}")))
    @APIResponse(responseCode = "200", description = "The started placement; placement.started goes to d2a.placements")
    @APIResponse(responseCode = "400", description = "Malformed or missing start date (application/problem+json)")
    @APIResponse(responseCode = "404", description = "No such placement")
    @APIResponse(responseCode = "409", description = "Already started, claim released, service not yet known, referral withdrawn, "
            + "patient not (or no longer: a voided discharge) discharged or died in hospital, or a start before the hospital discharge date")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "A start date in the future or older than the late-entry window; the error names "
            + "startDate and the limit", content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(
                    name = "too late", value = WINDOW_PROBLEM)))
    @Idempotent("placement.start")
    public Response start(@Parameter(description = ID_DOC) @PathParam("id") String id,
            @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch, 
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull Start body) {
        return changed(placements.start(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), body.startDate()));
    }

    @POST
    @Path("/{id}/end")
    @Operation(summary = "End an active placement with an end date and reason",
            description = "The end date must be on or after the start date, not in the future, and within the caller's organisation's "
                    + "late-entry window. capacity-service releases the claim when it sees placement.ended.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "end", value = "{\"endDate\": \"2026-12-08\", \"endReason\": \"NO_ONGOING_SUPPORT\"}")))
    @APIResponse(responseCode = "200", description = "The ended placement; placement.ended goes to d2a.placements")
    @APIResponse(responseCode = "400", description = "Malformed or missing end date or reason, or an unknown reason")
    @APIResponse(responseCode = "404", description = "No such placement")
    @APIResponse(responseCode = "409", description = "Not started, already ended, or an end before the start")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "An end date in the future or older than the late-entry window (names endDate and the limit)")
    @Idempotent("placement.end")
    public Response end(@Parameter(description = ID_DOC) @PathParam("id") String id,
            @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch, 
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull End body) {
        return changed(placements.end(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), body.endDate(), body.endReason()));
    }

    @POST
    @Path("/{id}/follow-up")
    @Operation(summary = "Record the 91-day follow-up status and the day it was obtained",
            description = "For reablement and rehabilitation placements only, once per referral, from day 91 (the hospital discharge "
                    + "date + 91 days) on. obtainedOn (default today) must be on or after day 91 and the placement's start, not in the "
                    + "future, and within the late-entry window. The placement may still be running. A wrong follow-up is corrected "
                    + "(POST .../follow-up/corrections), never recorded again.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "at home, today", value = "{\"day91Status\": \"AT_HOME\"}"),
            @ExampleObject(name = "entered late", value = "{\"day91Status\": \"AT_HOME\", \"obtainedOn\": \"2027-02-10\"}")}))
    @APIResponse(responseCode = "200", description = "The placement with its follow-up; placement.follow-up-recorded (with obtainedOn) "
            + "goes to d2a.placements")
    @APIResponse(responseCode = "400", description = "Missing or unknown status, a malformed date")
    @APIResponse(responseCode = "404", description = "No such placement")
    @APIResponse(responseCode = "409", description = "Not started, not a reablement/rehabilitation placement, discharge date unknown, "
            + "not due yet today (code follow-up-not-due; the detail gives the date), or already recorded for the referral")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "obtainedOn in the future, older than the window, before day 91 or before the "
            + "start; or a status other than DIED after the placement ended with a death by day 91")
    @Idempotent("placement.follow-up")
    public Response followUp(@Parameter(description = ID_DOC) @PathParam("id") String id,
            @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch, 
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull FollowUp body) {
        return changed(placements.recordFollowUp(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), body.day91Status(),
                body.obtainedOn()));
    }

    @POST
    @Path("/{id}/follow-up/corrections")
    @Operation(summary = "Correct the 91-day follow-up this placement carries",
            description = "Appends placement.follow-up-corrected naming the CloudEvents id of the follow-up fact in force (the record or "
                    + "its latest correction; followUpEventId in the placement), with the new status and date, the reason, and the "
                    + "caller's token subject as correctedBy. The original stays on the log, so figures as known before the "
                    + "correction still show it. The rules of recording apply to the new values; a date left out keeps the one in "
                    + "force. The placement's corrections are listed, with who, why and when, in followUpCorrections.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "correction", value = """
            {"day91Status": "CARE_HOME", "obtainedOn": "2027-02-10",
             "reason": "Status typed against the wrong person: she moved to a care home on day 80"}""")))
    @APIResponse(responseCode = "200", description = "The placement with the corrected follow-up; placement.follow-up-corrected goes to "
            + "d2a.placements", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "corrected",
                    value = """
                    {"placementId": "8d3c0b1e-5f0a-4c55-9b7e-2a1d7f9e4c10", "referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01",
                     "serviceId": "home-first-east", "serviceName": "Home First East", "serviceType": "REABLEMENT_HOME",
                     "status": "ENDED", "version": 4, "plannedStartDate": "2026-11-10", "startDate": "2026-11-10",
                     "endDate": "2026-12-08", "endReason": "NO_ONGOING_SUPPORT", "dischargeDate": "2026-11-10",
                     "followUpDueDate": "2027-02-09", "day91Status": "CARE_HOME", "followUpObtainedOn": "2027-02-10",
                     "followUpRecordedAt": "2027-02-10T11:20:04.118302Z", "followUpEventId": "5d1e7f0a-9b8c-4d3e-a2f1-0c9b8a7d6e5f",
                     "followUpCorrectedAt": "2027-02-12T09:01:55.402117Z", "claimedAt": "2026-11-08T10:15:00Z",
                     "updatedAt": "2027-02-12T09:01:55.402117Z"}""")))
    @APIResponse(responseCode = "400", description = "Missing or unknown status, a malformed date, a missing or blank reason, or one "
            + "over 200 characters")
    @APIResponse(responseCode = "404", description = "No such placement")
    @APIResponse(responseCode = "409", description = "Nothing to correct: no follow-up on this placement (code follow-up-not-recorded; "
            + "the detail names the placement that carries it, if another does); not started; discharge date unknown or voided; "
            + "not due since the discharge was corrected")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "A new obtainedOn in the future or older than the window; a date before day 91 or "
            + "the start; a correction that changes neither status nor date; a status other than DIED after a death by day 91")
    @Idempotent("placement.follow-up-correction")
    public Response correctFollowUp(@Parameter(description = ID_DOC) @PathParam("id") String id,
            @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull FollowUpCorrection body) {
        return changed(placements.correctFollowUp(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), body.day91Status(),
                body.obtainedOn(), body.reason(), caller.subject()));
    }

    /** The answer to a change: the placement as it now is, its version the ETag. */
    private static Response changed(Details d) {
        PlacementView p = PlacementView.of(d.placement(), d.referral(), null);
        return Response.ok(p).tag(IfMatch.etag(p.version())).build();
    }
}
