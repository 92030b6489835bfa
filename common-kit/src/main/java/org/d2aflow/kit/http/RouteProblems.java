package org.d2aflow.kit.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * problem+json answers for refusals made in front of REST (Vert.x route handlers), where the JAX-RS exception
 * mappers of {@code ProblemMappers} are not reached. Same fields and type URNs as those.
 */
final class RouteProblems {

    private RouteProblems() {
    }

    /** Ends the exchange with the problem; {@code response} may carry extra headers already. */
    static void end(RoutingContext rc, int status, String type, String title, String detail) {
        JsonObject problem = new JsonObject()
                .put("type", "urn:d2a:problem:" + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", rc.request().path());
        HttpServerResponse response = rc.response();
        response.setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(problem.encodePrettily());
    }
}
