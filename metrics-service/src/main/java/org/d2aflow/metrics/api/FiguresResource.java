package org.d2aflow.metrics.api;

import java.time.Instant;
import java.time.LocalDate;
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
import org.d2aflow.metrics.query.FigureViews;
import org.d2aflow.metrics.query.FiguresService;
import org.d2aflow.metrics.query.FiguresUnavailable;
import org.d2aflow.metrics.query.LiveFigures;
import org.d2aflow.metrics.query.Snapshot;
import org.d2aflow.kit.security.Roles;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Figures rebuilt from the event log: all headlines, one figure, its drill-down, trends (the live stream: LiveStream). */
@Path("/figures")
@RolesAllowed({Roles.COMMISSIONER, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class FiguresResource {

    @Inject
    FiguresService figures;

    @Inject
    LiveFigures live;

    @Inject
    java.time.Clock clock;

    @GET
    public Map<String, Figure> headlines(@QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("asKnownAt") String asKnownAt) {
        return figures.headlines(query(from, to, asKnownAt, null, null, null, null, null), asKnownNow(asKnownAt));
    }

    @GET
    @Path("/{figure}")
    public Figure figure(@PathParam("figure") String figure, @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("asKnownAt") String asKnownAt,
            @QueryParam("breakdown") String breakdown,
            @QueryParam("count29AsHome") String count29,
            @QueryParam("excludeUnknown99") String exclude99,
            @QueryParam("at") String census,
            @QueryParam("granularity") String granularity) {
        known(figure);
        return figures.compute(figure, query(from, to, asKnownAt, breakdown, count29, exclude99, census, granularity), asKnownNow(asKnownAt), false)
                .withoutDrillDown();
    }

    @GET
    @Path("/{figure}/drill-down")
    public FigureViews.DrillDown drillDown(@PathParam("figure") String figure, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("asKnownAt") String asKnownAt, @QueryParam("breakdown") String breakdown,
            @QueryParam("count29AsHome") String count29, @QueryParam("excludeUnknown99") String exclude99, @QueryParam("at") String census) {
        known(figure);
        Figure f = figures.compute(figure, query(from, to, asKnownAt, breakdown, count29, exclude99, census, null), asKnownNow(asKnownAt), true);
        return FigureViews.DrillDown.of(f);
    }

    @GET
    @Path("/{figure}/trend")
    public FigureViews.Trend trend(@PathParam("figure") String figure, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("asKnownAt") String asKnownAt, @QueryParam("granularity") String granularity) {
        known(figure);
        String g = granularity == null || granularity.isBlank() ? "week" : granularity.strip();
        if (!g.equals("week") && !g.equals("month")) {
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input", "granularity must be week or month",
                    null, List.of(new FieldError("granularity", "must be week or month"))));
        }
        return figures.trend(figure, query(from, to, asKnownAt, null, null, null, null, null), g, asKnownNow(asKnownAt));
    }

    @GET
    @Path("/live")
    public Snapshot latest() {
        return live.latest();
    }

    @GET
    @Path("/targets")
    public FigureViews.Targets targets() {
        return figures.targets();
    }

    @GET
    @Path("/projection")
    public FigureViews.ProjectionProgress projection() {
        return figures.projections();
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/projection/rebuild")
    public Response rebuild() {
        return Response.accepted(figures.rebuild()).build();
    }

    /** The request names no instant: as known now. */
    private static boolean asKnownNow(String asKnownAt) {
        return asKnownAt == null || asKnownAt.isBlank();
    }

    /** The stores cannot answer yet (catching up, rebalancing): 503 problem+json with Retry-After, never a partial figure. */
    @ServerExceptionMapper
    public Response unavailable(FiguresUnavailable e) {
        Response r = ProblemMappers.problem(503, "figures-unavailable", "Figures unavailable", e.getMessage(), null, List.of());
        return Response.fromResponse(r).header("Retry-After", FiguresUnavailable.RETRY_AFTER_SECONDS).build();
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
        Instant known = q.instant("asKnownAt", asKnownAt);
        FigureQuery.Breakdown b = breakdown == null || breakdown.isBlank() ? null
                : q.enumValue("breakdown", breakdown.strip().toUpperCase().replace('-', '_'), FigureQuery.Breakdown.class);
        FigureQuery.Granularity g = granularity == null || granularity.isBlank() ? null
                : q.enumValue("granularity", granularity.strip().toUpperCase(), FigureQuery.Granularity.class);
        Boolean c29 = bool("count29AsHome", count29, q);
        Boolean e99 = bool("excludeUnknown99", exclude99, q);
        if (f != null && t != null && f.isAfter(t)) {
            q.refuse("from", "must not be after to");
        }
        q.failIfAny();
        if (f != null && f.isAfter(t != null ? t : FigureQuery.dateOf(known != null ? known : Instant.now(clock)))) {
            // 'to' left out is the as-known-at date (today by default): a 'from' after it was a 500 from FigureQuery.
            throw new BadRequestException(ProblemMappers.problem(400, "invalid-input", "Invalid input", "from must not be after to", null,
                    List.of(new FieldError("from", "must not be after to (by default the as-known-at date, today when left out)"))));
        }
        return figures.query(f, t, known, b, c29, e99, c, g);
    }

    private static Boolean bool(String name, String raw, QueryParams q) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.valueOf(raw);
        }
        q.refuse(name, "must be true or false");
        return null;
    }
}
