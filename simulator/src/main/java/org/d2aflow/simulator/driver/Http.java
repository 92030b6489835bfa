package org.d2aflow.simulator.driver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A small JSON client over {@link HttpURLConnection}: blocking calls on kept-alive connections, which took the
 * simulator half the CPU that {@code java.net.http.HttpClient} did (on a small machine the services need it).
 * Connection failures and 502-504 answers are retried a few times with a growing pause (the POSTs that create
 * something carry an Idempotency-Key, so a retry cannot create it twice); every other answer, error or not, goes back
 * to the caller, which knows what it means.
 */
final class Http {

    /** One answer: status, parsed body (MissingNode when empty or not JSON). */
    record Answer(int status, JsonNode body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Whether the answer is a refusal with this code (the problem's {@code code}, stable across wordings). */
        boolean refused(org.d2aflow.contracts.reference.RefusalCode code) {
            return code.code().equals(body.path("code").asText(null));
        }

        /** Whether the problem names this field among the fields at fault. */
        boolean faults(String field) {
            for (JsonNode e : body.path("errors")) {
                if (field.equals(e.path("field").asText())) {
                    return true;
                }
            }
            return false;
        }

        /** The problem's detail and field errors, for messages. */
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

    static {
        // Connections kept alive per service: one for each thread that may call it at the same time (default 5).
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
    }

    private final ObjectMapper json;
    private final Duration timeout;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();

    Http(ObjectMapper json, Duration timeout) {
        this.json = json;
        this.timeout = timeout;
    }

    long calls() {
        return calls.get();
    }

    /** The GETs among the calls: the driver's looks at how far an event has travelled, not entries. */
    long reads() {
        return reads.get();
    }

    Answer get(String url) {
        return send("GET", url, null, Map.of());
    }

    Answer get(String url, Map<String, String> headers) {
        return send("GET", url, null, headers);
    }

    Answer send(String method, String url, Object body, Map<String, String> headers) {
        byte[] payload = body == null ? null : write(body).getBytes(StandardCharsets.UTF_8);
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                calls.incrementAndGet();
                if ("GET".equals(method)) {
                    reads.incrementAndGet();
                }
                Answer answer = once(method, url, payload, headers);
                int status = answer.status();
                if ((status == 502 || status == 503 || status == 504) && attempt < ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                return answer;
            } catch (IOException e) {
                last = e;
                pause(attempt);
            }
        }
        throw new UnreachableException(method + " " + url + " failed " + ATTEMPTS + " times: " + last, last);
    }

    private Answer once(String method, String url, byte[] payload, Map<String, String> headers) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout((int) timeout.toMillis());
        c.setUseCaches(false);
        c.setRequestMethod(method);
        c.setRequestProperty("Accept", "application/json");
        headers.forEach(c::setRequestProperty);
        if (payload != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.setFixedLengthStreamingMode(payload.length);
            try (OutputStream o = c.getOutputStream()) {
                o.write(payload);
            }
        } else if (!"GET".equals(method)) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(0);
            c.getOutputStream().close();
        }
        int status = c.getResponseCode();
        // Read to the end, error or not, so that the connection goes back to the keep-alive pool.
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        byte[] bytes = new byte[0];
        if (in != null) {
            try (InputStream s = in) {
                bytes = s.readAllBytes();
            }
        }
        return new Answer(status, parse(new String(bytes, StandardCharsets.UTF_8)));
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
