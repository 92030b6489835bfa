package org.d2aflow.metrics.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jboss.logging.Logger;

import io.vertx.core.buffer.Buffer;

/**
 * The live stream's fan-out, whatever computes the figures (today's heap engine, later the Kafka Streams queries). Per figure a
 * throttle: the first change after a quiet window recomputes at once, later ones within the window are folded into one
 * recompute when it closes. A recomputed figure whose content is unchanged sends nothing; a changed one becomes one immutable
 * SSE frame, encoded once and written as the same {@link Buffer} to every subscriber of that figure. Per subscriber only the
 * sink, the figures chosen and the figures gone stale are kept: a subscriber whose write queue is full is not queued for, its
 * figure is marked stale and the figure's latest frame is written when the queue drains (a slow client skips intermediate
 * values, never the last).
 */
public final class LiveFigureHub implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LiveFigureHub.class);

    /** An SSE comment that keeps idle connections (and proxies) open; nothing is parsed from it. */
    public static final Buffer KEEP_ALIVE = Buffer.buffer(":\n\n");

    /** Computes figures: called on the hub's thread only, one call at a time. */
    public interface Source {

        /** The figures named (in their order) and the log position they include (next offset per topic partition). */
        Batch compute(List<String> figures);

        /**
         * True while the figures lag far behind the log (a rebuild catching up): recomputes are then spaced by nine times
         * their cost rather than four, so that they never hold back reading the log (each reads every fact so far: spaced
         * by a fixed interval, a rebuild would be quadratic).
         */
        boolean catchingUp();
    }

    /**
     * One recompute: {@code positions} as the frames carry them; per figure its JSON to send and its identity, the bytes its
     * content hash is taken of (the JSON without what moves on every recompute, such as the as-known-at instant).
     */
    public record Batch(Map<String, Long> positions, Map<String, Content> figures) {
    }

    public record Content(byte[] json, byte[] identity) {
    }

    /** A subscriber's connection. Called from the hub's thread and from the connection's drain handler. */
    public interface Sink {

        boolean writeQueueFull();

        void write(Buffer frame);
    }

    /** A figure's current frame: {@code id: <figure>.<hash>}, the figure's content hash, and the encoded bytes. */
    public record Frame(String figure, String hash, Buffer bytes) {

        public String id() {
            return figure + "." + hash;
        }
    }

    /** What a subscriber holds: its sink, a bit per chosen figure and a bit per figure whose latest frame it still owes. */
    public static final class Subscriber {
        private final Sink sink;
        private final long chosen;
        private long stale;
        private boolean closed;

        private Subscriber(Sink sink, long chosen) {
            this.sink = sink;
            this.chosen = chosen;
        }
    }

    private final List<String> names;
    private final Source source;
    private final long windowNanos;
    /** Figures recomputed whether or not anyone subscribes (those published and gauged); the others only while subscribed. */
    private final long always;
    private final AtomicIntegerArray subscribed;
    private final AtomicReferenceArray<Frame> frames;
    /** Per figure, touched on the hub's thread only: when it was last recomputed and whether a trailing recompute is due. */
    private final long[] lastRun;
    private final boolean[] pending;
    private long lastCost;
    private volatile long recomputes;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-figure-hub");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param names the figures served, at most 64 (a subscriber's choice is a bit mask)
     * @param window the shortest time between two recomputes of a figure
     * @param keepAlive how often idle connections get a comment
     */
    public LiveFigureHub(List<String> names, Source source, Duration window, Duration keepAlive) {
        this(names, names.size(), source, window, keepAlive);
    }

    /**
     * @param alwaysFirst how many of the first names are recomputed on every change whether or not anyone subscribes; each
     *        of the others is recomputed only while someone subscribes to it
     */
    public LiveFigureHub(List<String> names, int alwaysFirst, Source source, Duration window, Duration keepAlive) {
        if (names.size() > 64) {
            throw new IllegalArgumentException("at most 64 figures: " + names.size());
        }
        this.names = List.copyOf(names);
        this.source = source;
        this.windowNanos = window.toNanos();
        this.always = bits(Math.min(alwaysFirst, names.size()));
        this.subscribed = new AtomicIntegerArray(names.size());
        this.frames = new AtomicReferenceArray<>(names.size());
        this.lastRun = new long[names.size()];
        this.pending = new boolean[names.size()];
        long k = keepAlive.toMillis();
        thread.scheduleWithFixedDelay(() -> broadcastComment(), k, k, TimeUnit.MILLISECONDS);
    }

    public List<String> names() {
        return names;
    }

    /** The bit of each figure named; null when one is not served (the caller refuses the request). */
    public Long mask(List<String> figures) {
        long mask = 0;
        for (String f : figures) {
            int i = names.indexOf(f);
            if (i < 0) {
                return null;
            }
            mask |= 1L << i;
        }
        return mask;
    }

    /** The figures may have changed (the log moved, or time did): each recomputes when its throttle allows. */
    public void changed() {
        thread.execute(() -> safely(() -> signal(wanted())));
    }

    /** Recomputes every figure now, regardless of the throttles (a client asked for the latest figures); done when sent. */
    public CompletableFuture<Void> recomputeNow() {
        return CompletableFuture.runAsync(() -> run(wanted()), thread);
    }

    private static long bits(int n) {
        return n == 64 ? -1L : (1L << n) - 1;
    }

    /** The figures someone needs: those always recomputed and those with a subscriber. */
    private long wanted() {
        long mask = always;
        for (int i = 0; i < names.size(); i++) {
            if (subscribed.get(i) > 0) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    private void count(long chosen, int delta) {
        for (int i = 0; i < names.size(); i++) {
            if ((chosen & (1L << i)) != 0) {
                subscribed.addAndGet(i, delta);
            }
        }
    }

    /** Recomputes done so far (for tests and diagnostics). */
    public long recomputes() {
        return recomputes;
    }

    /** The current frame of a figure, null before its first recompute. */
    public Frame frame(String figure) {
        int i = names.indexOf(figure);
        return i < 0 ? null : frames.get(i);
    }

    /**
     * Adds a subscriber and writes it the current frame of each chosen figure, except those it already has: {@code known}
     * maps a figure to the hash the client holds (Last-Event-ID, seen=), skipped while it is still the current one.
     */
    public Subscriber subscribe(Sink sink, long chosen, Map<String, String> known) {
        Subscriber s = new Subscriber(sink, chosen);
        // Under the subscriber's lock, so that a frame broadcast meanwhile is written after (never before) an older one.
        synchronized (s) {
            subscribers.add(s);
            count(chosen, 1);
            for (int i = 0; i < names.size(); i++) {
                Frame f = frames.get(i);
                if ((chosen & (1L << i)) != 0 && f != null && !f.hash().equals(known.get(f.figure()))) {
                    write(s, i, f);
                }
            }
        }
        // A figure nobody followed until now may hold an old frame, or none: recompute it (throttled like any change).
        long extra = chosen & ~always;
        if (extra != 0) {
            thread.execute(() -> safely(() -> signal(extra)));
        }
        return s;
    }

    public void unsubscribe(Subscriber s) {
        synchronized (s) {
            s.closed = true;
        }
        if (subscribers.remove(s)) {
            count(s.chosen, -1);
        }
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** The sink's write queue has room again: the latest frame of each figure that went stale, while it has room. */
    public void drained(Subscriber s) {
        synchronized (s) {
            while (s.stale != 0 && !s.closed) {
                if (writeQueueFull(s)) {
                    return;
                }
                int i = Long.numberOfTrailingZeros(s.stale);
                s.stale &= ~(1L << i);
                send(s, frames.get(i));
            }
        }
    }

    private void signal(long mask) {
        long now = System.nanoTime();
        long window = window();
        long due = 0;
        long later = 0;
        long at = 0;
        for (int i = 0; i < names.size(); i++) {
            if ((mask & (1L << i)) == 0 || pending[i]) {
                continue;
            }
            if (lastRun[i] == 0 || now - lastRun[i] >= window) {
                due |= 1L << i;
            } else {
                pending[i] = true;
                later |= 1L << i;
                at = Math.max(at, lastRun[i] + window);
            }
        }
        run(due);
        if (later != 0) {
            long trailing = later;
            thread.schedule(() -> safely(() -> {
                for (int i = 0; i < names.size(); i++) {
                    if ((trailing & (1L << i)) != 0) {
                        pending[i] = false;
                    }
                }
                run(trailing);
            }), Math.max(0, at - now), TimeUnit.NANOSECONDS);
        }
    }

    /** At least the window; more when a recompute is costly (see {@link Source#catchingUp()}). */
    private long window() {
        return Math.max(windowNanos, (source.catchingUp() ? 9 : 4) * lastCost);
    }

    private void run(long mask) {
        if (mask == 0) {
            return;
        }
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if ((mask & (1L << i)) != 0) {
                chosen.add(names.get(i));
            }
        }
        long started = System.nanoTime();
        Batch batch = source.compute(chosen);
        long ended = System.nanoTime();
        lastCost = ended - started;
        recomputes++;
        byte[] positions = positionsJson(batch.positions());
        for (int i = 0; i < names.size(); i++) {
            Content c = (mask & (1L << i)) == 0 ? null : batch.figures().get(names.get(i));
            if (c == null) {
                continue;
            }
            lastRun[i] = ended;
            String hash = hash(c.identity());
            Frame before = frames.get(i);
            Frame now = new Frame(names.get(i), hash, encode(names.get(i), hash, positions, c.json()));
            // Unchanged: nothing is sent, but later subscribers get the fresher positions.
            frames.set(i, now);
            if (before == null || !before.hash().equals(hash)) {
                broadcast(i, now);
            }
        }
    }

    private void broadcast(int i, Frame f) {
        long bit = 1L << i;
        for (Subscriber s : subscribers) {
            if ((s.chosen & bit) != 0) {
                synchronized (s) {
                    write(s, i, f);
                }
            }
        }
    }

    private void broadcastComment() {
        for (Subscriber s : subscribers) {
            synchronized (s) {
                if (s.stale == 0 && !s.closed && !writeQueueFull(s)) {
                    send(s, null);
                }
            }
        }
    }

    /** Under the subscriber's lock: the frame now, or (queue full, or frames owed already) the figure marked stale. */
    private void write(Subscriber s, int i, Frame f) {
        if (s.closed) {
            return;
        }
        if (s.stale != 0 || writeQueueFull(s)) {
            s.stale |= 1L << i;
            return;
        }
        send(s, f);
    }

    private boolean writeQueueFull(Subscriber s) {
        try {
            return s.sink.writeQueueFull();
        } catch (RuntimeException e) {
            gone(s, e);
            return true;
        }
    }

    private void send(Subscriber s, Frame f) {
        try {
            s.sink.write(f == null ? KEEP_ALIVE : f.bytes());
        } catch (RuntimeException e) {
            gone(s, e);
        }
    }

    /** A connection closed under us (its close handler removes it too; this covers a write that raced the close). */
    private void gone(Subscriber s, RuntimeException e) {
        LOG.debugf("Live figure subscriber gone: %s", e.toString());
        s.closed = true;
        if (subscribers.remove(s)) {
            count(s.chosen, -1);
        }
    }

    private static byte[] positionsJson(Map<String, Long> positions) {
        StringBuilder b = new StringBuilder("{");
        new TreeMap<>(positions).forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            // Keys are topic-partition names ("d2a.referrals-0"): Kafka topic names have no character that JSON escapes.
            b.append('"').append(k).append("\":").append(v);
        });
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code id: <figure>.<hash>\nevent: figure\ndata: {"positions":…,"figure":…}\n\n}, once for every subscriber. */
    static Buffer encode(String figure, String hash, byte[] positions, byte[] figureJson) {
        byte[] head = ("id: " + figure + "." + hash + "\nevent: figure\ndata: {\"positions\":").getBytes(StandardCharsets.UTF_8);
        byte[] middle = ",\"figure\":".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "}\n\n".getBytes(StandardCharsets.UTF_8);
        Buffer b = Buffer.buffer(head.length + positions.length + middle.length + figureJson.length + tail.length);
        return b.appendBytes(head).appendBytes(positions).appendBytes(middle).appendBytes(figureJson).appendBytes(tail);
    }

    /** The first 12 hex digits of the SHA-256 of the bytes. */
    static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // A failed recompute must not end the hub's thread (a ScheduledExecutorService drops a task that throws).
            LOG.warnf("Live figures recompute failed: %s", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
