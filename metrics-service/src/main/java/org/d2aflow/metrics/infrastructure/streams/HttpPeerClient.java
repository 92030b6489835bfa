package org.d2aflow.metrics.infrastructure.streams;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.kafka.streams.state.HostInfo;
import org.d2aflow.metrics.query.CellPartials;
import org.d2aflow.metrics.query.PeerPartials;

/**
 * {@link PeerClient} over HTTP ({@code java.net.http}, no extra dependency): {@code GET
 * http://<application.server>/internal/partials?...} with the peer service token as a bearer token, a short connect timeout
 * and a short request timeout. 200 is decoded ({@link PartialsCodec}); 409 becomes {@link PeerPartials.NotHeld}; anything
 * else fails the future with the status (the fabric retries with fresh metadata).
 */
public final class HttpPeerClient implements PeerClient {

    /** The internal endpoint's path. */
    public static final String PATH = "/internal/partials";

    private final HttpClient http;
    private final Optional<String> token;
    private final Duration timeout;

    /**
     * @param token   the service token of the {@code metrics-peer} role (without "Bearer "); empty: none sent (peers refuse)
     * @param timeout the connect timeout and the whole request's
     */
    public HttpPeerClient(Optional<String> token, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
        this.token = token;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<PartialsCodec.Answer> fetch(HostInfo host, CellPartials.Request request, SortedSet<Integer> partitions,
            SortedSet<Integer> servicePartitions) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(host, request, partitions, servicePartitions)).timeout(timeout)
                .header("Accept", "application/octet-stream, application/problem+json").GET();
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            if (r.statusCode() == 200) {
                return PartialsCodec.decode(r.body());
            }
            if (r.statusCode() == 409) {
                throw new PeerPartials.NotHeld(partitions, servicePartitions, host + " answered 409: "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            throw new IllegalStateException(host + " answered " + r.statusCode() + " to " + PATH + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        });
    }

    /** The request as the endpoint's query parameters, not yet encoded (absent when null: unbounded days, as known now). */
    static Map<String, String> params(CellPartials.Request r, SortedSet<Integer> partitions, SortedSet<Integer> servicePartitions) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("family", r.family().name());
        q.put("dimensions", new TreeSet<>(r.dimensions()).stream().map(Enum::name).collect(Collectors.joining(",")));
        if (r.from() != null) {
            q.put("from", r.from().toString());
        }
        if (r.to() != null) {
            q.put("to", r.to().toString());
        }
        if (r.asKnownAt() != null) {
            q.put("asKnownAt", r.asKnownAt().toString());
        }
        q.put("drillDown", String.valueOf(r.drillDown()));
        q.put("partitions", list(partitions));
        q.put("servicePartitions", list(servicePartitions));
        return q;
    }

    static URI uri(HostInfo host, CellPartials.Request r, SortedSet<Integer> partitions, SortedSet<Integer> servicePartitions) {
        StringJoiner q = new StringJoiner("&");
        params(r, partitions, servicePartitions).forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String h = host.host().contains(":") ? "[" + host.host() + "]" : host.host();
        return URI.create("http://" + h + ":" + host.port() + PATH + "?" + q);
    }

    private static String list(SortedSet<Integer> ps) {
        return ps.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
