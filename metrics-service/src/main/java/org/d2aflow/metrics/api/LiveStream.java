package org.d2aflow.metrics.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.http.RouteProblems;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.kit.security.SecurityProblems;
import org.d2aflow.metrics.query.FiguresService;
import org.d2aflow.metrics.query.LiveFigureHub;
import org.d2aflow.metrics.query.LiveFigures;
import org.jboss.logging.Logger;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /figures/stream} as a plain Vert.x route rather than a REST resource method: a suspended REST request kept about
 * 8 KB of state per subscriber for as long as it listened (its request context, the captured contexts of its security
 * check, the request-scoped beans; BENCHMARKS.md has the histogram). The hub's shared frames are written to the response as
 * they are, so no subscriber has an encoder, a queue or a copy of its own; the subscription lasts as long as the connection.
 *
 * <p>The route checks the caller itself, as {@code @RolesAllowed} does on FiguresResource: the bearer token is checked when
 * the stream is asked for (authentication is not proactive), no token or a bad one is a 401 with a Bearer challenge, a role
 * other than commissioner or admin a 403, both problem+json as from the REST endpoints ({@link SecurityProblems}).
 */
@ApplicationScoped
public class LiveStream {

    static final String PATH = "/figures/stream";

    private static final Logger LOG = Logger.getLogger(LiveStream.class);

    /** The first bytes of every stream (a comment): the head goes out at once, even when the client has every figure. */
    private static final Buffer OPENING = LiveFigureHub.KEEP_ALIVE;

    @Inject
    LiveFigures live;

    @Inject
    IdentityProviderManager identities;

    void install(@Observes Router router) {
        router.get(PATH).handler(this::handle);
    }

    void handle(RoutingContext rc) {
        QuarkusHttpUser.getSecurityIdentity(rc, identities).subscribe().with(identity -> {
            try {
                authorised(rc, identity);
            } catch (RuntimeException e) {
                // Not left hanging: Quarkus' failure handler answers (Mutiny would only log an exception thrown here).
                rc.fail(e);
            }
        }, failure -> {
            LOG.debugf("Live stream refused a token: %s", failure.toString());
            SecurityProblems.refuseUnauthenticated(rc);
        });
    }

    private void authorised(RoutingContext rc, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            SecurityProblems.refuseUnauthenticated(rc);
        } else if (!identity.hasRole(Roles.COMMISSIONER) && !identity.hasRole(Roles.ADMIN)) {
            SecurityProblems.refuseForbidden(rc);
        } else {
            serve(rc);
        }
    }

    private void serve(RoutingContext rc) {
        LiveFigureHub hub = live.hub();
        Map<String, String> params = new HashMap<>(4);
        FieldError undecodable = params(rc.request().query(), params);
        if (undecodable != null) {
            RouteProblems.end(rc, 400, "invalid-input", "Invalid input", "1 query parameter(s) are invalid", List.of(undecodable));
            return;
        }
        String figures = params.get("figures");
        String seen = params.get("seen");
        Object chosen = chosen(hub, FiguresService.HEADLINES, figures);
        if (chosen instanceof FieldError error) {
            RouteProblems.end(rc, 400, "invalid-input", "Invalid input", "1 query parameter(s) are invalid", List.of(error));
            return;
        }
        Map<String, String> known = known(seen, rc.request().getHeader("Last-Event-ID"));
        // Nothing of the request is needed any more: the identity and the token (about a kilobyte) are not kept for the
        // life of the connection.
        rc.remove(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        rc.clearUser();
        rc.request().headers().remove("Authorization");
        open(rc.response(), hub, (Long) chosen, known);
    }

    /**
     * Reads {@code figures} and {@code seen} from the raw query (the first of each counts, as with a REST {@code @QueryParam};
     * other parameters are ignored), decoded as Vert.x decodes a query ({@code +} is a space); returns the error naming
     * the one whose value cannot be decoded, else null. Vert.x's own parsing would throw on the whole query instead.
     */
    static FieldError params(String query, Map<String, String> out) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = rawName.equals("figures") || rawName.equals("seen") ? rawName : decodedOrNull(rawName);
            if (!"figures".equals(name) && !"seen".equals(name) || out.containsKey(name)) {
                continue;
            }
            String value = eq < 0 ? "" : decodedOrNull(pair.substring(eq + 1));
            if (value == null) {
                return new FieldError(name, "is not well percent-encoded UTF-8");
            }
            out.put(name, value);
        }
        return null;
    }

    private static String decodedOrNull(String raw) {
        try {
            return QueryStringDecoder.decodeComponent(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The figures chosen ({@code figures=a,b}; the default: the headlines) as the hub's mask, or the error naming
     * {@code figures} when one is not streamed.
     */
    static Object chosen(LiveFigureHub hub, List<String> defaults, String figures) {
        List<String> names = figures == null || figures.isBlank() ? defaults : split(figures);
        Long mask = names.isEmpty() ? null : hub.mask(names);
        if (mask != null) {
            return mask;
        }
        List<String> unknown = names.stream().filter(n -> !hub.names().contains(n)).toList();
        return new FieldError("figures", (unknown.isEmpty() ? "must name at least one figure" : "unknown figure(s) " + String.join(", ", unknown))
                + "; known: " + String.join(", ", hub.names()));
    }

    /**
     * The hash each figure's client already holds, from {@code seen=<figure>.<hash>,...} and the Last-Event-ID header (ids
     * are {@code <figure>.<hash>}). Anything else is ignored: the client then simply gets the current frame.
     */
    static Map<String, String> known(String seen, String lastEventId) {
        Map<String, String> out = new HashMap<>();
        List<String> ids = new ArrayList<>(seen == null ? List.of() : split(seen));
        if (lastEventId != null && !lastEventId.isBlank()) {
            ids.add(lastEventId.strip());
        }
        for (String id : ids) {
            int dot = id.lastIndexOf('.');
            if (dot > 0 && dot < id.length() - 1) {
                out.put(id.substring(0, dot), id.substring(dot + 1));
            }
        }
        return out;
    }

    /** Starts the event stream on the response and subscribes it until the connection closes. */
    static void open(HttpServerResponse response, LiveFigureHub hub, long chosen, Map<String, String> known) {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                // A proxy (nginx) must pass frames on as they come rather than buffer them.
                .putHeader("X-Accel-Buffering", "no");
        response.write(OPENING);
        Connection c = new Connection(response, hub);
        c.subscriber = hub.subscribe(c, chosen, known);
        response.closeHandler(c);
        // A failed connection is closed too (the close handler ends the subscription): nothing more to do here.
        response.exceptionHandler(IGNORE);
        response.drainHandler(c::drained);
        if (response.closed()) {
            c.handle(null);
        }
    }

    private static final Handler<Throwable> IGNORE = e -> {
    };

    /**
     * A subscriber's connection: the hub's sink, and (as its close handler) what ends the subscription. With the subscriber
     * the hub keeps, it is all a listening client costs besides Vert.x's and Netty's own state of the connection.
     */
    private static final class Connection implements LiveFigureHub.Sink, Handler<Void> {
        private final HttpServerResponse response;
        private final LiveFigureHub hub;
        private LiveFigureHub.Subscriber subscriber;

        Connection(HttpServerResponse response, LiveFigureHub hub) {
            this.response = response;
            this.hub = hub;
        }

        @Override
        public boolean writeQueueFull() {
            return response.writeQueueFull();
        }

        @Override
        public void write(Buffer frame) {
            response.write(frame);
        }

        /** The connection closed. */
        @Override
        public void handle(Void ignored) {
            hub.unsubscribe(subscriber);
        }

        void drained(Void ignored) {
            hub.drained(subscriber);
        }
    }

    private static List<String> split(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
