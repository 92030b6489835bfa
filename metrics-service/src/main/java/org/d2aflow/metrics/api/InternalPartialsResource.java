package org.d2aflow.metrics.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.kit.problem.Problem;
import org.d2aflow.kit.problem.ProblemMappers;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.Dimension;
import org.d2aflow.metrics.domain.cells.Family;
import org.d2aflow.metrics.query.CellPartials;
import org.d2aflow.metrics.query.PeerPartials;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The query fabric's internal endpoint (STREAMS.md section 5): another instance asks this one for the merged partial of
 * partitions it holds active, as {@code application/octet-stream} (the versioned binary of {@code PartialsCodec}). Same
 * HTTP port as the public API, role {@value #PEER_ROLE} only (a service token: no person has it), left out of the public
 * OpenAPI document. Only in a build with the Kafka Streams topology.
 *
 * <p>Parameters: {@code family} and {@code dimensions} (comma-separated) as in the cells model; {@code from}, {@code to}
 * (business days, inclusive, absent: unbounded; {@code to} may be {@code +999999999-12-31}, the open end of a stay);
 * {@code asKnownAt} (absent: as known now); {@code drillDown} ({@code true}/{@code false}, default false); {@code partitions}
 * (the referral side's) and {@code servicePartitions} (the capacity topic's), comma-separated. A partition not held active
 * here is {@code 409} naming {@code partitions} or {@code servicePartitions}: the caller refreshes its metadata. A bad
 * parameter is {@code 400} naming it.
 */
@Path("/internal/partials")
@RolesAllowed(InternalPartialsResource.PEER_ROLE)
public class InternalPartialsResource {

    /** The role of the instances' service token; no person's token carries it. */
    public static final String PEER_ROLE = "metrics-peer";
    /** More partitions than any deployment has (Kafka's own practical limit per topic is far lower). */
    static final int MAX_PARTITION = 9_999;
    private static final Pattern PARTITIONS = Pattern.compile("\\d{1,4}(,\\d{1,4}){0,999}");
    private static final Pattern NAMES = Pattern.compile("[A-Z_]{1,20}(,[A-Z_]{1,20}){0,19}");

    /** The start-up switch ({@code d2a-streams.enabled}): off, no Kafka Streams client and so no partitions to answer for. */
    @ConfigProperty(name = "d2a-streams.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    Instance<PeerPartials> partials;

    @GET
    @Operation(hidden = true)
    @Produces({MediaType.APPLICATION_OCTET_STREAM, Problem.MEDIA_TYPE})
    public Response partials(@QueryParam("family") String family, @QueryParam("dimensions") String dimensions,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("asKnownAt") String asKnownAt,
            @QueryParam("drillDown") String drillDown, @QueryParam("partitions") String partitions,
            @QueryParam("servicePartitions") String servicePartitions) {
        if (!enabled) {
            return ProblemMappers.problem(404, "not-serving-from-streams", "Not serving from Kafka Streams",
                    "This instance was started without d2a-streams.enabled=true: it holds no partitions", null, List.of());
        }
        QueryParams q = new QueryParams();
        Family f = family == null || family.isBlank() ? null : q.enumValue("family", family, Family.class);
        if (family == null || family.isBlank()) {
            q.refuse("family", "is required: one of " + EnumSet.allOf(Family.class));
        }
        Set<Dimension> dims = dimensions(q, dimensions);
        LocalDate fromDay = day(q, "from", from);
        LocalDate toDay = day(q, "to", to);
        if (fromDay != null && toDay != null && fromDay.isAfter(toDay)) {
            q.refuse("to", "must not be before from");
        }
        var instant = q.instant("asKnownAt", asKnownAt);
        boolean drill = false;
        if (drillDown != null && !drillDown.isBlank()) {
            if (!drillDown.strip().equals("true") && !drillDown.strip().equals("false")) {
                q.refuse("drillDown", "must be true or false");
            }
            drill = drillDown.strip().equals("true");
        }
        SortedSet<Integer> ps = partitions(q, "partitions", partitions);
        SortedSet<Integer> sps = partitions(q, "servicePartitions", servicePartitions);
        q.failIfAny();
        CellPartials.Request request = new CellPartials.Request(f, dims, fromDay, toDay, instant, drill);
        try {
            return Response.ok(partials.get().answer(request, ps, sps), MediaType.APPLICATION_OCTET_STREAM).build();
        } catch (PeerPartials.NotHeld e) {
            List<FieldError> errors = new java.util.ArrayList<>();
            if (!e.partitions().isEmpty()) {
                errors.add(new FieldError("partitions", "not active on this instance: " + e.partitions()));
            }
            if (!e.servicePartitions().isEmpty()) {
                errors.add(new FieldError("servicePartitions", "not active on this instance: " + e.servicePartitions()));
            }
            return ProblemMappers.problem(409, "partitions-not-held", "Partitions not held",
                    "This instance does not hold these partitions active (" + e.getMessage() + "): refresh the metadata and ask their holder",
                    null, errors);
        }
    }

    private static Set<Dimension> dimensions(QueryParams q, String raw) {
        if (raw == null || raw.isBlank()) {
            q.refuse("dimensions", "is required: one or more of " + EnumSet.allOf(Dimension.class) + ", comma-separated");
            return Set.of();
        }
        if (!NAMES.matcher(raw.strip()).matches()) {
            q.refuse("dimensions", "must be one or more of " + EnumSet.allOf(Dimension.class) + ", comma-separated");
            return Set.of();
        }
        Set<Dimension> out = EnumSet.noneOf(Dimension.class);
        for (String d : raw.strip().split(",")) {
            Dimension v = q.enumValue("dimensions", d, Dimension.class);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** A business day of years 1 to 9999, or the open end of a stay ({@link CellKey#OPEN}). */
    private static LocalDate day(QueryParams q, String name, String raw) {
        if (raw != null && !raw.isBlank()) {
            try {
                if (LocalDate.parse(raw.strip()).equals(CellKey.OPEN)) {
                    return CellKey.OPEN;
                }
            } catch (DateTimeParseException e) {
                // refused by QueryParams.date below, naming the field
            }
        }
        return q.date(name, raw);
    }

    private static SortedSet<Integer> partitions(QueryParams q, String name, String raw) {
        SortedSet<Integer> out = new TreeSet<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        if (!PARTITIONS.matcher(raw.strip()).matches()) {
            q.refuse(name, "must be partition numbers 0 to " + MAX_PARTITION + ", comma-separated");
            return out;
        }
        for (String p : raw.strip().split(",")) {
            if (!out.add(Integer.parseInt(p))) {
                q.refuse(name, "names partition " + p + " twice");
            }
        }
        return out;
    }
}
