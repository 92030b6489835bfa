package org.d2aflow.kit.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;

import org.d2aflow.kit.metrics.Meters;
import org.d2aflow.kit.problem.Problem;

/**
 * Counts the requests refused with a problem (every 4xx, and 503 while the database is away) as
 * {@code d2a_http_refused_total{status, reason, code}}: {@code reason} is the problem type without its
 * {@code urn:d2a:problem:} prefix (invalid-input, conflict, rate-limited, unsupported-media-type...), {@code code} the
 * domain's refusal code ({@code none} when the problem has none). Both come from closed sets, so the series stay few.
 * Refusals made before JAX-RS ({@link RouteProblems}) are counted when their headers are written; the others when
 * their problem entity leaves a resource or an exception mapper.
 */
@ApplicationScoped
public class RefusedRequests {

    static final String PROBLEM_TYPE = "d2a.problem.type";
    static final String PROBLEM_BASE = "urn:d2a:problem:";

    @Inject
    MeterRegistry registry;

    void install(@Observes Router router) {
        router.route().order(-5000).handler(rc -> {
            rc.addHeadersEndHandler(v -> {
                String type = rc.get(PROBLEM_TYPE);
                if (type != null) {
                    count(rc.response().getStatusCode(), type, null);
                }
            });
            rc.next();
        });
    }

    void count(int status, String type, String code) {
        if (status < 400 || (status >= 500 && status != 503)) {
            return;
        }
        String reason = type.startsWith(PROBLEM_BASE) ? type.substring(PROBLEM_BASE.length()) : type;
        Meters.counter(registry, "d2a.http.refused",
                "Requests refused with a problem answer (4xx, or 503 while the database is away), by status, problem type and refusal code",
                "status", Integer.toString(status), "reason", reason, "code", code == null ? "none" : code).increment();
    }

    /** Counts the problems answered through JAX-RS (resources and {@code ProblemMappers}). */
    @Provider
    public static class ProblemResponses implements ContainerResponseFilter {

        @Inject
        RefusedRequests refused;

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (response.getEntity() instanceof Problem p) {
                refused.count(response.getStatus(), p.type(), p.code());
            }
        }
    }
}
