package org.d2aflow.metrics.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

/** The live stream's hub on its own: a figure source and connections under the test's control. */
class LiveFigureHubTest {

    private static final List<String> FIGURES = List.of("alpha", "beta", "gamma");

    /** Figures as the test sets them; every compute call counted, with the figures it was asked for. */
    private static final class Figures implements LiveFigureHub.Source {
        final Map<String, String> values = new ConcurrentHashMap<>(Map.of("alpha", "{\"v\":1}", "beta", "{\"v\":2}", "gamma", "{\"v\":3}"));
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger position = new AtomicInteger();

        @Override
        public LiveFigureHub.Batch compute(List<String> figures) {
            calls.add(figures);
            Map<String, LiveFigureHub.Content> out = new LinkedHashMap<>();
            for (String f : figures) {
                // The JSON sent carries an instant that moves every time; the identity (what is hashed) does not.
                String json = values.get(f);
                out.put(f, new LiveFigureHub.Content(json.replace("}", ",\"asKnownAt\":\"" + System.nanoTime() + "\"}")
                        .getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
            }
            return new LiveFigureHub.Batch(new TreeMap<>(Map.of("d2a.referrals-0", (long) position.get(), "d2a.capacity-0", 7L)), out);
        }

        @Override
        public boolean catchingUp() {
            return false;
        }
    }

    /** A connection whose write queue the test fills and drains. */
    private static class Connection implements LiveFigureHub.Sink {
        final List<Buffer> written = new CopyOnWriteArrayList<>();
        volatile boolean full;

        @Override
        public boolean writeQueueFull() {
            return full;
        }

        @Override
        public void write(Buffer frame) {
            written.add(frame);
        }

        List<String> ids() {
            List<String> out = new ArrayList<>();
            for (Buffer b : written) {
                String s = b.toString(StandardCharsets.UTF_8);
                if (s.startsWith("id: ")) {
                    out.add(s.substring(4, s.indexOf('\n')));
                }
            }
            return out;
        }

        List<String> figuresWritten() {
            return ids().stream().map(id -> id.substring(0, id.lastIndexOf('.'))).toList();
        }
    }

    private final Figures figures = new Figures();
    private LiveFigureHub hub;

    private LiveFigureHub hub(Duration window) {
        hub = new LiveFigureHub(FIGURES, figures, window, Duration.ofHours(1));
        return hub;
    }

    @AfterEach
    void close() {
        if (hub != null) {
            hub.close();
        }
    }

    private static String sha12(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)), 0, 6);
    }

    private void settle(long recomputes) {
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.recomputes() >= recomputes);
    }

    @Test
    void aFrameIsTheFigureWithThePositionsAndAnIdOfItsContentHash() throws Exception {
        hub(Duration.ofMillis(50));
        figures.position.set(42);
        hub.changed();
        settle(1);
        String frame = hub.frame("beta").bytes().toString(StandardCharsets.UTF_8);
        String id = "beta." + sha12("{\"v\":2}");
        assertThat(frame).matches("id: " + java.util.regex.Pattern.quote(id) + "\nevent: figure\ndata: \\{\"positions\":\\{\"d2a.capacity-0\":7,"
                + "\"d2a.referrals-0\":42\\},\"figure\":\\{\"v\":2,\"asKnownAt\":\"\\d+\"\\}\\}\n\n");
        assertThat(hub.frame("beta").id()).isEqualTo(id);
    }

    @Test
    void theFirstChangeAfterQuietRecomputesAtOnceAndABurstWithinTheWindowIsFoldedIntoOneMore() throws Exception {
        hub(Duration.ofMillis(400));
        long started = System.nanoTime();
        hub.changed();
        settle(1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("leading edge: at once").isLessThan(300);
        for (int i = 0; i < 10; i++) {
            hub.changed();
            Thread.sleep(10);
        }
        assertThat(hub.recomputes()).as("the burst waits for the window").isEqualTo(1);
        settle(2);
        long trailing = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(trailing).as("trailing edge: when the window closes").isGreaterThanOrEqualTo(380);
        Thread.sleep(600);
        assertThat(hub.recomputes()).as("ten changes in the window: one trailing recompute").isEqualTo(2);
        assertThat(figures.calls).allSatisfy(c -> assertThat(c).containsExactlyElementsOf(FIGURES));
    }

    @Test
    void aRecomputedFigureWhoseContentIsUnchangedSendsNothing() {
        hub(Duration.ofMillis(20));
        Connection c = new Connection();
        hub.subscribe(c, hub.mask(FIGURES), Map.of());
        hub.changed();
        settle(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.written.size() == 3);
        figures.values.put("gamma", "{\"v\":33}");
        figures.position.incrementAndGet();
        hub.changed();
        settle(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.written.size() == 4);
        hub.changed();
        settle(3);
        assertThat(c.figuresWritten()).containsExactly("alpha", "beta", "gamma", "gamma");
        assertThat(c.written.get(3).toString(StandardCharsets.UTF_8)).contains("{\"v\":33,");
    }

    @Test
    void everySubscriberIsWrittenTheSameBufferEncodedOnce() {
        hub(Duration.ofMillis(20));
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Connection c = new Connection();
            connections.add(c);
            hub.subscribe(c, hub.mask(List.of("alpha")), Map.of());
        }
        hub.changed();
        settle(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> connections.stream().allMatch(c -> c.written.size() == 1));
        Buffer shared = hub.frame("alpha").bytes();
        assertThat(connections).allSatisfy(c -> assertThat(c.written.get(0)).isSameAs(shared));
    }

    @Test
    void aFullWriteQueueSkipsIntermediateFramesAndGetsTheLatestWhenItDrains() {
        hub(Duration.ofMillis(20));
        Connection slow = new Connection();
        Connection fast = new Connection();
        LiveFigureHub.Subscriber s = hub.subscribe(slow, hub.mask(List.of("alpha", "beta")), Map.of());
        hub.subscribe(fast, hub.mask(List.of("alpha")), Map.of());
        slow.full = true;
        for (int v = 10; v < 13; v++) {
            figures.values.put("alpha", "{\"v\":" + v + "}");
            hub.changed();
            settle(v - 9);
            int seen = v - 9;
            await().atMost(Duration.ofSeconds(5)).until(() -> fast.written.size() == seen);
        }
        assertThat(slow.written).as("nothing queued for a full connection").isEmpty();
        slow.full = false;
        hub.drained(s);
        assertThat(slow.figuresWritten()).as("the latest of each stale figure, once").containsExactlyInAnyOrder("alpha", "beta");
        assertThat(slow.written).contains(hub.frame("alpha").bytes());
        assertThat(slow.written.get(slow.figuresWritten().indexOf("alpha")).toString(StandardCharsets.UTF_8)).contains("{\"v\":12,");
        hub.drained(s);
        assertThat(slow.written).hasSize(2);
    }

    @Test
    void aDrainThatFillsTheQueueAgainLeavesTheRestStaleForTheNextDrain() {
        hub(Duration.ofMillis(20));
        hub.changed();
        settle(1);
        Connection c = new Connection() {
            @Override
            public void write(Buffer frame) {
                super.write(frame);
                full = true;
            }
        };
        c.full = true;
        LiveFigureHub.Subscriber s = hub.subscribe(c, hub.mask(FIGURES), Map.of());
        c.full = false;
        hub.drained(s);
        assertThat(c.written).hasSize(1);
        c.full = false;
        hub.drained(s);
        c.full = false;
        hub.drained(s);
        assertThat(c.figuresWritten()).containsExactly("alpha", "beta", "gamma");
    }

    @Test
    void onConnectOnlyTheChosenFiguresTheClientDoesNotHaveAreSent() throws Exception {
        hub(Duration.ofMillis(20));
        hub.changed();
        settle(1);
        String alpha = hub.frame("alpha").hash();
        Connection resumed = new Connection();
        hub.subscribe(resumed, hub.mask(FIGURES), Map.of("alpha", alpha, "beta", "000000000000"));
        assertThat(resumed.figuresWritten()).as("alpha unchanged, beta's hash is old").containsExactly("beta", "gamma");

        Connection chosen = new Connection();
        hub.subscribe(chosen, hub.mask(List.of("gamma")), Map.of());
        figures.values.put("alpha", "{\"v\":100}");
        figures.values.put("gamma", "{\"v\":300}");
        hub.changed();
        settle(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> chosen.written.size() == 2);
        assertThat(chosen.figuresWritten()).containsExactly("gamma", "gamma");
        assertThat(hub.mask(List.of("alpha", "nope"))).isNull();
    }

    @Test
    void anUnsubscribedConnectionIsWrittenNothingMore() {
        hub(Duration.ofMillis(20));
        Connection c = new Connection();
        LiveFigureHub.Subscriber s = hub.subscribe(c, hub.mask(FIGURES), Map.of());
        hub.unsubscribe(s);
        assertThat(hub.subscriberCount()).isZero();
        hub.changed();
        settle(1);
        assertThat(c.written).isEmpty();
    }

    @Test
    void aFigureBeyondTheAlwaysComputedOnesIsComputedOnlyWhileSomeoneFollowsIt() throws Exception {
        hub = new LiveFigureHub(FIGURES, 2, figures, Duration.ofMillis(20), Duration.ofHours(1));
        hub.changed();
        settle(1);
        assertThat(figures.calls.get(0)).as("nobody follows gamma").containsExactly("alpha", "beta");
        assertThat(hub.frame("gamma")).isNull();

        Connection c = new Connection();
        LiveFigureHub.Subscriber s = hub.subscribe(c, hub.mask(List.of("gamma")), Map.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> c.figuresWritten().contains("gamma"));
        assertThat(figures.calls).as("subscribing computes it at once").anySatisfy(call -> assertThat(call).containsExactly("gamma"));

        Thread.sleep(50);
        int before = figures.calls.size();
        long done = hub.recomputes();
        hub.changed();
        settle(done + 1);
        assertThat(figures.calls.subList(before, figures.calls.size())).as("followed: computed on every change")
                .anySatisfy(call -> assertThat(call).containsExactly("alpha", "beta", "gamma"));

        hub.unsubscribe(s);
        Thread.sleep(50);
        int after = figures.calls.size();
        done = hub.recomputes();
        hub.changed();
        settle(done + 1);
        assertThat(figures.calls.subList(after, figures.calls.size())).as("nobody follows gamma again")
                .allSatisfy(call -> assertThat(call).doesNotContain("gamma"));
    }
}
