package org.d2aflow.kit.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers {@code Accept: application/openmetrics-text} on {@code /q/metrics} with the OpenMetrics exposition. Quarkus'
 * own metrics route declares it produces {@code application/openmetrics-text; version=1.0.0; charset=utf-8} and Vert.x
 * matches those parameters exactly, so a scraper asking for the plain media type (or {@code ;version=1.0.0} without the
 * charset, as Prometheus does) was answered 406. Here the media ranges are weighed by their {@code q}: when OpenMetrics
 * is preferred (or tied) over {@code text/plain}, it is served; otherwise Quarkus' route answers as before.
 */
@ApplicationScoped
public class OpenMetricsNegotiation {

    static final String METRICS_PATH = "/q/metrics";

    @Inject
    PrometheusMeterRegistry registry;

    void install(@Observes Router router) {
        router.route(METRICS_PATH).order(-1000).handler(this::negotiate);
    }

    private void negotiate(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        if (!(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) || !prefersOpenMetrics(rc.request().getHeader("Accept"))) {
            rc.next();
            return;
        }
        rc.vertx().executeBlocking(() -> registry.scrape(TextFormat.CONTENT_TYPE_OPENMETRICS_100), false).onComplete(done -> {
            if (done.failed()) {
                rc.fail(done.cause());
                return;
            }
            rc.response().putHeader("Content-Type", TextFormat.CONTENT_TYPE_OPENMETRICS_100);
            if (HttpMethod.HEAD.equals(method)) {
                rc.response().end();
            } else {
                rc.response().end(done.result());
            }
        });
    }

    /** Whether the Accept header ranks {@code application/openmetrics-text} above zero and at least as high as {@code text/plain}. */
    static boolean prefersOpenMetrics(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        double open = 0;
        double text = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("application/openmetrics-text")) {
                open = Math.max(open, q);
            } else if (type.equals("text/plain") || type.equals("text/html")) {
                text = Math.max(text, q);
            }
        }
        return open > 0 && open >= text;
    }
}
