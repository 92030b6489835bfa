package org.d2aflow.kit.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;

/**
 * Refuses a request whose declared body is larger than the service accepts with a 413 problem+json, before anything
 * reads it, and a body sent chunked (no Content-Length) with 411: the HTTP layer's own limit for those answered a bare
 * 413 while reading, and a chunked body between that limit and this one was read whole. Every client of these services
 * sends JSON with a Content-Length.
 */
@ApplicationScoped
public class BodyLimit {

    @ConfigProperty(name = "d2a.http.max-body-size", defaultValue = "64K")
    MemorySize limit;

    void install(@Observes Router router) {
        long max = limit.asLongValue();
        router.route().order(-1000).handler(rc -> {
            String declared = rc.request().getHeader("Content-Length");
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (declared == null && rc.request().getHeader("Transfer-Encoding") != null) {
                rc.response().putHeader("Connection", "close");
                RouteProblems.end(rc, 411, "length-required", "Length required",
                        "Send the body with a Content-Length (at most " + max + " bytes); chunked bodies are not accepted");
                return;
            }
            if (length > max) {
                rc.response().putHeader("Connection", "close");
                RouteProblems.end(rc, 413, "body-too-large", "Request body too large",
                        "The body has " + length + " bytes; this service accepts at most " + max);
                return;
            }
            rc.next();
        });
    }
}
