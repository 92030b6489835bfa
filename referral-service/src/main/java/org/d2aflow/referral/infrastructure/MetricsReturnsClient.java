package org.d2aflow.referral.infrastructure;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.referral.config.ReferralConfig;

/**
 * Fetches a national return from metrics-service ({@code GET /returns/{name}?period=&asKnownAt=}, CSV) with the caller's
 * own bearer token, so that metrics-service applies its own role check. The CSV it answers is pseudonymised: patient
 * keys, never NHS numbers.
 */
@ApplicationScoped
public class MetricsReturnsClient {

    /** What metrics-service answered: its status, content type and body as text. */
    public record Answer(int status, String contentType, String body) {
    }

    /** metrics-service could not be reached or did not answer in time. */
    public static final class UnreachableException extends Exception {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Inject
    ReferralConfig config;

    private volatile HttpClient http;

    public Answer fetch(String returnName, String period, Instant asKnownAt, String authorization) throws UnreachableException {
        URI uri = URI.create(base() + "/returns/" + encode(returnName) + "?period=" + encode(period) + "&asKnownAt="
                + encode(asKnownAt.toString()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.metricsTimeout()).header("Accept", "text/csv").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = client().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UnreachableException("metrics-service at " + base() + " did not answer: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while waiting for metrics-service", e);
        }
    }

    private String base() {
        String base = config.metricsUrl().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.metricsTimeout())
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                }
                c = http;
            }
        }
        return c;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
