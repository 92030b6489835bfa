package org.d2aflow.kit.logging;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Every HTTP request gets a request id, before anything else reads it (refusals included): the caller's
 * {@code X-Request-Id} when it is a UUID, else a new one (any other text could be anything, an NHS number too). It is in
 * the log context as {@code requestId} for every line logged while the request is handled, and answered back as
 * {@code X-Request-Id}, so that a partner's report and the services' logs meet on one value.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Logger LOG = Logger.getLogger(RequestIds.class);
    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    void install(@Observes Router router) {
        router.route().order(-1100).handler(RequestIds::tag);
    }

    static void tag(RoutingContext rc) {
        String id = idFor(rc.request().getHeader(HEADER));
        rc.put(MDC_KEY, id);
        rc.response().putHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        long started = System.nanoTime();
        rc.addEndHandler(done -> {
            // Method and status only: a path or query is the caller's text and may carry anything, an identity too.
            LOG.debugf("%s answered %d in %d ms", rc.request().method(), rc.response().getStatusCode(),
                    (System.nanoTime() - started) / 1_000_000);
            MDC.remove(MDC_KEY);
        });
        rc.next();
    }

    /** The caller's id when it is a UUID, else a new one: no text of the caller's reaches a log line. */
    static String idFor(String offered) {
        return offered != null && UUID_FORM.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }
}
