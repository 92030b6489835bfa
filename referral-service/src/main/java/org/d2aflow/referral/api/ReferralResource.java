package org.d2aflow.referral.api;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

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
import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.security.Caller;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.kit.idempotency.Idempotent;
import org.d2aflow.referral.api.ReferralRequests.CreateReferral;
import org.d2aflow.referral.api.ReferralRequests.Discharge;
import org.d2aflow.referral.api.ReferralRequests.DischargeCorrection;
import org.d2aflow.referral.api.ReferralRequests.DischargeReadyDateCorrection;
import org.d2aflow.referral.api.ReferralRequests.DischargeVoid;
import org.d2aflow.referral.api.ReferralRequests.DischargeReadyDate;
import org.d2aflow.referral.api.ReferralRequests.PathwayDecision;
import org.d2aflow.referral.api.ReferralRequests.Withdrawal;
import org.d2aflow.referral.application.ReferralService;
import org.d2aflow.referral.application.ReferralService.Submission;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.referral.domain.NhsNumber;
import org.d2aflow.referral.domain.Referral;
import org.d2aflow.referral.domain.ReferralCommand;
import org.d2aflow.referral.domain.ReferralCommand.Correction;
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
@Tag(name = "Referrals", description = "Discharge cases: discharge ready date, pathway decision, discharge, withdrawal, corrections")
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
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
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
    @Operation(summary = "Set or move the discharge ready date (not before admission; the latest wins)",
            description = "It may lie in the future (expected readiness), but not further back than the organisation's late-entry "
                    + "window (d2a.late-entry.window-days, 90 by default).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "drd", value = "{\"dischargeReadyDate\": \"2026-11-09\"}")))
    @APIResponse(responseCode = "200", description = "The updated referral")
    @APIResponse(responseCode = "409", description = "The referral is discharged or withdrawn")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "Before admission, or older than the late-entry window (the limit is named)")
    public Response setDischargeReadyDate(@PathParam("id") String id, @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull DischargeReadyDate body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        return change(id, ifMatch, r -> r.decide(new ReferralCommand.SetDischargeReadyDate(body.dischargeReadyDate(), window)));
    }

    @PUT
    @Path("/{id}/pathway-decision")
    @Operation(summary = "Record (or revise) the pathway decision; the service type must belong to the pathway")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "P1 reablement",
            value = "{\"pathway\": \"P1\", \"serviceType\": \"REABLEMENT_HOME\", \"decidedAt\": \"2026-11-08\"}")))
    @APIResponse(responseCode = "200", description = "The updated referral")
    @APIResponse(responseCode = "409", description = "The referral is discharged or withdrawn, or changed concurrently")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "Pathway and service type disagree, or the date is impossible: before "
            + "admission, in the future, or older than the late-entry window (the limit is named)")
    public Response decidePathway(@PathParam("id") String id, @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull PathwayDecision body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        return change(id, ifMatch, r -> r.decide(new ReferralCommand.DecidePathway(
                body.pathway(), body.serviceType(), body.decidedAt() == null ? window.today() : body.decidedAt(), window)));
    }

    @POST
    @Path("/{id}/discharge")
    @Operation(summary = "Record the discharge: date, destination and method codes (method 4 or 5 if and only if destination 79)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "home",
            value = "{\"dischargeDate\": \"2026-11-10\", \"destinationCode\": \"19\", \"methodCode\": \"1\"}")))
    @APIResponse(responseCode = "200", description = "The updated referral")
    @APIResponse(responseCode = "409", description = "Already discharged or withdrawn, or the date is before the discharge ready date")
    @APIResponse(responseCode = "422", description = "Unknown codes, death method without destination 79, impossible dates (before "
            + "admission, in the future, older than the late-entry window)")
    @Idempotent("referral.discharge")
    public Response discharge(@PathParam("id") String id, @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull Discharge body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        Integer ageAtDischarge = referrals.ageOn(id, body.dischargeDate());
        return change(id, ifMatch, r -> r.decide(new ReferralCommand.RecordDischarge(
                body.dischargeDate(), body.destinationCode(), body.methodCode(), window, ageAtDischarge)));
    }

    @POST
    @Path("/{id}/discharge/corrections")
    @Operation(summary = "Correct the recorded discharge: the date, destination or method given replace the discharge's",
            description = "Nothing is rewritten: a discharge-corrected event names the CloudEvents id of the fact it corrects (the "
                    + "patient-discharged or its latest correction), who corrected it (the token's subject) and why. The corrected "
                    + "discharge obeys the rules of a discharge; a new date must be within the late-entry window.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "wrong day", value = "{\"dischargeDate\": \"2026-11-11\", \"reason\": \"Discharged on the 11th; the 10th was the transport booking\"}"),
            @ExampleObject(name = "wrong destination", value = "{\"destinationCode\": \"85\", \"reason\": \"Went to a care home, not home\"}")}))
    @APIResponse(responseCode = "200", description = "The referral with the corrected discharge; its history shows the correction")
    @APIResponse(responseCode = "409", description = "No discharge to correct (code no-discharge-to-correct), the corrected date is "
            + "before the discharge ready date, or a concurrent change")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "No reason, a correction that changes nothing, or corrected values breaking a "
            + "discharge rule (codes, death method, dates, late-entry window)")
    @Idempotent("referral.discharge-correction")
    public Response correctDischarge(@PathParam("id") String id, @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull DischargeCorrection body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        Integer age = body.dischargeDate() == null ? null : referrals.ageOn(id, body.dischargeDate());
        return change(id, ifMatch, r -> r.decide(
                new ReferralCommand.CorrectDischarge(correction(id, r.dischargeFact(), body.reason()),
                        body.dischargeDate(), body.destinationCode(), body.methodCode(), age, window)));
    }

    @POST
    @Path("/{id}/discharge/void")
    @Operation(summary = "Void a discharge recorded for the wrong referral: the patient is back in hospital",
            description = "A discharge-voided event names the CloudEvents id of the discharge (or its latest correction), who voided it "
                    + "and why. The referral returns to its state before the discharge and may be discharged again later.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "wrong referral",
            value = "{\"reason\": \"Discharge was recorded against the wrong patient's referral\"}")))
    @APIResponse(responseCode = "200", description = "The referral, back in hospital; its history shows the void")
    @APIResponse(responseCode = "409", description = "No discharge to void (code no-discharge-to-correct), or a concurrent change")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "No reason, or one over 500 characters")
    @Idempotent("referral.discharge-void")
    public Response voidDischarge(@PathParam("id") String id, @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull DischargeVoid body) {
        return change(id, ifMatch, r -> r.decide(
                new ReferralCommand.VoidDischarge(correction(id, r.dischargeFact(), body.reason()))));
    }

    @POST
    @Path("/{id}/discharge-ready-date/corrections")
    @Operation(summary = "Correct a discharge ready date that was never right (also after the discharge)",
            description = "Unlike PUT /discharge-ready-date (readiness moved), a correction says the earlier date was wrong: a "
                    + "discharge-ready-date-corrected event names the CloudEvents id of the date it corrects, who and why. Not before "
                    + "admission, within the late-entry window, and not after the discharge when there is one.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "wrong day",
            value = "{\"dischargeReadyDate\": \"2026-11-08\", \"reason\": \"MDT notes show no criteria to reside from the 8th\"}")))
    @APIResponse(responseCode = "200", description = "The referral with the corrected date; its history shows the correction")
    @APIResponse(responseCode = "409", description = "No discharge ready date to correct (code no-ready-date-to-correct), a date "
            + "after the discharge (discharge-before-ready-date), a withdrawn referral, or a concurrent change")
    @APIResponse(responseCode = "412", description = "If-Match is stale")
    @APIResponse(responseCode = "422", description = "No reason, the same date, a date before admission or beyond the late-entry window")
    @Idempotent("referral.discharge-ready-date-correction")
    public Response correctDischargeReadyDate(@PathParam("id") String id,
            @Parameter(description = IF_MATCH_DOC) @HeaderParam("If-Match") String ifMatch,
            @Parameter(description = IDEMPOTENCY_DOC) @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull DischargeReadyDateCorrection body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        return change(id, ifMatch, r -> r.decide(
                new ReferralCommand.CorrectDischargeReadyDate(correction(id, r.readyDateFact(), body.reason()),
                        body.dischargeReadyDate(), window)));
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
        return change(id, ifMatch, r -> r.decide(new ReferralCommand.Withdraw(body.reason())));
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

    /** Applies a change to a referral of the caller's organisation, answering with the referral as it now is. */
    private Response change(String id, String ifMatch, Function<Referral, List<ReferralEvent>> decision) {
        return changed(ReferralView.of(referrals.change(id, caller.organisation(), IfMatch.expectedVersion(ifMatch), decision), null));
    }

    /** Who corrects the fact at {@code factVersion} (0: none, which the aggregate refuses) and why. */
    private Correction correction(String id, long factVersion, String reason) {
        return new Correction(referrals.eventIdAt(id, factVersion), reason, caller.subject());
    }

    /** The answer to a change: the referral as it now is, its version the ETag. */
    private static Response changed(ReferralView r) {
        return Response.ok(r).tag(Long.toString(r.version())).build();
    }
}
