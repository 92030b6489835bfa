package org.d2aflow.benchmarks;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A dashboard's view of the live figures: holds /figures/stream open and records, for every snapshot, when it
 * arrived here and which log position and event count it says its figures include.
 */
final class SseRecorder implements AutoCloseable {

    /** {@code positions}: next offset per "topic-partition", as the snapshot's logPosition gives it. */
    record Snapshot(long receivedNanos, long sequence, long eventsApplied, Map<String, Long> positions) {
    }

    private final List<Snapshot> snapshots = new ArrayList<>();
    private final Thread thread;
    private final CountDownLatch first = new CountDownLatch(1);
    private volatile InputStream body;
    private volatile boolean running = true;
    private volatile Exception failure;

    SseRecorder(String metricsUrl, String bearer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(metricsUrl + "/figures/stream")).header("Authorization", bearer)
                .header("Accept", "text/event-stream").build();
        thread = new Thread(() -> read(request), "sse-recorder");
        thread.setDaemon(true);
    }

    SseRecorder start() throws InterruptedException {
        thread.start();
        if (!first.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no snapshot on /figures/stream within 60s" + (failure == null ? "" : ": " + failure));
        }
        return this;
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<InputStream> r = Api.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            body = r.body();
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/figures/stream answered " + r.statusCode() + ": " + new String(r.body().readAllBytes(),
                        StandardCharsets.UTF_8));
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            StringBuilder data = new StringBuilder();
            String line;
            while (running && (line = in.readLine()) != null) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && data.length() > 0) {
                    long now = System.nanoTime();
                    record(now, Api.JSON.readTree(data.toString()));
                    data.setLength(0);
                }
            }
        } catch (Exception e) {
            if (running) {
                failure = e;
            }
        }
    }

    private void record(long now, JsonNode s) {
        Map<String, Long> positions = new HashMap<>();
        s.path("logPosition").fields().forEachRemaining(e -> positions.put(e.getKey(), e.getValue().asLong()));
        synchronized (snapshots) {
            snapshots.add(new Snapshot(now, s.path("sequence").asLong(), s.path("eventsApplied").asLong(), positions));
        }
        first.countDown();
    }

    List<Snapshot> snapshots() {
        synchronized (snapshots) {
            return new ArrayList<>(snapshots);
        }
    }

    Exception failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        try {
            InputStream b = body;
            if (b != null) {
                b.close();
            }
        } catch (Exception e) {
            // closing anyway
        }
        thread.interrupt();
    }
}
