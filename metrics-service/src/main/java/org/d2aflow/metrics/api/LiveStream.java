package org.d2aflow.metrics.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.d2aflow.kit.http.QueryParams;
import org.d2aflow.metrics.query.LiveFigureHub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code GET /figures/stream} on the Vert.x response itself: the hub's shared frames are written to it as they are, so no
 * subscriber has an encoder, a queue or a copy of its own. The subscription lasts as long as the connection.
 */
final class LiveStream {

    private LiveStream() {
    }

    /** A Vert.x response as the hub's sink. */
    private record ResponseSink(HttpServerResponse response) implements LiveFigureHub.Sink {

        @Override
        public boolean writeQueueFull() {
            return response.writeQueueFull();
        }

        @Override
        public void write(Buffer frame) {
            response.write(frame);
        }
    }

    /** The figures chosen ({@code figures=a,b}; the default: the headlines), refused with a 400 naming {@code figures}. */
    static long chosen(LiveFigureHub hub, List<String> defaults, String figures) {
        List<String> names = figures == null || figures.isBlank() ? defaults : split(figures);
        Long mask = names.isEmpty() ? null : hub.mask(names);
        if (mask == null) {
            QueryParams q = new QueryParams();
            List<String> unknown = names.stream().filter(n -> !hub.names().contains(n)).toList();
            q.refuse("figures", (unknown.isEmpty() ? "must name at least one figure" : "unknown figure(s) " + String.join(", ", unknown))
                    + "; known: " + String.join(", ", hub.names()));
            q.failIfAny();
        }
        return mask;
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
        // The head goes out at once (a comment), even when the client already has every figure it chose.
        response.write(Buffer.buffer(":\n\n"));
        LiveFigureHub.Subscriber s = hub.subscribe(new ResponseSink(response), chosen, known);
        response.closeHandler(v -> hub.unsubscribe(s));
        response.exceptionHandler(e -> hub.unsubscribe(s));
        response.drainHandler(v -> hub.drained(s));
    }

    private static List<String> split(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }
}
