package org.d2aflow.metrics.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.d2aflow.kit.problem.ProblemMappers;
import org.d2aflow.metrics.query.PartialsUnavailable;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A figure whose partitions did not all answer (STREAMS.md section 5): 503 with Retry-After, never a partial figure. */
public class PartialsProblems {

    @ServerExceptionMapper
    public Response unavailable(PartialsUnavailable e, UriInfo uri) {
        return Response.fromResponse(ProblemMappers.problem(503, "partials-unavailable", "Figure temporarily unavailable",
                "Not every partition of the event log answered (a rebalance in progress, or an instance lost and its standby not yet "
                        + "promoted); ask again shortly. Unanswered partitions: " + e.partitions(),
                uri, java.util.List.of())).header("Retry-After", PartialsUnavailable.RETRY_AFTER_SECONDS).build();
    }
}
