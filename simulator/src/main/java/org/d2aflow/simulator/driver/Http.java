package org.d2aflow.simulator.driver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A small JSON client over {@link HttpClient}. Connection failures and 502-504 answers are retried a few times with
 * a growing pause (the POSTs that create something carry an Idempotency-Key, so a retry cannot create it twice);
 * every other answer, error or not, goes back to the caller, which knows what it means.
 */
final class Http {

    /** One answer: status, parsed body (MissingNode when empty or not JSON). */
    record Answer(int status, JsonNode body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem's detail and field errors, for messages and for telling refusals apart. */
        String problem() {
            StringBuilder s = new StringBuilder();
            if (body.hasNonNull("detail")) {
                s.append(body.get("detail").asText());
            } else if (body.hasNonNull("title")) {
                s.append(body.get("title").asText());
            }
            for (JsonNode e : body.path("errors")) {
                s.append(s.length() == 0 ? "" : "; ").append(e.path("field").asText()).append(": ").append(e.path("message").asText());
            }
            return s.length() == 0 ? "HTTP " + status : s.toString();
        }

        String text(String field) {
            JsonNode n = body.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }
    }

    private static final int ATTEMPTS = 6;

    private final HttpClient client;
    private final ObjectMapper json;
    private final Duration timeout;
    private final AtomicLong calls = new AtomicLong();

    Http(ObjectMapper json, Duration timeout) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        this.json = json;
        this.timeout = timeout;
    }

    long calls() {
        return calls.get();
    }

    Answer get(String url) {
        return send("GET", url, null, Map.of());
    }

    Answer get(String url, Map<String, String> headers) {
        return send("GET", url, null, headers);
    }

    Answer send(String method, String url, Object body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        headers.forEach(b::header);
        HttpRequest request = b.build();
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                calls.incrementAndGet();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if ((status == 502 || status == 503 || status == 504) && attempt < ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                return new Answer(status, parse(response.body()));
            } catch (IOException e) {
                last = e;
                pause(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while calling " + method + " " + url, e);
            }
        }
        throw new UnreachableException(method + " " + url + " failed " + ATTEMPTS + " times: " + last, last);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    static void pause(int attempt) {
        sleep(Math.min(2000L, 50L << Math.min(attempt, 6)));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A service did not answer at all, even after retries. */
    static final class UnreachableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
