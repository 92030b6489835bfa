package org.d2aflow.kit.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * problem+json answers for refusals made in front of REST (Vert.x route handlers), where the JAX-RS exception
 * mappers of {@code ProblemMappers} are not reached, and for plain Vert.x routes (metrics-service's live stream). Same
 * fields and type URNs as those.
 */
public final class RouteProblems {

    private RouteProblems() {
    }

    /**
     * The {@code uri} tag of HTTP server metrics for exchanges refused here. They never reach a JAX-RS resource, so
     * without it the tag would be the raw path: a time series per referral id, and ids in the metrics.
     */
    static final String REFUSED_URI = "/REFUSED";

    /** Where Quarkus' Micrometer binder looks for a request's path template (a Vert.x context local). */
    private static final String URI_TEMPLATE_LOCAL = "UrlPathTemplate";

    /** Ends the exchange with the problem; {@code response} may carry extra headers already. */
    public static void end(RoutingContext rc, int status, String type, String title, String detail) {
        end(rc, status, type, title, detail, java.util.List.of());
    }

    /** Ends the exchange with a problem naming the fields ({field, message}) at fault. */
    public static void end(RoutingContext rc, int status, String type, String title, String detail,
            java.util.List<org.d2aflow.kit.domain.FieldError> errors) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        if (context != null) {
            context.putLocal(URI_TEMPLATE_LOCAL, REFUSED_URI);
        }
        rc.put(RefusedRequests.PROBLEM_TYPE, type);
        JsonObject problem = new JsonObject()
                .put("type", "urn:d2a:problem:" + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", printable(rc.request().path()));
        if (!errors.isEmpty()) {
            io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
            errors.forEach(e -> list.add(new JsonObject().put("field", e.field()).put("message", e.message())));
            problem.put("errors", list);
        }
        HttpServerResponse response = rc.response();
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(problem.encodePrettily());
    }

    /** A path as it may be echoed back: at most 200 characters, nothing unprintable. */
    private static String printable(String path) {
        String clean = path == null ? "" : path.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() <= 200 ? clean : clean.substring(0, 200) + "...";
    }
}
