package org.d2aflow.kit.http;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.d2aflow.kit.config.RateLimitConfig;
import org.d2aflow.kit.security.VerifiedTokens;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.d2aflow.kit.metrics.Meters;

/**
 * Per-client rate limiting in front of everything else: a client over its limit gets 429 problem+json with
 * {@code Retry-After} (whole seconds, rounded up) before anything reads its request. A client is the subject of its
 * bearer token once that token has passed the full check ({@link VerifiedTokens} remembers it), else its address:
 * anonymous requests, bad tokens and a token's very first request count against the address, so nobody spends
 * another's allowance by naming them in a forged token, and no signature is checked here. Reads and writes have
 * their own buckets ({@link RateLimitConfig}); health probes are exempt. Counted in {@code d2a.http.rate.limited}.
 */
@ApplicationScoped
public class RateLimits {

    private static final String BEARER = "bearer ";

    @Inject
    RateLimitConfig config;

    @Inject
    VerifiedTokens tokens;

    @Inject
    MeterRegistry registry;

    private static final String RATE_LIMITED_HELP = "Requests refused 429 by the per-client rate limit, by kind (read or write)";

    void install(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        Limit reads = new Limit("reads", new TokenBuckets(config.readsPerSecond(), config.readBurst(), config.maxClients(), System::nanoTime),
                Meters.counter(registry, "d2a.http.rate.limited", RATE_LIMITED_HELP, "kind", "read"));
        Limit writes = new Limit("writes", new TokenBuckets(config.writesPerSecond(), config.writeBurst(), config.maxClients(), System::nanoTime),
                Meters.counter(registry, "d2a.http.rate.limited", RATE_LIMITED_HELP, "kind", "write"));
        List<String> exempt = List.copyOf(config.exemptPaths());
        router.route().order(-1002).handler(rc -> {
            if (isExempt(rc.normalizedPath(), exempt)) {
                rc.next();
                return;
            }
            Limit limit = isRead(rc.request().method()) ? reads : writes;
            long waitNanos = limit.buckets().take(client(rc.request()));
            if (waitNanos == 0) {
                rc.next();
                return;
            }
            limit.refused().increment();
            refuse(rc, limit.name(), waitNanos);
        });
    }

    private record Limit(String name, TokenBuckets buckets, Counter refused) {
    }

    private static void refuse(RoutingContext rc, String kind, long waitNanos) {
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        rc.response().putHeader("Retry-After", Long.toString(seconds));
        RouteProblems.end(rc, 429, "rate-limited", "Too many requests",
                "This client has made more " + kind + " than it may in a short time; retry after " + seconds + " second(s)");
    }

    /** The subject of a verified bearer token, else the remote address. */
    private String client(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.length() > BEARER.length()
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String subject = tokens.rememberedSubject(authorization.substring(BEARER.length()).strip());
            if (subject != null) {
                return "sub:" + subject;
            }
        }
        SocketAddress address = request.remoteAddress();
        String host = address == null ? null : address.hostAddress();
        return "addr:" + (host == null ? "unknown" : host.toLowerCase(Locale.ROOT));
    }

    private static boolean isRead(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method);
    }

    static boolean isExempt(String path, List<String> prefixes) {
        if (path == null) {
            return false;
        }
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
