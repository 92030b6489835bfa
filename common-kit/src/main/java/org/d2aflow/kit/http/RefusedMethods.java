package org.d2aflow.kit.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * TRACE and CONNECT are refused on every path, health and metrics included, with 405 problem+json: nothing here
 * needs a request echoed back (TRACE /q/health answered 200), and a proxy tunnel is no business of these services.
 */
@ApplicationScoped
public class RefusedMethods {

    void install(@Observes Router router) {
        router.route().order(-1001).handler(rc -> {
            HttpMethod method = rc.request().method();
            if (HttpMethod.TRACE.equals(method) || HttpMethod.CONNECT.equals(method)) {
                rc.response().putHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
                RouteProblems.end(rc, 405, "method-not-allowed", "Method not allowed", method.name() + " is not served by this service");
                return;
            }
            rc.next();
        });
    }
}
