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
import org.d2aflow.referral.api.ReferralRequests.DelayReason;
import org.d2aflow.referral.api.ReferralRequests.Discharge;
import org.d2aflow.referral.api.ReferralRequests.DischargeCorrection;
import org.d2aflow.referral.api.ReferralRequests.DischargeReadyDateCorrection;
import org.d2aflow.referral.api.ReferralRequests.DischargeVoid;
import org.d2aflow.referral.api.ReferralRequests.DischargeReadyDate;
import org.d2aflow.referral.api.ReferralRequests.PathwayDecision;
import org.d2aflow.referral.api.ReferralRequests.Withdrawal;
import org.d2aflow.contracts.reference.DelayReasonCodeList;
import org.d2aflow.referral.application.DelayReasonLists;
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

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Discharge coordinators' API: thin, request to command to use case to response. */
@Path("/referrals")
@RolesAllowed(Roles.COORDINATOR)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReferralResource {

    @Inject
    ReferralService referrals;

    @Inject
    ReferralQueries queries;

    @Inject
    Caller caller;

    @Inject
    DelayReasonLists delayReasons;

    @POST
    @Idempotent("referral.submit")
    public Response create(@Valid @NotNull CreateReferral body,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            UriInfo uri) {
        var problem = NhsNumber.problemWith(body.nhsNumber());
        if (problem.isPresent()) {
            throw new InvalidCommandException("nhsNumber", problem.get());
        }
        Submission s = new Submission(NhsNumber.parse(body.nhsNumber()), body.dateOfBirth(), body.sex(), body.locality(), body.site(),
                body.ward(), body.admissionDate(), body.usualResidence(), body.name(), caller.organisation(), body.admissionMethod());
        ReferralView r = ReferralView.of(referrals.submit(s), null);
        return Response.created(URI.create(uri.getBaseUri().getPath() + "referrals/" + r.id()))
                .tag(Long.toString(r.version()))
                .entity(r).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        ReferralView r = queries.get(id, caller.organisation());
        return Response.ok(r).tag(Long.toString(r.version())).build();
    }

    @GET
    public ReferralView.Page list(
            @QueryParam("status") String status,
            @QueryParam("locality") String locality,
            @QueryParam("site") String site,
            @QueryParam("pathway") String pathway,
            @QueryParam("dischargedFrom") String dischargedFrom,
            @QueryParam("dischargedTo") String dischargedTo,
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
    public Response setDischargeReadyDate(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull DischargeReadyDate body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        return change(id, ifMatch, r -> r.decide(new ReferralCommand.SetDischargeReadyDate(body.dischargeReadyDate(), window)));
    }

    @PUT
    @Path("/{id}/pathway-decision")
    public Response decidePathway(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull PathwayDecision body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        return change(id, ifMatch, r -> r.decide(new ReferralCommand.DecidePathway(
                body.pathway(), body.serviceType(), body.decidedAt() == null ? window.today() : body.decidedAt(), window)));
    }

    @POST
    @Path("/{id}/discharge")
    @Idempotent("referral.discharge")
    public Response discharge(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull Discharge body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        Integer ageAtDischarge = referrals.ageOn(id, body.dischargeDate());
        return change(id, ifMatch, r -> r.decide(new ReferralCommand.RecordDischarge(
                body.dischargeDate(), body.destinationCode(), body.methodCode(), window, ageAtDischarge)));
    }

    @POST
    @Path("/{id}/discharge/corrections")
    @Idempotent("referral.discharge-correction")
    public Response correctDischarge(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull DischargeCorrection body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        Integer age = body.dischargeDate() == null ? null : referrals.ageOn(id, body.dischargeDate());
        return change(id, ifMatch, r -> r.decide(
                new ReferralCommand.CorrectDischarge(correction(id, r.dischargeFact(), body.reason()),
                        body.dischargeDate(), body.destinationCode(), body.methodCode(), age, window)));
    }

    @POST
    @Path("/{id}/discharge/void")
    @Idempotent("referral.discharge-void")
    public Response voidDischarge(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull DischargeVoid body) {
        return change(id, ifMatch, r -> r.decide(
                new ReferralCommand.VoidDischarge(correction(id, r.dischargeFact(), body.reason()))));
    }

    @POST
    @Path("/{id}/discharge-ready-date/corrections")
    @Idempotent("referral.discharge-ready-date-correction")
    public Response correctDischargeReadyDate(@PathParam("id") String id,
            @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull DischargeReadyDateCorrection body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        return change(id, ifMatch, r -> r.decide(
                new ReferralCommand.CorrectDischargeReadyDate(correction(id, r.readyDateFact(), body.reason()),
                        body.dischargeReadyDate(), window)));
    }

    @POST
    @Path("/{id}/delay-reasons")
    @Idempotent("referral.delay-reason")
    public Response recordDelayReason(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull DelayReason body) {
        EntryWindow window = referrals.entryWindow(caller.organisation());
        LocalDate from = body.effectiveFrom() == null ? window.today() : body.effectiveFrom();
        // The list is checked while deciding, as every other rule: after If-Match, the referral's existence and its version.
        return change(id, ifMatch, r -> {
            DelayReasonCodeList list = delayReasons.resolve(body.listId(), body.listVersion(), body.code(), from);
            return r.decide(new ReferralCommand.RecordDelayReason(list.listId(), list.version(), body.code(), from, window));
        });
    }

    @POST
    @Path("/{id}/withdrawal")
    @Idempotent("referral.withdraw")
    public Response withdraw(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Valid @NotNull Withdrawal body) {
        return change(id, ifMatch, r -> r.decide(new ReferralCommand.Withdraw(body.reason())));
    }

    @GET
    @Path("/{id}/identity")
    public Response identity(@PathParam("id") String id,
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
    @Schema(name = "ReferralIdentity")
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
