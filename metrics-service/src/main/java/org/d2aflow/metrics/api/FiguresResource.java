package org.d2aflow.metrics.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.problem.ProblemMappers;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureEngine;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.query.FiguresService;
import org.d2aflow.metrics.query.LiveFigures;
import org.d2aflow.metrics.query.Snapshot;
import org.d2aflow.kit.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.smallrye.mutiny.Multi;

/** Figures rebuilt from the event log: all headlines, one figure, its drill-down, trends, and the live stream. */
@Path("/figures")
@RolesAllowed({Roles.COMMISSIONER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Figures", description = "National and local D2A figures, as defined in the service README")
public class FiguresResource {

    private static final String FROM = "First business date of the period (default: a year before 'to')";
    private static final String TO = "Last business date of the period (default: the as-known-at date)";
    private static final String AS_KNOWN_AT = "Only events recorded (CloudEvents time) at or before this instant count, inclusive (default: now),"
            + " e.g. 2026-04-01T00:00:00.123456Z. Recorded times are kept to the microsecond: digits beyond the sixth decimal are dropped"
            + " (truncated, never rounded), and the answer's asKnownAt shows the instant used";

    private static final String CLOCKS = "Every figure says which clocks it used in 'clocks': 'period' names the business date the period "
            + "filters on (absent for census figures), 'census' the dates compared with the census date, 'asKnownAt' the recorded-time "
            + "cut (microseconds) and 'asKnownAtRule' how it applies: events recorded at or before it count, inclusive. A corrected or "
            + "voided fact counts from the instant the correction was recorded; asked as known before, the figure shows the original.";

    private static final String FIGURE_EXAMPLE = """
            {"figure":"discharge-to-usual-residence","title":"Discharge to usual place of residence",
             "period":{"from":"2025-01-01","to":"2025-03-31"},"asKnownAt":"2025-04-01T00:00:00.123456Z",
             "clocks":{"period":"hospital discharge date (latest patient-discharged or discharge-corrected by stream version; none if voided)",
                       "asKnownAt":"2025-04-01T00:00:00.123456Z",
                       "asKnownAtRule":"events recorded (CloudEvents time) at or before asKnownAt, inclusive, to the microsecond"},
             "options":{"count29AsHome":false,"excludeUnknown99":false},"numerator":3,"denominator":4,"value":0.7500,
             "measures":{"excludedDeaths":1,"excludedUnfinishedSpells":0,"destinationNotKnown":0},
             "incomplete":{"dischargedWithoutSubmission":0}}""";

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    @Inject
    FiguresService figures;

    @Inject
    LiveFigures live;

    @Inject
    java.time.Clock clock;

    @GET
    @Operation(summary = "All headline figures at once, for one period and as-known-at", description = CLOCKS)
    public Map<String, Figure> headlines(@Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to,
            @Parameter(description = AS_KNOWN_AT) @QueryParam("asKnownAt") String asKnownAt) {
        return figures.headlines(query(from, to, asKnownAt, null, null, null, null, null));
    }

    @GET
    @Path("/{figure}")
    @Operation(summary = "One figure with numerator, denominator, options and breakdown groups", description = CLOCKS)
    @APIResponse(responseCode = "200", description = "The figure, with the clocks it used", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "discharge-to-usual-residence", value = FIGURE_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "A bad date, instant, breakdown, granularity or boolean (application/problem+json naming it)")
    @APIResponse(responseCode = "404", description = "Unknown figure id (application/problem+json listing the known ones)")
    public Figure figure(@PathParam("figure") String figure, @Parameter(description = FROM) @QueryParam("from") String from,
            @Parameter(description = TO) @QueryParam("to") String to,
            @Parameter(description = AS_KNOWN_AT) @QueryParam("asKnownAt") String asKnownAt,
            @Parameter(description = "none, locality, site, pathway, service-type or age-band") @QueryParam("breakdown") String breakdown,
            @Parameter(description = "Count destination 29 (temporary residence) as home") @QueryParam("count29AsHome") String count29,
            @Parameter(description = "Leave destination 99 (not known) out of the denominator") @QueryParam("excludeUnknown99") String exclude99,
            @Parameter(description = "Census date for census figures (default: 'to')") @QueryParam("at") String census,
            @Parameter(description = "day or week, for capacity-demand") @QueryParam("granularity") String granularity) {
        known(figure);
        return figures.compute(figure, query(from, to, asKnownAt, breakdown, count29, exclude99, census, granularity)).withoutDrillDown();
    }

    @GET
    @Path("/{figure}/drill-down")
    @Operation(summary = "The referral ids behind a figure's numerator and denominator (and its other lists)",
            description = "figure, period, asKnownAt, clocks (as on the figure), numerator, denominator and referrals. " + CLOCKS)
    public Map<String, Object> drillDown(@PathParam("figure") String figure, @QueryParam("from") String from, @QueryParam("to") String to,
            @Parameter(description = AS_KNOWN_AT) @QueryParam("asKnownAt") String asKnownAt, @QueryParam("breakdown") String breakdown,
            @QueryParam("count29AsHome") String count29, @QueryParam("excludeUnknown99") String exclude99, @QueryParam("at") String census) {
        known(figure);
        Figure f = figures.compute(figure, query(from, to, asKnownAt, breakdown, count29, exclude99, census, null));
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("figure", f.figure());
        out.put("period", f.period());
        out.put("asKnownAt", f.asKnownAt());
        out.put("clocks", f.clocks());
        out.put("numerator", f.numerator());
        out.put("denominator", f.denominator());
        out.put("referrals", f.drillDown());
        return out;
    }

    @GET
    @Path("/{figure}/trend")
    @Operation(summary = "A figure's headline value week by week or month by month over a period, with the clocks used",
            description = "figure, granularity, period, asKnownAt, clocks (the same for every point: one as-known-at instant) and points "
                    + "(from, to, value, numerator, denominator). " + CLOCKS)
    public Map<String, Object> trend(@PathParam("figure") String figure, @QueryParam("from") String from, @QueryParam("to") String to,
            @Parameter(description = AS_KNOWN_AT) @QueryParam("asKnownAt") String asKnownAt, @Parameter(description = "week or month") @QueryParam("granularity") String granularity) {
        known(figure);
        String g = granularity == null || granularity.isBlank() ? "week" : granularity.strip();
        if (!g.equals("week") && !g.equals("month")) {
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input", "granularity must be week or month",
                    null, List.of(new FieldError("granularity", "must be week or month"))));
        }
        return figures.trend(figure, query(from, to, asKnownAt, null, null, null, null, null), g);
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live headline figures: a snapshot now and whenever the figures change (coalesced), with freshness")
    public Multi<Snapshot> stream() {
        return live.stream();
    }

    @GET
    @Path("/live")
    @Operation(summary = "The latest live snapshot (what the stream last sent), for clients that cannot hold a stream open")
    public Snapshot latest() {
        return live.latest();
    }

    @GET
    @Path("/projection")
    @Operation(summary = "Progress of the serving projection and of a rebuild in progress: records read, rate, lag")
    public Map<String, Object> projection() {
        return figures.projections();
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/projection/rebuild")
    @Operation(summary = "Rebuild every figure from offset 0; the current projection serves until the new one has caught up")
    public Response rebuild() {
        return Response.accepted(figures.rebuild()).build();
    }

    private static void known(String figure) {
        if (!FigureEngine.FIGURES.contains(figure)) {
            throw new NotFoundException("Figure", figure + " (known figures: " + String.join(", ", FigureEngine.FIGURES) + ")");
        }
    }

    private FigureQuery query(String from, String to, String asKnownAt, String breakdown, String count29, String exclude99, String census,
            String granularity) {
        QueryParams q = new QueryParams();
        LocalDate f = q.date("from", from);
        LocalDate t = q.date("to", to);
        LocalDate c = q.date("at", census);
        Instant known = null;
        List<FieldError> errors = new ArrayList<>();
        if (asKnownAt != null && !asKnownAt.isBlank()) {
            try {
                known = Instant.parse(asKnownAt.strip());
                // ISO instants run a billion years either way; microsecond arithmetic and PostgreSQL do not.
                if (known.isBefore(EARLIEST) || known.isAfter(LATEST)) {
                    errors.add(new FieldError("asKnownAt", "must be an instant between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z"));
                    known = null;
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("asKnownAt", "must be an instant such as 2026-04-01T00:00:00Z"));
            }
        }
        FigureQuery.Breakdown b = breakdown == null || breakdown.isBlank() ? null
                : q.enumValue("breakdown", breakdown.strip().toUpperCase().replace('-', '_'), FigureQuery.Breakdown.class);
        FigureQuery.Granularity g = granularity == null || granularity.isBlank() ? null
                : q.enumValue("granularity", granularity.strip().toUpperCase(), FigureQuery.Granularity.class);
        Boolean c29 = bool("count29AsHome", count29, errors);
        Boolean e99 = bool("excludeUnknown99", exclude99, errors);
        if (f != null && t != null && f.isAfter(t)) {
            errors.add(new FieldError("from", "must not be after to"));
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input", errors.size() + " parameter(s) are invalid",
                    null, errors));
        }
        q.failIfAny();
        if (f != null && f.isAfter(t != null ? t : FigureQuery.dateOf(known != null ? known : Instant.now(clock)))) {
            // 'to' left out is the as-known-at date (today by default): a 'from' after it was a 500 from FigureQuery.
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input", "from must not be after to", null,
                    List.of(new FieldError("from", "must not be after to (by default the as-known-at date, today when left out)"))));
        }
        return figures.query(f, t, known, b, c29, e99, c, g);
    }

    private static Boolean bool(String name, String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.valueOf(raw);
        }
        errors.add(new FieldError(name, "must be true or false"));
        return null;
    }
}
