package org.d2aflow.referral.api;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.problem.ProblemMappers;
import org.d2aflow.kit.security.Caller;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.referral.application.IdentifiedReturns;
import org.d2aflow.referral.application.IdentifiedReturns.BadAnswer;
import org.d2aflow.referral.application.IdentifiedReturns.Exported;
import org.d2aflow.referral.application.IdentifiedReturns.Refused;
import org.d2aflow.referral.application.IdentifiedReturns.Unavailable;

/**
 * The council's CLD reablement extract with NHS numbers, for administrators only: metrics-service computes it
 * pseudonymised, this service fills in the NHS numbers it holds, and every export goes into the identity audit with who,
 * when, which period and as-known-at instant, why, and how many NHS numbers it carried.
 */
@Path("/admin/returns")
@RolesAllowed(Roles.ADMIN)
public class IdentifiedReturnResource {

    static final String CLD_REABLEMENT = "cld-reablement";
    static final String CSV = "text/csv";
    /** Seconds a caller is asked to wait when metrics-service is away. */
    static final int RETRY_AFTER_SECONDS = 30;

    @Inject
    IdentifiedReturns returns;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    @GET
    @Path("/" + CLD_REABLEMENT)
    @Produces(CSV)
    public Response cldReablement(@QueryParam("period") String period, @QueryParam("asKnownAt") String asKnownAt,
            @QueryParam("reason") String reason, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context UriInfo uri) {
        QueryParams q = new QueryParams();
        ReturnPeriod quarter = quarter(period, q);
        Instant given = q.instant("asKnownAt", asKnownAt);
        Instant known = given != null ? given : Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        String why = q.requiredText("reason", reason, 500, "say why the NHS numbers are needed");
        q.failIfAny();
        var outcome = returns.export(new IdentifiedReturns.Request(CLD_REABLEMENT, quarter.label(), known, caller.subject(),
                caller.organisation(), why, authorization));
        if (outcome instanceof Exported e) {
            return Response.ok(e.csv(), CSV + "; charset=UTF-8")
                    .header("Cache-Control", "no-store")
                    .header("Content-Disposition", "attachment; filename=\"" + e.filename() + "\"")
                    .header("D2A-Unmatched-Rows", e.unmatchedRows())
                    .header("D2A-Identity-Export-Id", e.auditId())
                    .build();
        }
        if (outcome instanceof Refused r) {
            return Response.status(r.status()).type(r.contentType()).entity(r.body()).build();
        }
        if (outcome instanceof Unavailable u) {
            return Response.fromResponse(ProblemMappers.problem(503, "metrics-unavailable", "Service unavailable",
                    u.detail() + "; retry after " + RETRY_AFTER_SECONDS + " seconds", uri, List.of()))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        return ProblemMappers.problem(502, "bad-gateway", "Bad answer from metrics-service", ((BadAnswer) outcome).detail(), uri,
                List.of());
    }

    /** A financial-year quarter, "2024-25-Q3" (Q1 is April to June), read as metrics-service reads it. */
    private static ReturnPeriod quarter(String raw, QueryParams q) {
        ReturnPeriod.Kind kind = ReturnPeriod.Kind.QUARTER;
        if (raw == null || raw.isBlank()) {
            q.refuse("period", "is required: " + kind.description());
            return null;
        }
        ReturnPeriod quarter = kind.parse(raw).orElse(null);
        if (quarter == null) {
            q.refuse("period", "must be " + kind.description());
        }
        return quarter;
    }
}
