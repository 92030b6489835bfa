package org.d2aflow.benchmarks;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A dashboard's view of the live figures: holds {@code /figures/stream?figures=<figure>} open and records, for
 * every frame of that figure (or every whole snapshot, from a service that streams snapshots), when it arrived
 * here and which log position it says its figures include (parsed by {@link SseWire}).
 */
final class SseRecorder implements AutoCloseable {

    private final List<SseWire.Update> updates = new ArrayList<>();
    private final String figure;
    private final Thread thread;
    private final CountDownLatch first = new CountDownLatch(1);
    private volatile InputStream body;
    private volatile boolean running = true;
    private volatile Exception failure;

    SseRecorder(String metricsUrl, String bearer, String figure) {
        this.figure = figure;
        HttpRequest request = HttpRequest.newBuilder(URI.create(metricsUrl + "/figures/stream?figures=" + figure)).header("Authorization", bearer)
                .header("Accept", "text/event-stream").build();
        thread = new Thread(() -> read(request), "sse-recorder");
        thread.setDaemon(true);
    }

    SseRecorder start() throws InterruptedException {
        thread.start();
        if (!first.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no frame on /figures/stream within 60s" + (failure == null ? "" : ": " + failure));
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
            SseWire wire = SseWire.body((now, id, event, data) -> record(SseWire.update(now, id, event, data)));
            byte[] buffer = new byte[64 * 1024];
            int n;
            while (running && (n = body.read(buffer)) >= 0) {
                wire.feed(buffer, 0, n, System.nanoTime());
            }
        } catch (Exception e) {
            if (running) {
                failure = e;
            }
        }
    }

    private void record(SseWire.Update u) {
        if (u == null || (u.figure() != null && !u.figure().equals(figure))) {
            return;
        }
        synchronized (updates) {
            updates.add(u);
        }
        first.countDown();
    }

    List<SseWire.Update> updates() {
        synchronized (updates) {
            return new ArrayList<>(updates);
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
