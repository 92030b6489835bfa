package org.d2aflow.benchmarks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The bytes of one {@code GET /figures/stream} as a client reads them, fed in pieces as they arrive: the HTTP/1.1
 * status line and headers (for a raw socket), the chunked transfer coding, then the text/event-stream events.
 * Every event is counted with its bytes; with a {@link Listener} it is also parsed into its id, event name and
 * data (the benchmarks parse only a sample of many subscribers: counting costs a few comparisons per byte).
 * Pure: no I/O, no clock, so that the tests feed it literal frames in any split.
 */
final class SseWire {

    /** A parsed event: {@code event} is null when the frame names none (today's snapshots). */
    interface Listener {
        void event(long receivedNanos, String id, String event, String data);
    }

    /**
     * One change the stream announced: a {@code figure} frame (figure named, positions from {@code positions}) or
     * a whole snapshot (figure null, positions from {@code logPosition}). {@code positions}: next offset per
     * "topic-partition" that the figures include.
     */
    record Update(long receivedNanos, String figure, String id, Map<String, Long> positions) {
    }

    private enum Phase { HEAD, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, BODY, DONE }

    private final Listener listener;
    private Phase phase;
    private ByteArrayOutputStream head = new ByteArrayOutputStream(256);
    private int status;
    private String headers = "";
    private long chunkLeft;
    private long chunkSize;
    private boolean chunkSizeDigits;
    private boolean chunkSizeEnded;

    // The event stream, counted.
    private volatile long bodyBytes;
    private volatile long frames;
    private boolean atLineStart = true;
    private boolean blockHasData;

    // The event stream, parsed (listener only).
    private final ByteArrayOutputStream line;
    private String id;
    private String event;
    private StringBuilder data;

    private SseWire(Listener listener, Phase start) {
        this.listener = listener;
        this.phase = start;
        this.line = listener == null ? null : new ByteArrayOutputStream(256);
    }

    /** A whole HTTP/1.1 response from its status line on (a raw socket's bytes). */
    static SseWire response(Listener listener) {
        return new SseWire(listener, Phase.HEAD);
    }

    /** A response body only, already without transfer coding (what java.net.http hands over). */
    static SseWire body(Listener listener) {
        SseWire w = new SseWire(listener, Phase.BODY);
        w.status = 200;
        w.head = null;
        return w;
    }

    /** Reads {@code len} bytes; {@code nowNanos} is when they arrived and becomes the time of the events they complete. */
    void feed(byte[] b, int off, int len, long nowNanos) {
        int i = off;
        int end = off + len;
        while (i < end) {
            switch (phase) {
                case HEAD -> i = head(b, i, end);
                case CHUNK_SIZE -> i = chunkSize(b, i, end);
                case CHUNK_DATA -> {
                    int n = (int) Math.min(chunkLeft, end - i);
                    stream(b, i, n, nowNanos);
                    i += n;
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        phase = Phase.CHUNK_END;
                    }
                }
                case CHUNK_END -> {
                    // The CRLF after a chunk's data.
                    if (b[i++] == '\n') {
                        phase = Phase.CHUNK_SIZE;
                    }
                }
                case BODY -> {
                    stream(b, i, end - i, nowNanos);
                    i = end;
                }
                case DONE -> i = end;
            }
        }
    }

    private int head(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i++];
            head.write(c);
            int n = head.size();
            if (c == '\n' && n >= 4) {
                byte[] h = head.toByteArray();
                if (h[n - 2] == '\r' && h[n - 3] == '\n' && h[n - 4] == '\r') {
                    headers = new String(h, StandardCharsets.ISO_8859_1);
                    head = null;
                    String first = headers.substring(0, headers.indexOf('\r'));
                    String[] parts = first.split(" ", 3);
                    status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
                    phase = headers.toLowerCase(Locale.ROOT).matches("(?s).*\r\ntransfer-encoding:[ \t]*chunked[ \t]*\r\n.*") ? Phase.CHUNK_SIZE
                            : Phase.BODY;
                    return i;
                }
            }
        }
        return i;
    }

    private int chunkSize(byte[] b, int i, int end) {
        while (i < end) {
            byte c = b[i++];
            if (c == '\n') {
                if (!chunkSizeDigits) {
                    continue;
                }
                chunkLeft = chunkSize;
                chunkSize = 0;
                chunkSizeDigits = false;
                chunkSizeEnded = false;
                phase = chunkLeft == 0 ? Phase.DONE : Phase.CHUNK_DATA;
                return i;
            }
            int digit = Character.digit(c, 16);
            if (digit >= 0 && !chunkSizeEnded) {
                chunkSize = chunkSize * 16 + digit;
                chunkSizeDigits = true;
            } else if (chunkSizeDigits) {
                // ';' starts an extension, '\r' ends the line: the size is complete.
                chunkSizeEnded = true;
            }
        }
        return i;
    }

    private void stream(byte[] b, int off, int len, long nowNanos) {
        bodyBytes += len;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == '\r') {
                continue;
            }
            if (c == '\n') {
                if (atLineStart) {
                    if (blockHasData) {
                        frames++;
                        dispatch(nowNanos);
                    } else if (line != null) {
                        id = null;
                        event = null;
                    }
                    blockHasData = false;
                } else if (line != null) {
                    field(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
                atLineStart = true;
                continue;
            }
            if (atLineStart && c == 'd') {
                blockHasData = true;
            }
            atLineStart = false;
            if (line != null) {
                line.write(c);
            }
        }
    }

    private void field(String l) {
        int colon = l.indexOf(':');
        String name = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (name) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // comments (":") and unknown fields are ignored, as by a browser
            }
        }
    }

    private void dispatch(long nowNanos) {
        if (listener != null && data != null) {
            listener.event(nowNanos, id, event, data.toString());
        }
        id = null;
        event = null;
        data = null;
    }

    /** The HTTP status, 0 while the headers are incomplete, -1 for something that is not HTTP. */
    int status() {
        return status;
    }

    boolean headComplete() {
        return head == null;
    }

    String headers() {
        return headers;
    }

    /** The response's end was read (the last chunk): the server closed the stream. */
    boolean ended() {
        return phase == Phase.DONE;
    }

    long bodyBytes() {
        return bodyBytes;
    }

    long frames() {
        return frames;
    }

    /**
     * What an event tells the freshness benchmarks: a {@code figure} frame or a snapshot, with its positions;
     * null for any other event.
     */
    static Update update(long receivedNanos, String id, String event, String data) {
        JsonNode json;
        try {
            json = Api.JSON.readTree(data);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an SSE event's data is not JSON: " + data, e);
        }
        if ("figure".equals(event)) {
            String figure = json.path("figure").path("figure").asText(null);
            if (figure == null && id != null && id.lastIndexOf('.') > 0) {
                figure = id.substring(0, id.lastIndexOf('.'));
            }
            return new Update(receivedNanos, figure, id, positions(json.path("positions")));
        }
        if ((event == null || "message".equals(event) || "snapshot".equals(event)) && json.has("logPosition")) {
            return new Update(receivedNanos, null, id, positions(json.path("logPosition")));
        }
        return null;
    }

    private static Map<String, Long> positions(JsonNode node) {
        Map<String, Long> positions = new HashMap<>();
        node.fields().forEachRemaining(e -> positions.put(e.getKey(), e.getValue().asLong()));
        return positions;
    }
}
