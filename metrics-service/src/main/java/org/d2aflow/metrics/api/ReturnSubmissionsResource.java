package org.d2aflow.metrics.api;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.problem.ProblemMappers;
import org.d2aflow.kit.security.Caller;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.metrics.domain.returns.NationalReturn;
import org.d2aflow.metrics.domain.returns.Revisions;
import org.d2aflow.metrics.domain.returns.Submission;
import org.d2aflow.metrics.query.SubmissionsService;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Versioned submissions of the national returns and the revision report between two of them (README "Submissions and
 * revisions"): a submission records (period, asKnownAt, layout version, SHA-256 of the CSV) on d2a.returns; fetching it
 * regenerates the bytes and checks them against that SHA-256.
 */
@Path("/returns")
@RolesAllowed({Roles.COMMISSIONER, Roles.ADMIN})
public class ReturnSubmissionsResource {

    static final String SHA256_HEADER = "X-D2A-Content-SHA256";

    @Inject
    SubmissionsService submissions;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    /** A submission regenerated: the submission, the SHA-256 of the bytes regenerated, and whether they are those submitted. */
    public record Reproduction(Submission submission, String regeneratedSha256, boolean reproduced) {
    }

    /** The revision report between two submissions: what changed, and the facts recorded in between behind each change. */
    public record RevisionReport(String name, String period, Submission from, Submission to, String factsRecorded,
            List<Revisions.Change> changes) {
    }

    /** A submission's body. */
    public record SubmissionRequest(
            @Schema(description = "The period as the return names it (GET /returns)", examples = "2024-03") String period,
            @Schema(description = "The instant to generate the return as known at, not in the future; now when left out",
                    examples = "2024-04-05T12:00:00Z") String asKnownAt) {
    }

    /** Generates the return and records the submission; 201 only after the broker acknowledged it. */
    @POST
    @Path("/{name}/submissions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "The submission recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Submission.class)))
    public Response submit(@PathParam("name") String name, @NotNull SubmissionRequest body) {
        NationalReturn r = ReturnsResource.known(name);
        QueryParams q = new QueryParams();
        ReturnPeriod period = ReturnsResource.period(r, "period", body.period(), q);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant asKnownAt = q.instant("asKnownAt", body.asKnownAt());
        if (asKnownAt != null && asKnownAt.isAfter(now)) {
            q.refuse("asKnownAt", "must not be in the future: facts still to be recorded would change the bytes");
        }
        q.failIfAny();
        Submission s = available(() -> submissions.submit(r, period, asKnownAt == null ? now : asKnownAt, caller.subject()));
        return Response.created(URI.create("/returns/" + r.name() + "/submissions/" + s.id())).entity(s).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** The submissions of a return, oldest first; of one period when {@code period} is given. */
    @GET
    @Path("/{name}/submissions")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Submission> list(@PathParam("name") String name, @QueryParam("period") String period) {
        NationalReturn r = ReturnsResource.known(name);
        String label = null;
        if (period != null && !period.isBlank()) {
            QueryParams q = new QueryParams();
            ReturnPeriod p = ReturnsResource.period(r, "period", period, q);
            q.failIfAny();
            label = p.label();
        }
        String wanted = label;
        return available(() -> submissions.list(r.name(), wanted));
    }

    /**
     * The submitted return regenerated from its period and as-known-at, as CSV, checked against the SHA-256 recorded (409 when
     * the bytes differ); with Accept: application/json, the submission with the SHA-256 regenerated.
     */
    @GET
    @Path("/{name}/submissions/{id}")
    @Produces({ReturnsResource.CSV, MediaType.APPLICATION_JSON})
    @APIResponse(responseCode = "200", description = "The bytes submitted, regenerated", content = {
        @Content(mediaType = ReturnsResource.CSV, schema = @Schema(type = SchemaType.STRING)),
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Reproduction.class))})
    public Response submission(@PathParam("name") String name, @PathParam("id") String id, @Context HttpHeaders headers) {
        NationalReturn r = ReturnsResource.known(name);
        Submission s = submission(r, id, "id");
        SubmissionsService.Regenerated again = available(() -> submissions.regenerate(r, s));
        if (!again.matches() || !s.layoutVersion().equals(r.layoutVersion())) {
            throw new ClientErrorException(ProblemMappers.problem(409, "submission-not-reproduced", "Submission not reproduced",
                    "Regenerated " + r.name() + " for " + s.period() + " as known at " + s.asKnownAt() + " (layout " + r.layoutVersion()
                            + ") has SHA-256 " + again.sha256() + ", but submission " + s.id() + " recorded " + s.sha256() + " (layout "
                            + s.layoutVersion() + ")", null, List.of()));
        }
        if (wantsJson(headers)) {
            return Response.ok(new Reproduction(s, again.sha256(), true), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(again.csv(), ReturnsResource.CSV + "; charset=UTF-8").header(SHA256_HEADER, again.sha256())
                .header("Content-Disposition", "attachment; filename=\"" + r.name() + "-" + s.period() + "-" + s.id() + ".csv\"").build();
    }

    /**
     * What changed between two submissions of one return and period: every changed cell with the facts recorded between the
     * two as-known-at instants about its sources. JSON, or CSV (one line per change and fact) with Accept: text/csv.
     */
    @GET
    @Path("/{name}/revisions")
    @Produces({MediaType.APPLICATION_JSON, ReturnsResource.CSV})
    @APIResponse(responseCode = "200", description = "The report", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevisionReport.class)),
        @Content(mediaType = ReturnsResource.CSV, schema = @Schema(type = SchemaType.STRING))})
    public Response revisions(@PathParam("name") String name, @QueryParam("from") String from, @QueryParam("to") String to,
            @Context HttpHeaders headers) {
        NationalReturn r = ReturnsResource.known(name);
        QueryParams q = new QueryParams();
        q.requiredText("from", from, 100, "the id of the earlier submission");
        q.requiredText("to", to, 100, "the id of the later submission");
        q.failIfAny();
        Submission a = submission(r, from.strip(), "from");
        Submission b = submission(r, to.strip(), "to");
        if (!a.period().equals(b.period())) {
            q.refuse("to", "must be a submission of the same period as from (" + a.period() + "), not " + b.period());
            q.failIfAny();
        }
        List<Revisions.Change> changes = available(() -> submissions.revisions(r, a, b));
        if (wantsCsv(headers)) {
            return Response.ok(Revisions.csv(changes), ReturnsResource.CSV + "; charset=UTF-8").header("Content-Disposition",
                    "attachment; filename=\"" + r.name() + "-" + a.period() + "-revisions.csv\"").build();
        }
        return Response.ok(new RevisionReport(r.name(), a.period(), a, b, "after " + earlier(a, b) + " and at or before " + later(a, b),
                changes), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Instant earlier(Submission a, Submission b) {
        return a.asKnownAt().isAfter(b.asKnownAt()) ? b.asKnownAt() : a.asKnownAt();
    }

    private static Instant later(Submission a, Submission b) {
        return a.asKnownAt().isAfter(b.asKnownAt()) ? a.asKnownAt() : b.asKnownAt();
    }

    private Submission submission(NationalReturn r, String id, String field) {
        return available(() -> submissions.find(r.name(), id)).orElseThrow(() -> new NotFoundException("Submission", id + " of "
                + r.name() + " (" + field + ")"));
    }

    private static boolean wantsJson(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(t -> !t.isWildcardType() && t.isCompatible(MediaType.APPLICATION_JSON_TYPE));
    }

    private static boolean wantsCsv(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().anyMatch(t -> !t.isWildcardType() && t.isCompatible(MediaType.valueOf(ReturnsResource.CSV)));
    }

    private static <T> T available(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SubmissionsService.Unavailable e) {
            Response p = ProblemMappers.problem(503, "returns-unavailable", "Returns unavailable", e.getMessage(), null, List.of());
            throw new ServiceUnavailableException(Response.fromResponse(p).header("Retry-After", "5").build());
        }
    }
}
