package org.d2aflow.metrics.api;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.problem.ProblemMappers;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.metrics.domain.returns.NationalReturn;
import org.d2aflow.metrics.domain.returns.NationalReturns;
import org.d2aflow.metrics.domain.returns.ReturnColumns;
import org.d2aflow.metrics.domain.returns.ReturnPeriod;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.d2aflow.metrics.query.ReturnsService;

/**
 * The national returns as CSV (or JSON, column to value), for one day or month and as known at an instant, and their column
 * dictionaries as markdown. Counts only: no NHS number, name or referral id.
 */
@Path("/returns")
@RolesAllowed({Roles.COMMISSIONER, Roles.ADMIN})
public class ReturnsResource {

    static final String CSV = "text/csv";
    static final String MARKDOWN = "text/markdown";
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    @Inject
    ReturnsService returns;

    @Inject
    Clock clock;

    /** The returns the suite produces: name, title, period kind and layout version. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, String>> list() {
        return NationalReturns.ALL.stream().map(r -> Map.of("name", r.name(), "title", r.title(), "period",
                r.periodKind().description(), "layoutVersion", r.layoutVersion())).toList();
    }

    /**
     * One return for a period as known at an instant, as CSV (or JSON, one object per row). The period is {@code period};
     * a daily return also takes it as {@code date} and a monthly one as {@code month}. An Accept of the xlsx type gives a
     * workbook ({@link XlsxReturns}).
     */
    @GET
    @Path("/{name}")
    @Produces({CSV, MediaType.APPLICATION_JSON, XlsxReturns.XLSX})
    public Response table(@PathParam("name") String name, @QueryParam("period") String period, @QueryParam("date") String date,
            @QueryParam("month") String month, @QueryParam("asKnownAt") String asKnownAt, @Context HttpHeaders headers) {
        NationalReturn r = known(name);
        List<FieldError> errors = new ArrayList<>();
        String field = period != null || (date == null && month == null) ? "period"
                : date != null && r.periodKind() == ReturnPeriod.Kind.DAY ? "date" : month != null && r.periodKind() == ReturnPeriod.Kind.MONTH
                        ? "month" : "period";
        String raw = switch (field) {
            case "date" -> date;
            case "month" -> month;
            default -> period;
        };
        ReturnPeriod p = null;
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError(field, "is required: " + r.periodKind().description()));
        } else {
            p = r.periodKind().parse(raw).orElse(null);
            if (p == null) {
                errors.add(new FieldError(field, "must be " + r.periodKind().description()));
            }
        }
        Instant known = asKnownAt(asKnownAt, errors);
        if (!errors.isEmpty()) {
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input",
                    errors.size() + " query parameter(s) are invalid", null, errors));
        }
        ReturnTable table = returns.compute(r, p, known);
        if (XlsxReturns.wanted(headers)) {
            return XlsxReturns.response(r, p, table);
        }
        boolean json = headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                && !t.isWildcardType());
        if (json) {
            return Response.ok(r.periodKind() == ReturnPeriod.Kind.DAY || r.periodKind() == ReturnPeriod.Kind.MONTH
                    ? table.asMaps().get(0) : table.asMaps(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(table.csv(), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + r.name() + "-" + p.label() + ".csv\"").build();
    }

    /** The column dictionary of one return, as markdown. */
    @GET
    @Path("/{name}/columns")
    @Produces(MARKDOWN)
    public String columns(@PathParam("name") String name) {
        return ReturnColumns.markdown(known(name).name());
    }

    private static NationalReturn known(String name) {
        return NationalReturns.byName(name).orElseThrow(() -> new NotFoundException("Return", name + " (known returns: "
                + String.join(", ", NationalReturns.ALL.stream().map(NationalReturn::name).toList()) + ")"));
    }

    /** The as-known-at instant (default now), truncated to the microsecond as the facts are. */
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
}
