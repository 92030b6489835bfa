package org.d2aflow.capacity.api;

import java.net.URI;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.d2aflow.kit.http.IfMatch;
import org.d2aflow.capacity.api.CapacityRequests.Capacity;
import org.d2aflow.capacity.api.CapacityRequests.Claim;
import org.d2aflow.capacity.api.CapacityRequests.Decline;
import org.d2aflow.capacity.api.CapacityRequests.RegisterService;
import org.d2aflow.capacity.api.CapacityRequests.Release;
import org.d2aflow.capacity.application.CapacityService;
import org.d2aflow.capacity.application.CapacityService.Registration;
import org.d2aflow.capacity.config.CapacityConfig;
import org.d2aflow.capacity.query.CapacityQueries;
import org.d2aflow.capacity.query.CapacityViews;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.security.Caller;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.kit.idempotency.Idempotent;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/**
 * Provider staff's API for services, their capacity, claims and declines: thin, request to use case to response.
 * Administrators register services; a service's capacity, claims and declines belong to the staff of the
 * organisation that runs it.
 */
@Path("/services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Services", description = "Short-term services: capacity by date, claims for waiting referrals, declines, availability")
public class ServiceResource {

    private static final String SERVICE_ID = "The service's id (UUID)";
    /** How the late-entry window reads in the operations' prose. */
    private static final String WINDOW_DOC = "the late-entry window (90 days unless your organisation has its own)";
    private static final String IF_MATCH_DOC = "The ETag (version) of the service the change is based on; a stale one is refused with 412";
    private static final String IDEMPOTENCY_DOC = "Makes retries safe: the same key and request within 24 hours replays the first "
            + "answer (Idempotent-Replay: true) and writes nothing; the same key with another request is refused with 422";
    private static final String SERVICE_EXAMPLE = """
            {"id": "5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21", "version": 3, "name": "Home First East", "serviceType": "REABLEMENT_HOME",
             "pathway": "P1", "locality": "East", "unit": "PACKAGE", "capacity": [{"fromDate": "2026-11-23", "units": 35}],
             "today": {"date": "2026-11-23", "units": 35, "occupied": 34, "free": 1, "claimable": 1}}""";

    @Inject
    CapacityService capacity;

    @Inject
    CapacityQueries queries;

    @Inject
    CapacityConfig config;


    @Inject
    ProviderScope providers;

    @Inject
    Caller caller;

    // --- services -----------------------------------------------------------------------------------------

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Operation(summary = "Register a service", description = "A service has a type, a locality and a unit (PACKAGE for pathway 1, "
            + "BED for pathways 2 and 3). It has no units until capacity is declared. A retry with the same Idempotency-Key "
            + "returns the same service.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "Home First",
            value = "{\"name\": \"Home First East\", \"serviceType\": \"REABLEMENT_HOME\", \"locality\": \"East\", \"unit\": \"PACKAGE\"}")))
    @APIResponse(responseCode = "201", description = "Registered; Location and ETag are set",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "service", value = SERVICE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Malformed or missing fields (application/problem+json)")
    @APIResponse(responseCode = "409", description = "A service of that type and name exists in the locality, or the key was used for another request")
    @APIResponse(responseCode = "422", description = "A pathway 0 service, or a unit that does not fit the service type")
    @Idempotent("capacity.register")
    public Response register(@Valid @NotNull RegisterService body,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey, UriInfo uri) {
        CapacityViews.Service s = queries.view(capacity.register(
                new Registration(body.name(), body.serviceType(), body.locality(), body.unit(), body.providerOrganisation())));
        return Response.created(URI.create(uri.getBaseUri().getPath() + "services/" + s.id())).tag(IfMatch.etag(s.version()))
                .entity(s).build();
    }

    @RolesAllowed({Roles.HOMEFIRST, Roles.ADMIN})
    @GET
    @Operation(summary = "List services, by locality then type and name")
    @APIResponse(responseCode = "200", description = "The services, each with its declared capacity and today's figures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "services", value = "[" + SERVICE_EXAMPLE + "]")))
    @APIResponse(responseCode = "400", description = "An unknown service type")
    public List<CapacityViews.Service> list(
            @Parameter(description = "Only services of this type", example = "REABLEMENT_HOME") @QueryParam("serviceType") String serviceType,
            @Parameter(description = "Only services in this locality", example = "East") @QueryParam("locality") String locality) {
        QueryParams q = new QueryParams();
        ServiceType type = q.enumValue("serviceType", serviceType, ServiceType.class);
        q.failIfAny();
        return queries.services(type, locality);
    }

    @RolesAllowed({Roles.HOMEFIRST, Roles.ADMIN})
    @GET
    @Path("/{id}")
    @Operation(summary = "One service: its capacity by date and today's units, occupied, free and claimable units")
    @APIResponse(responseCode = "200", description = "The service; the ETag is its version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "service", value = SERVICE_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such service")
    public Response get(@Parameter(description = SERVICE_ID) @PathParam("id") String id) {
        CapacityViews.Service s = queries.service(id);
        return Response.ok(s).tag(IfMatch.etag(s.version())).build();
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @PUT
    @Path("/{id}/capacity")
    @Operation(summary = "Declare the units available from a date on",
            description = "Beds, or concurrent packages of care. The latest declaration for a date replaces the earlier one; units on a "
                    + "day are those of the declaration with the latest date on or before it. fromDate is a business date: a week "
                    + "declared late may be dated back within " + WINDOW_DOC + "; "
                    + "older, or more than 730 days ahead, is a 422 naming fromDate and the limit. A cut below the units claimed on "
                    + "that date or any later one, released claims included on the days they held, is refused (409 naming the "
                    + "occupied count).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = {@ExampleObject(name = "35 packages", value = "{\"units\": 35, \"fromDate\": \"2026-11-23\"}"),
                    @ExampleObject(name = "last week, entered late", value = "{\"units\": 30, \"fromDate\": \"2026-11-16\"}")}))
    @APIResponse(responseCode = "200", description = "The service with its new capacity; unchanged if the units were already in force")
    @APIResponse(responseCode = "404", description = "No such service")
    @APIResponse(responseCode = "409", description = "More units are claimed than the new figure on some date from fromDate on")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "Units out of range, or fromDate before the late-entry window or beyond 730 days ahead",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "too late", value = """
                    {"type": "urn:d2a:problem:invalid-input", "title": "Invalid input", "status": 422,
                     "detail": "fromDate: must be on or after 2026-08-25: facts may be entered up to 90 days late, and 2026-08-24 is 91 days ago",
                     "instance": "/services/5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21/capacity", "code": "invalid-input",
                     "errors": [{"field": "fromDate", "message": "must be on or after 2026-08-25: facts may be entered up to 90 days late, and 2026-08-24 is 91 days ago"}]}""")))
    public Response setCapacity(@Parameter(description = SERVICE_ID) @PathParam("id") String id,
            @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch, @Valid @NotNull Capacity body) {
        providers.requireRunByCaller(id);
        CapacityViews.Service s = queries.view(capacity.setCapacity(id, IfMatch.expectedVersion(ifMatch), body.units(), body.fromDate(),
                caller.organisation()));
        return Response.ok(s).tag(IfMatch.etag(s.version())).build();
    }

    // --- claims -------------------------------------------------------------------------------------------

    @RolesAllowed(Roles.HOMEFIRST)
    @POST
    @Path("/{id}/claims")
    @Operation(summary = "Claim a unit for a waiting referral from a start date",
            description = "The unit stays claimed until released (by staff, or when the placement made from the claim ends). "
                    + "Refused with 409 and the reason when no unit is free on the start date or any later date, or when the referral "
                    + "is unknown, withdrawn, not decided for this service type, or already holds a claim. Claims on one service take "
                    + "turns, so the last unit goes to exactly one request. A retry with the same Idempotency-Key returns the same claim. "
                    + "startDate is a business date: a claim entered late may start in the past within " + WINDOW_DOC + ", and must then fit on every day from its start, released claims counted "
                    + "on the days they held; it cannot start on a day the service had no capacity declared (422 naming startDate).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {@ExampleObject(name = "claim",
            value = "{\"referralId\": \"3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01\", \"startDate\": \"2026-11-24\"}"),
            @ExampleObject(name = "entered late", value = "{\"referralId\": \"3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01\", \"startDate\": \"2026-11-18\"}")}))
    @APIResponse(responseCode = "201", description = "Claimed; Location points at the claim (its id is also the placement's id)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "claim", value = """
                    {"id": "9a3b1c55-2c0e-4f4e-8f43-6d2a1b7c9e10", "serviceId": "5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21",
                     "referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01", "startDate": "2026-11-24", "status": "ACTIVE",
                     "claimedAt": "2026-11-23T10:15:00Z"}""")))
    @APIResponse(responseCode = "404", description = "No such service")
    @APIResponse(responseCode = "409", description = "No free unit (the date is named), or the referral cannot take a claim (the reason is given)")
    @APIResponse(responseCode = "422", description = "A start date before the late-entry window, beyond the planning horizon, or before the "
            + "service's first declared capacity", content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(
                    name = "no capacity then", value = """
                    {"type": "urn:d2a:problem:invalid-input", "title": "Invalid input", "status": 422,
                     "detail": "startDate: must not be before the service's first declared capacity (from 2026-11-16): 2026-11-10 has no units declared",
                     "instance": "/services/5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21/claims", "code": "invalid-input",
                     "errors": [{"field": "startDate", "message": "must not be before the service's first declared capacity (from 2026-11-16): 2026-11-10 has no units declared"}]}""")))
    @Idempotent("capacity.claim")
    public Response claim(@Parameter(description = SERVICE_ID) @PathParam("id") String id, @Valid @NotNull Claim body,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey, UriInfo uri) {
        providers.requireRunByCaller(id);
        CapacityViews.Claim c = CapacityViews.Claim.of(capacity.claim(id, body.referralId().strip(), body.startDate(), caller.organisation()));
        return Response.created(URI.create(uri.getBaseUri().getPath() + "services/" + id + "/claims/" + c.id()))
                .entity(c).build();
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @GET
    @Path("/{id}/claims")
    @Operation(summary = "The service's claims, oldest first")
    @APIResponse(responseCode = "200", description = "Claims, active and released", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "claims", value = """
                    [{"id": "9a3b1c55-2c0e-4f4e-8f43-6d2a1b7c9e10", "serviceId": "5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21",
                      "referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01", "startDate": "2026-11-24", "status": "RELEASED",
                      "claimedAt": "2026-11-23T10:15:00Z", "releasedAt": "2026-12-20T16:02:00Z", "releasedOn": "2026-12-20",
                      "releaseReason": "placement ended: NO_ONGOING_SUPPORT"}]""")))
    @APIResponse(responseCode = "400", description = "An unknown status")
    @APIResponse(responseCode = "404", description = "No such service")
    public List<CapacityViews.Claim> claims(@Parameter(description = SERVICE_ID) @PathParam("id") String id,
            @Parameter(description = "ACTIVE or RELEASED; both when left out", example = "ACTIVE") @QueryParam("status") String status) {
        providers.requireRunByCaller(id);
        QueryParams q = new QueryParams();
        CapacityViews.ClaimStatus wanted = q.enumValue("status", status, CapacityViews.ClaimStatus.class);
        q.failIfAny();
        return queries.claims(id, wanted);
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @GET
    @Path("/{id}/claims/{claimId}")
    @Operation(summary = "One claim")
    @APIResponse(responseCode = "200", description = "The claim", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "claim", value = """
                    {"id": "9a3b1c55-2c0e-4f4e-8f43-6d2a1b7c9e10", "serviceId": "5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21",
                     "referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01", "startDate": "2026-11-24", "status": "ACTIVE",
                     "claimedAt": "2026-11-23T10:15:00Z"}""")))
    @APIResponse(responseCode = "404", description = "No such service or claim")
    public CapacityViews.Claim claim(@Parameter(description = SERVICE_ID) @PathParam("id") String id,
            @Parameter(description = "The claim's id") @PathParam("claimId") String claimId) {
        providers.requireRunByCaller(id);
        return queries.claim(id, claimId);
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @POST
    @Path("/{id}/claims/{claimId}/release")
    @Operation(summary = "Release a claim: its unit is free from releasedOn (today when left out)",
            description = "For a claim given back before or instead of a placement (start postponed, care arranged elsewhere). "
                    + "The referral returns to the waiting list if it still waits. An ended placement releases its claim by itself, "
                    + "free from the placement's end date. releasedOn is a business date: the claim held its unit up to the day before. "
                    + "It may lie back within " + WINDOW_DOC + ", never in the future, never before the claim's start date (422 "
                    + "naming releasedOn); a claim that has not started yet can only be released as of today.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = {@ExampleObject(name = "release", value = "{\"reason\": \"Start postponed: patient unwell\"}"),
                    @ExampleObject(name = "entered late", value = "{\"reason\": \"Care arranged by family\", \"releasedOn\": \"2026-11-20\"}")}))
    @APIResponse(responseCode = "200", description = "The released claim",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CapacityViews.Claim.class)))
    @APIResponse(responseCode = "404", description = "No such service, or no such claim on it")
    @APIResponse(responseCode = "409", description = "The claim was already released")
    @APIResponse(responseCode = "422", description = "releasedOn in the future, before the late-entry window or before the claim's start date")
    @Idempotent("capacity.release")
    public Response release(@Parameter(description = SERVICE_ID) @PathParam("id") String id,
            @Parameter(description = "The claim's id") @PathParam("claimId") String claimId,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey, @Valid @NotNull Release body) {
        providers.requireRunByCaller(id);
        return Response.ok(CapacityViews.Claim.of(capacity.release(id, claimId, body.reason(), body.releasedOn(), caller.organisation())))
                .build();
    }

    // --- declines -----------------------------------------------------------------------------------------

    @RolesAllowed(Roles.HOMEFIRST)
    @POST
    @Path("/{id}/declines")
    @Operation(summary = "Record that the service cannot take a waiting referral (referred elsewhere for lack of capacity)",
            description = "The decline is demand the service could not meet; the referral leaves the waiting list until a new pathway "
                    + "decision. Its locality is the referral's. Refused (409) for a referral that is unknown, withdrawn, not decided for "
                    + "this service type, holding a claim, or already declined by this service. declinedOn is the day it happened "
                    + "(today when left out): within " + WINDOW_DOC + ", not in the future and not before the referral's pathway "
                    + "decision (422 naming declinedOn).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {@ExampleObject(name = "decline",
            value = "{\"referralId\": \"3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01\", \"reason\": \"No capacity this week: referred to market home care\"}"),
            @ExampleObject(name = "entered late", value = "{\"referralId\": \"3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01\", "
                    + "\"reason\": \"No capacity this week: referred to market home care\", \"declinedOn\": \"2026-11-20\"}")}))
    @APIResponse(responseCode = "201", description = "Recorded; Location points at the decline", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "decline", value = """
                    {"id": "0f5e2a6b-7c41-4b8e-a4a0-1e2d3c4b5a69", "serviceId": "5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21",
                     "referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01", "serviceType": "REABLEMENT_HOME", "locality": "East",
                     "reason": "No capacity this week: referred to market home care", "declinedOn": "2026-11-20",
                     "declinedAt": "2026-11-23T10:20:00Z"}""")))
    @APIResponse(responseCode = "404", description = "No such service")
    @APIResponse(responseCode = "409", description = "The referral is not waiting for this service (the reason is given)")
    @APIResponse(responseCode = "422", description = "declinedOn in the future, before the late-entry window or before the pathway decision")
    @Idempotent("capacity.decline")
    public Response decline(@Parameter(description = SERVICE_ID) @PathParam("id") String id, @Valid @NotNull Decline body,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey, UriInfo uri) {
        providers.requireRunByCaller(id);
        CapacityViews.Decline d = CapacityViews.Decline.of(capacity.decline(id, body.referralId().strip(), body.reason(), body.declinedOn(),
                caller.organisation()));
        return Response.created(URI.create(uri.getBaseUri().getPath() + "services/" + id + "/declines/" + d.id()))
                .entity(d).build();
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @GET
    @Path("/{id}/declines")
    @Operation(summary = "The service's declines, newest first")
    @APIResponse(responseCode = "200", description = "Declines", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "declines", value = """
                    [{"id": "0f5e2a6b-7c41-4b8e-a4a0-1e2d3c4b5a69", "serviceId": "5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21",
                      "referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01", "serviceType": "REABLEMENT_HOME", "locality": "East",
                      "reason": "No capacity this week: referred to market home care", "declinedOn": "2026-11-20",
                     "declinedAt": "2026-11-23T10:20:00Z"}]""")))
    @APIResponse(responseCode = "404", description = "No such service")
    public List<CapacityViews.Decline> declines(@Parameter(description = SERVICE_ID) @PathParam("id") String id) {
        providers.requireRunByCaller(id);
        return queries.declines(id);
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @GET
    @Path("/{id}/declines/{declineId}")
    @Operation(summary = "One decline")
    @APIResponse(responseCode = "200", description = "The decline", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "decline", value = """
                    {"id": "0f5e2a6b-7c41-4b8e-a4a0-1e2d3c4b5a69", "serviceId": "5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21",
                     "referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01", "serviceType": "REABLEMENT_HOME", "locality": "East",
                     "reason": "No capacity this week: referred to market home care", "declinedOn": "2026-11-20",
                     "declinedAt": "2026-11-23T10:20:00Z"}""")))
    @APIResponse(responseCode = "404", description = "No such service or decline")
    public CapacityViews.Decline decline(@Parameter(description = SERVICE_ID) @PathParam("id") String id,
            @Parameter(description = "The decline's id (UUID)") @PathParam("declineId") String declineId) {
        providers.requireRunByCaller(id);
        UUID uuid;
        try {
            uuid = UUID.fromString(declineId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("Decline", declineId);
        }
        return queries.decline(id, uuid);
    }

    // --- availability -------------------------------------------------------------------------------------

    @RolesAllowed({Roles.HOMEFIRST, Roles.ADMIN})
    @GET
    @Path("/{id}/availability")
    @Operation(summary = "Units, occupied and free units per day for a date range",
            description = "At most d2a.capacity.max-range-days (366) days. Days are business dates: a claim occupies its unit from "
                    + "its start date until the day before its release, so claims, releases and declarations entered late show on the "
                    + "days they are about. claimable is how many claims starting that day would fit on it and every later day: it "
                    + "can be below free when units drop later (a claim starting on a past day also needs it within " + WINDOW_DOC + ").")
    @APIResponse(responseCode = "200", description = "One entry per day", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "two days", value = """
                    {"serviceId": "5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21", "unit": "PACKAGE", "from": "2026-11-23", "to": "2026-11-24",
                     "days": [{"date": "2026-11-23", "units": 35, "occupied": 34, "free": 1, "claimable": 0},
                              {"date": "2026-11-24", "units": 30, "occupied": 30, "free": 0, "claimable": 0}]}""")))
    @APIResponse(responseCode = "400", description = "A date that is not YYYY-MM-DD")
    @APIResponse(responseCode = "404", description = "No such service")
    @APIResponse(responseCode = "422", description = "to before from, or a range longer than allowed")
    public CapacityViews.Availability availability(@Parameter(description = SERVICE_ID) @PathParam("id") String id,
            @Parameter(description = "First day; today when left out", example = "2026-11-23") @QueryParam("from") String fromText,
            @Parameter(description = "Last day; 13 days after from when left out", example = "2026-12-06") @QueryParam("to") String toText) {
        QueryParams q = new QueryParams();
        LocalDate from = q.date("from", fromText);
        LocalDate to = q.date("to", toText);
        q.failIfAny();
        from = from == null ? capacity.today() : from;
        to = to == null ? from.plusDays(13) : to;
        if (to.isBefore(from)) {
            throw new InvalidCommandException(List.of(new FieldError("to", "must not be before from (" + from + ")")));
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > config.maxRangeDays()) {
            throw new InvalidCommandException("to", "the range may cover at most " + config.maxRangeDays() + " days");
        }
        return queries.availability(id, from, to);
    }

    @RolesAllowed(Roles.HOMEFIRST)
    @GET
    @Path("/{id}/next-offer")
    @Operation(summary = "The next offer: whether a claim could start on the date, and who waits first",
            description = "The candidate is the first referral on the waiting list for the service's type in its locality (earliest "
                    + "discharge ready date, then earliest decision). It is given only when a unit can be claimed from the date.")
    @APIResponse(responseCode = "200", description = "The offer", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "offer", value = """
                    {"serviceId": "5d0c8d1e-8a8b-4f5e-9d57-0c1f3e0a9b21", "serviceType": "REABLEMENT_HOME", "locality": "East",
                     "date": "2026-11-23", "claimable": 1, "waiting": 4,
                     "candidate": {"referralId": "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01", "serviceType": "REABLEMENT_HOME", "pathway": "P1",
                                   "locality": "East", "site": "County Hospital", "dischargeReadyDate": "2026-11-20",
                                   "decidedAt": "2026-11-19", "daysWaiting": 4},
                     "summary": "1 unit(s) free from 2026-11-23; offer one to referral 3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01 (first of 4 waiting)"}""")))
    @APIResponse(responseCode = "400", description = "A date that is not YYYY-MM-DD")
    @APIResponse(responseCode = "404", description = "No such service")
    public CapacityViews.NextOffer nextOffer(@Parameter(description = SERVICE_ID) @PathParam("id") String id,
            @Parameter(description = "The start date to offer; today when left out", example = "2026-11-23") @QueryParam("date") String dateText) {
        providers.requireRunByCaller(id);
        QueryParams q = new QueryParams();
        LocalDate date = q.date("date", dateText);
        q.failIfAny();
        return queries.nextOffer(id, date == null ? capacity.today() : date);
    }

}
