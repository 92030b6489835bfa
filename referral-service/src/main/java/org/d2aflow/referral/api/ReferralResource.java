package org.d2aflow.referral.api;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.d2aflow.kit.http.IfMatch;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.security.Caller;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.kit.idempotency.Idempotent;
import org.d2aflow.referral.api.ReferralRequests.CreateReferral;
import org.d2aflow.referral.api.ReferralRequests.Discharge;
import org.d2aflow.referral.api.ReferralRequests.DischargeReadyDate;
import org.d2aflow.referral.api.ReferralRequests.PathwayDecision;
import org.d2aflow.referral.api.ReferralRequests.Withdrawal;
import org.d2aflow.referral.application.ReferralService;
import org.d2aflow.referral.application.ReferralService.Submission;
import org.d2aflow.referral.domain.NhsNumber;
import org.d2aflow.referral.domain.ReferralCommand;
import org.d2aflow.referral.domain.ReferralStatus;
import org.d2aflow.referral.query.ReferralQueries;
import org.d2aflow.referral.query.ReferralView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Discharge coordinators' API: thin, request to command to use case to response. */
@Path("/referrals")
@RolesAllowed(Roles.COORDINATOR)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Referrals", description = "Discharge cases: discharge ready date, pathway decision, discharge, withdrawal")
public class ReferralResource {

    private static final String IF_MATCH_DOC = "The ETag (version) the change is based on; a stale one is refused with 412";
    private static final String IDEMPOTENCY_DOC = "Makes retries safe: the same key and request within 24 hours replays the first "
            + "answer (Idempotent-Replay: true) and writes nothing; the same key with another request is refused with 422";

    @Inject
    ReferralService referrals;

    @Inject
    ReferralQueries queries;

    @Inject
    Caller caller;

    @POST
    @Operation(summary = "Record a new discharge case",
            description = "Every adult acute discharge is recorded, pathway 0 included. A retry with the same Idempotency-Key "
                    + "returns the same referral.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "referral", value = """
            {"nhsNumber": "999 000 0018", "dateOfBirth": "1941-06-02", "sex": "FEMALE", "locality": "East",
             "site": "County Hospital", "ward": "Ward 7", "admissionDate": "2026-11-02", "usualResidence": "PRIVATE_HOME"}""")))
    @APIResponse(responseCode = "201", description = "Created; Location and ETag headers are set")
    @APIResponse(responseCode = "400", description = "Malformed or missing fields (application/problem+json)")
    @APIResponse(responseCode = "422", description = "Values that break a rule, e.g. an invalid NHS number")
    @Idempotent("referral.submit")
    public Response create(@Valid @NotNull CreateReferral body,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey,
            UriInfo uri) {
        var problem = NhsNumber.problemWith(body.nhsNumber());
        if (problem.isPresent()) {
            throw new InvalidCommandException("nhsNumber", problem.get());
        }
        Submission s = new Submission(NhsNumber.parse(body.nhsNumber()), body.dateOfBirth(), body.sex(), body.locality(), body.site(),
                body.ward(), body.admissionDate(), body.usualResidence(), body.name(), caller.organisation());
        ReferralView r = ReferralView.of(referrals.submit(s), null);
        return Response.created(URI.create(uri.getBaseUri().getPath() + "referrals/" + r.id()))
                .tag(Long.toString(r.version()))
                .entity(r).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One referral: its state, version (also the ETag) and event history")
    @APIResponse(responseCode = "200", description = "The referral")
    @APIResponse(responseCode = "404", description = "No such referral")
    public Response get(@PathParam("id") String id) {
        ReferralView r = queries.get(id, caller.organisation());
        return Response.ok(r).tag(Long.toString(r.version())).build();
    }

    @GET
    @Operation(summary = "List referrals, newest first, with filters and paging")
    public ReferralView.Page list(
            @Parameter(description = "SUBMITTED, PATHWAY_DECIDED, DISCHARGED or WITHDRAWN") @QueryParam("status") String status,
            @QueryParam("locality") String locality,
            @QueryParam("site") String site,
            @Parameter(description = "P0, P1, P2 or P3") @QueryParam("pathway") String pathway,
            @Parameter(description = "Discharged on or after this date", example = "2026-10-01") @QueryParam("dischargedFrom") String dischargedFrom,
            @Parameter(description = "Discharged on or before this date", example = "2026-10-31") @QueryParam("dischargedTo") String dischargedTo,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        // Query values are parsed here, not by JAX-RS, so that a bad one is a 400 naming it rather than a 404.
        QueryParams q = new QueryParams();
        ReferralStatus wantedStatus = q.enumValue("status", status, ReferralStatus.class);
        Pathway wantedPathway = q.enumValue("pathway", pathway, Pathway.class);
        LocalDate from = q.date("dischargedFrom", dischargedFrom);
        LocalDate to = q.date("dischargedTo", dischargedTo);
        q.failIfAny();
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidCommandException(List.of(new FieldError("dischargedFrom", "must not be after dischargedTo")));
        }
        return queries.list(new ReferralQueries.Filter(caller.organisation(), wantedStatus, locality, site, wantedPathway, from, to),
                page, size);
    }

    @PUT
    @Path("/{id}/discharge-ready-date")
    @Operation(summary = "Set or move the discharge ready date (not before admission; the latest wins)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "drd", value = "{\"dischargeReadyDate\": \"2026-11-09\"}")))
    @APIResponse(responseCode = "200", description = "The updated referral")
    @APIResponse(responseCode = "409", description = "The referral is discharged or withdrawn")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    public Response setDischargeReadyDate(@PathParam("id") String id, @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull DischargeReadyDate body) {
        return changed(ReferralView.of(referrals.change(id, caller.organisation(), IfMatch.expectedVersion(ifMatch),
                r -> r.decide(new ReferralCommand.SetDischargeReadyDate(body.dischargeReadyDate()))), null));
    }

    @PUT
    @Path("/{id}/pathway-decision")
    @Operation(summary = "Record (or revise) the pathway decision; the service type must belong to the pathway")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "P1 reablement",
            value = "{\"pathway\": \"P1\", \"serviceType\": \"REABLEMENT_HOME\", \"decidedAt\": \"2026-11-08\"}")))
    @APIResponse(responseCode = "200", description = "The updated referral")
    @APIResponse(responseCode = "409", description = "The referral is discharged or withdrawn, or changed concurrently")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "Pathway and service type disagree, or the date is impossible")
    public Response decidePathway(@PathParam("id") String id, @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull PathwayDecision body) {
        LocalDate today = referrals.today();
        return changed(ReferralView.of(referrals.change(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), r -> r.decide(new ReferralCommand.DecidePathway(
                body.pathway(), body.serviceType(), body.decidedAt() == null ? today : body.decidedAt(), today))), null));
    }

    @POST
    @Path("/{id}/discharge")
    @Operation(summary = "Record the discharge: date, destination and method codes (method 4 or 5 if and only if destination 79)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "home",
            value = "{\"dischargeDate\": \"2026-11-10\", \"destinationCode\": \"19\", \"methodCode\": \"1\"}")))
    @APIResponse(responseCode = "200", description = "The updated referral")
    @APIResponse(responseCode = "409", description = "Already discharged or withdrawn, or the date is before the discharge ready date")
    @APIResponse(responseCode = "422", description = "Unknown codes, death method without destination 79, impossible dates")
    @Idempotent("referral.discharge")
    public Response discharge(@PathParam("id") String id, @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull Discharge body) {
        LocalDate today = referrals.today();
        Integer ageAtDischarge = referrals.ageOn(id, body.dischargeDate());
        return changed(ReferralView.of(referrals.change(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), r -> r.decide(new ReferralCommand.RecordDischarge(
                body.dischargeDate(), body.destinationCode(), body.methodCode(), today, ageAtDischarge))), null));
    }

    @POST
    @Path("/{id}/withdrawal")
    @Operation(summary = "Withdraw the referral with a reason")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "withdrawal", value = "{\"reason\": \"Transferred to another trust\"}")))
    @APIResponse(responseCode = "200", description = "The updated referral")
    @APIResponse(responseCode = "409", description = "Already discharged or withdrawn")
    @Idempotent("referral.withdraw")
    public Response withdraw(@PathParam("id") String id, @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull Withdrawal body) {
        return changed(ReferralView.of(referrals.change(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), r -> r.decide(new ReferralCommand.Withdraw(body.reason()))), null));
    }

    @GET
    @Path("/{id}/identity")
    @Operation(summary = "The patient behind a referral: NHS number, name, date of birth",
            description = "Only for coordinators of the organisation that owns the referral. Every read is recorded with who, "
                    + "when and the reason given, in an append-only audit that administrators can list.")
    @APIResponse(responseCode = "200", description = "The identity")
    @APIResponse(responseCode = "400", description = "No reason given")
    @APIResponse(responseCode = "404", description = "No such referral in your organisation")
    public Response identity(@PathParam("id") String id,
            @Parameter(description = "Why the identity is needed (recorded in the audit)", required = true, example = "Arranging transport home")
            @QueryParam("reason") String reason) {
        QueryParams q = new QueryParams();
        String why = q.requiredText("reason", reason, 500, "say why the identity is needed");
        q.failIfAny();
        ReferralService.Identity i = referrals.readIdentity(id, caller.organisation(), caller.subject(), why);
        return Response.ok(new IdentityView(i.referralId(), i.nhsNumber(), i.name(), i.dateOfBirth()))
                .header("Cache-Control", "no-store").build();
    }

    /** The identity answer; marked no-store so that no cache keeps it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record IdentityView(String referralId, String nhsNumber, String name, LocalDate dateOfBirth) {
    }

    /** The answer to a change: the referral as it now is, its version the ETag. */
    private static Response changed(ReferralView r) {
        return Response.ok(r).tag(Long.toString(r.version())).build();
    }
}
