package org.d2aflow.metrics.api;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.metrics.domain.returns.NationalReturn;
import org.d2aflow.metrics.domain.returns.NationalReturns;
import org.d2aflow.metrics.domain.returns.ReturnColumns;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.d2aflow.metrics.query.ReturnsService;

/**
 * The national returns of the registry ({@code NationalReturns}) as CSV, JSON (column to value) or xlsx, for a period and as
 * known at an instant, and their column dictionaries as markdown. No NHS number or name: the CLD extract names a person by
 * the pseudonymised patient key only (an identifiable version is made inside referral-service, for admins).
 */
@Path("/returns")
@RolesAllowed({Roles.COMMISSIONER, Roles.ADMIN})
public class ReturnsResource {

    static final String CSV = "text/csv";
    static final String MARKDOWN = "text/markdown";

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
        QueryParams q = new QueryParams();
        String field = period != null || (date == null && month == null) ? "period"
                : date != null && r.periodKind() == ReturnPeriod.Kind.DAY ? "date" : month != null && r.periodKind() == ReturnPeriod.Kind.MONTH
                        ? "month" : "period";
        String raw = switch (field) {
            case "date" -> date;
            case "month" -> month;
            default -> period;
        };
        ReturnPeriod p = period(r, field, raw, q);
        Instant known = q.instant("asKnownAt", asKnownAt);
        q.failIfAny();
        if (known == null) {
            known = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
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

    static NationalReturn known(String name) {
        return NationalReturns.byName(name).orElseThrow(() -> new NotFoundException("Return", name + " (known returns: "
                + String.join(", ", NationalReturns.ALL.stream().map(NationalReturn::name).toList()) + ")"));
    }

    /** The period of the return named by {@code raw} (required), or null with the refusal added to {@code q}. */
    static ReturnPeriod period(NationalReturn r, String field, String raw, QueryParams q) {
        if (raw == null || raw.isBlank()) {
            q.refuse(field, "is required: " + r.periodKind().description());
            return null;
        }
        ReturnPeriod p = r.periodKind().parse(raw).orElse(null);
        if (p == null) {
            q.refuse(field, "must be " + r.periodKind().description());
        }
        return p;
    }
}
