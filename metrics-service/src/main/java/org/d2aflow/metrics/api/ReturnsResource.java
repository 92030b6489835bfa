package org.d2aflow.metrics.api;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.problem.ProblemMappers;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.metrics.domain.returns.ReturnColumns;
import org.d2aflow.metrics.domain.returns.ReturnRow;
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
    private static final Pattern DATE_OR_MONTH = Pattern.compile("\\d{4}-\\d{2}(-\\d{2})?");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    @Inject
    ReturnsService returns;

    @Inject
    Clock clock;

    @GET
    @Path("/discharge-sitrep")
    @Produces({CSV, MediaType.APPLICATION_JSON})
    public Response dischargeSitrep(@QueryParam("date") String date, @QueryParam("asKnownAt") String asKnownAt, @Context HttpHeaders headers) {
        return answer("date", date, "a date between 0001-01-01 and 9999-12-31 (yyyy-MM-dd)", LocalDate::parse, asKnownAt,
                returns::dischargeSitrep, headers);
    }

    @GET
    @Path("/drd-timeliness")
    @Produces({CSV, MediaType.APPLICATION_JSON})
    public Response drdTimeliness(@QueryParam("month") String month, @QueryParam("asKnownAt") String asKnownAt, @Context HttpHeaders headers) {
        return answer("month", month, "a month between 0001-01 and 9999-12 (yyyy-MM)", YearMonth::parse, asKnownAt, returns::drdTimeliness,
                headers);
    }

    @GET
    @Path("/discharge-sitrep/columns")
    @Produces(MARKDOWN)
    public String dischargeSitrepColumns() {
        return ReturnColumns.markdown("discharge-sitrep");
    }

    @GET
    @Path("/drd-timeliness/columns")
    @Produces(MARKDOWN)
    public String drdTimelinessColumns() {
        return ReturnColumns.markdown("drd-timeliness");
    }

    /** Checks the period and instant (every error at once), computes the row and answers it as CSV, or JSON when asked. */
    private <P> Response answer(String name, String raw, String what, Function<String, P> parser, String asKnownAt,
            BiFunction<P, Instant, ReturnRow> compute, HttpHeaders headers) {
        List<FieldError> errors = new ArrayList<>();
        P period = parse(name, raw, what, parser, errors);
        Instant known = asKnownAt(asKnownAt, errors);
        if (!errors.isEmpty()) {
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input",
                    errors.size() + " query parameter(s) are invalid", null, errors));
        }
        ReturnRow row = compute.apply(period, known);
        boolean json = headers.getAcceptableMediaTypes().stream().anyMatch(t -> t.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                && !t.isWildcardType());
        if (json) {
            return Response.ok(row.asMap(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        return Response.ok(row.csv(), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + row.name() + "-" + period + ".csv\"").build();
    }

    /** A required date or month: exactly yyyy-MM-dd or yyyy-MM, years 0001 to 9999. */
    private static <T> T parse(String name, String raw, String what, Function<String, T> parser, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError(name, "is required: " + what));
            return null;
        }
        String s = raw.strip();
        if (DATE_OR_MONTH.matcher(s).matches()) {
            try {
                T value = parser.apply(s);
                if (!s.startsWith("0000")) {
                    return value;
                }
            } catch (DateTimeParseException e) {
                // refused below
            }
        }
        errors.add(new FieldError(name, "must be " + what));
        return null;
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
