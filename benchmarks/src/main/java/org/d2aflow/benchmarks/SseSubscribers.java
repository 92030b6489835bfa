package org.d2aflow.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many dashboards in one process: raw non-blocking HTTP/1.1 connections to {@code /figures/stream}, served by a
 * few threads each with its own {@link Selector}. Most subscribers only count the bytes and frames they receive
 * ({@link SseWire} without a listener); every {@code sampleEvery}-th subscribes to one figure and parses each
 * frame, recording when it arrived (the freshness sample).
 */
final class SseSubscribers implements AutoCloseable {

    /** Connections being set up (connect sent, no response head yet) at most: the server's accept queue is finite. */
    static final int MAX_PENDING = 200;

    /** One subscriber: its socket, its wire and, if sampled, the frames it parsed. */
    static final class Subscriber {
        final int index;
        final boolean sampled;
        final SseWire wire;
        final List<SseWire.Update> updates;
        final ByteBuffer request;
        SocketChannel channel;
        volatile boolean open;

        Subscriber(int index, boolean sampled, String figure, byte[] request) {
            this.index = index;
            this.sampled = sampled;
            this.updates = sampled ? new ArrayList<>() : null;
            this.wire = SseWire.response(sampled ? (now, id, event, data) -> {
                SseWire.Update u = SseWire.update(now, id, event, data);
                if (u != null && (u.figure() == null || u.figure().equals(figure))) {
                    synchronized (updates) {
                        updates.add(u);
                    }
                }
            } : null);
            this.request = ByteBuffer.wrap(request);
        }

        List<SseWire.Update> updates() {
            synchronized (updates) {
                return new ArrayList<>(updates);
            }
        }
    }

    private final InetSocketAddress address;
    private final byte[] defaultRequest;
    private final byte[] sampleRequest;
    private final String figure;
    private final Loop[] loops;
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile boolean running = true;
    private String openFailure;

    /**
     * {@code defaultQuery}: the stream's query for the counted subscribers ("" for the default figures); the sampled
     * ones ask for {@code figure} alone.
     */
    SseSubscribers(String host, int port, String bearer, String defaultQuery, String figure, int threads) {
        this.address = new InetSocketAddress(host, port);
        this.figure = figure;
        this.defaultRequest = request(host, port, bearer, "/figures/stream" + defaultQuery);
        this.sampleRequest = request(host, port, bearer, "/figures/stream?figures=" + figure);
        this.loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop(i);
        }
    }

    static byte[] request(String host, int port, String bearer, String target) {
        return ("GET " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: " + bearer
                + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Opens up to {@code count} subscribers, every {@code sampleEvery}-th one sampled, at most {@link #MAX_PENDING}
     * being set up at a time; returns when every one opened has its response head or failed, or when no progress
     * was made for {@code stallMillis}. Stops opening at the first socket the process cannot have (file descriptors).
     */
    void open(int count, int sampleEvery, long stallMillis) throws InterruptedException {
        for (Loop l : loops) {
            l.thread.start();
        }
        long nextProgress = System.nanoTime() + 5_000_000_000L;
        for (int i = 0; i < count; i++) {
            while (pending.get() >= MAX_PENDING) {
                Thread.sleep(1);
                nextProgress = progress(count, nextProgress);
            }
            boolean sampled = i % sampleEvery == 0;
            Subscriber s = new Subscriber(i, sampled, figure, sampled ? sampleRequest : defaultRequest);
            try {
                s.channel = SocketChannel.open();
                s.channel.configureBlocking(false);
                s.channel.connect(address);
            } catch (IOException e) {
                openFailure = "subscriber " + i + ": " + e;
                if (s.channel != null) {
                    try {
                        s.channel.close();
                    } catch (IOException ignored) {
                        // failed anyway
                    }
                }
                Report.progress("sse: could not open subscriber %,d (%s): holding %,d", i + 1, e, i);
                break;
            }
            s.open = true;
            pending.incrementAndGet();
            synchronized (subscribers) {
                subscribers.add(s);
            }
            loops[i % loops.length].add(s);
            nextProgress = progress(count, nextProgress);
        }
        int opened = opened();
        long lastChange = System.nanoTime();
        int last = -1;
        while (connected.get() + failed.get() < opened) {
            Thread.sleep(50);
            nextProgress = progress(count, nextProgress);
            int now = connected.get() + failed.get();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stallMillis * 1_000_000L) {
                Report.progress("sse: no subscriber connected or failed for %ds, going on with %,d connected", stallMillis / 1000, connected.get());
                break;
            }
        }
        Report.progress("sse: %,d opened, %,d connected (response 200), %,d failed%s", opened, connected.get(), failed.get(),
                firstFailure.get() == null ? "" : "; first failure: " + firstFailure.get());
    }

    private long progress(int count, long next) {
        long now = System.nanoTime();
        if (now < next) {
            return next;
        }
        Report.progress("sse: %,d of %,d opened, %,d connected, %,d failed, %,d closed", opened(), count, connected.get(), failed.get(), closed.get());
        return now + 5_000_000_000L;
    }

    int opened() {
        synchronized (subscribers) {
            return subscribers.size();
        }
    }

    int connected() {
        return connected.get();
    }

    int failed() {
        return failed.get();
    }

    /** Subscribers whose stream ended or broke after they had connected. */
    int closed() {
        return closed.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    /** Why opening stopped short of the count asked, null if it did not. */
    String openFailure() {
        return openFailure;
    }

    /** The subscribers that connected and are still open. */
    List<Subscriber> live() {
        synchronized (subscribers) {
            return subscribers.stream().filter(s -> s.open && s.wire.status() == 200).toList();
        }
    }

    /** Frames received so far by each of the given subscribers, in their order. */
    static long[] frames(List<Subscriber> subscribers) {
        return subscribers.stream().mapToLong(s -> s.wire.frames()).toArray();
    }

    static long[] bytes(List<Subscriber> subscribers) {
        return subscribers.stream().mapToLong(s -> s.wire.bodyBytes()).toArray();
    }

    /** Per subscriber, after minus before (both in the same order). */
    static long[] minus(long[] after, long[] before) {
        long[] d = new long[after.length];
        Arrays.setAll(d, i -> after[i] - before[i]);
        return d;
    }

    private void fail(Subscriber s, String why) {
        firstFailure.compareAndSet(null, "subscriber " + s.index + ": " + why);
    }

    private final class Loop implements Runnable {
        final Thread thread;
        final Selector selector;
        final Queue<Subscriber> added = new ConcurrentLinkedQueue<>();
        final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

        Loop(int i) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            thread = new Thread(this, "sse-subscribers-" + i);
            thread.setDaemon(true);
        }

        void add(Subscriber s) {
            added.add(s);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(200);
                    Subscriber s;
                    while ((s = added.poll()) != null) {
                        try {
                            s.channel.register(selector, SelectionKey.OP_CONNECT, s);
                        } catch (IOException e) {
                            drop(s, null, e.toString(), true);
                        }
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        handle(key);
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    firstFailure.compareAndSet(null, "selector: " + e);
                }
            }
        }

        private void handle(SelectionKey key) {
            Subscriber s = (Subscriber) key.attachment();
            boolean headed = s.wire.headComplete();
            try {
                if (key.isValid() && key.isConnectable()) {
                    s.channel.finishConnect();
                    key.interestOps(SelectionKey.OP_WRITE);
                }
                if (key.isValid() && key.isWritable()) {
                    s.channel.write(s.request);
                    if (!s.request.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (key.isValid() && key.isReadable()) {
                    read(key, s);
                }
            } catch (IOException e) {
                drop(s, key, e.toString(), !headed);
                return;
            }
            if (!headed && s.wire.headComplete()) {
                pending.decrementAndGet();
                if (s.wire.status() == 200) {
                    connected.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    fail(s, "answered " + s.wire.headers().lines().findFirst().orElse("?"));
                    close(s, key);
                }
            }
        }

        private void read(SelectionKey key, Subscriber s) throws IOException {
            while (true) {
                buffer.clear();
                int n = s.channel.read(buffer);
                if (n < 0) {
                    drop(s, key, "the server closed the stream", !s.wire.headComplete());
                    return;
                }
                if (n == 0) {
                    return;
                }
                s.wire.feed(buffer.array(), 0, n, System.nanoTime());
                if (s.wire.ended()) {
                    drop(s, key, "the response ended", false);
                    return;
                }
            }
        }

        /** A subscriber lost: before its response head it failed to connect, after it the stream closed. */
        private void drop(Subscriber s, SelectionKey key, String why, boolean beforeHead) {
            if (!s.open) {
                return;
            }
            fail(s, why);
            if (beforeHead) {
                pending.decrementAndGet();
                failed.incrementAndGet();
            } else {
                closed.incrementAndGet();
            }
            close(s, key);
        }

        private void close(Subscriber s, SelectionKey key) {
            s.open = false;
            if (key != null) {
                key.cancel();
            }
            try {
                s.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (Loop l : loops) {
            l.selector.wakeup();
            try {
                l.thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (subscribers) {
            for (Subscriber s : subscribers) {
                try {
                    s.channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        for (Loop l : loops) {
            try {
                l.selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
