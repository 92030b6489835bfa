package org.d2aflow.referral.api;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.d2aflow.kit.domain.FieldError;
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

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-(\\d{2})-Q[1-4]");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

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
        List<FieldError> errors = new ArrayList<>();
        String quarter = quarter(period, errors);
        Instant known = asKnownAt(asKnownAt, errors);
        String why = reason(reason, errors);
        if (!errors.isEmpty()) {
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input",
                    errors.size() + " query parameter(s) are invalid", uri, errors));
        }
        var outcome = returns.export(new IdentifiedReturns.Request(CLD_REABLEMENT, quarter, known, caller.subject(),
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

    /** A financial-year quarter, "2024-25-Q3" (Q1 is April to June), as metrics-service reads it. */
    private static String quarter(String raw, List<FieldError> errors) {
        String description = "a financial-year quarter such as 2024-25-Q3 (Q1 is April to June)";
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError("period", "is required: " + description));
            return null;
        }
        String s = raw.strip();
        Matcher m = QUARTER.matcher(s);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            if (year > 0 && year < 9999 && (year + 1) % 100 == Integer.parseInt(m.group(2))) {
                return s;
            }
        }
        errors.add(new FieldError("period", "must be " + description));
        return null;
    }

    /** The as-known-at instant (default now), to the microsecond as the facts are. */
    private Instant asKnownAt(String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        }
        try {
            Instant known = Instant.parse(raw.strip());
            if (!known.isBefore(EARLIEST) && !known.isAfter(LATEST)) {
                return known.truncatedTo(ChronoUnit.MICROS);
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        errors.add(new FieldError("asKnownAt", "must be an instant between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z"));
        return null;
    }

    /** Why the NHS numbers are needed: required, as for an identity read. */
    private static String reason(String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError("reason", "is required: say why the NHS numbers are needed"));
            return null;
        }
        if (raw.length() > 500) {
            errors.add(new FieldError("reason", "must be at most 500 characters"));
            return null;
        }
        return raw.strip();
    }
}
