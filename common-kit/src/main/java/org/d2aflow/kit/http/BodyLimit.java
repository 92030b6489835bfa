package org.d2aflow.kit.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Refuses a request whose declared body is larger than the service accepts with a 413 problem+json,
 * before anything reads it (the HTTP layer's own limit still protects against undeclared, chunked bodies).
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
            if (length > max) {
                JsonObject problem = new JsonObject()
                        .put("type", "urn:d2a:problem:body-too-large")
                        .put("title", "Request body too large")
                        .put("status", 413)
                        .put("detail", "The body has " + length + " bytes; this service accepts at most " + max)
                        .put("instance", rc.request().path());
                rc.response().setStatusCode(413).putHeader("Content-Type", "application/problem+json")
                        .putHeader("Connection", "close").end(problem.encodePrettily());
                return;
            }
            rc.next();
        });
    }
}
