package org.d2aflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The live stream as the benchmarks' clients read it: literal responses, fed whole and split at every byte. */
class SseWireTest {

    static final String CENSUS = "id: length-of-stay-census.0123456789ab\nevent: figure\n"
            + "data: {\"positions\":{\"d2a.referrals-0\":123,\"d2a.referrals-1\":7,\"d2a.capacity-0\":0},"
            + "\"figure\":{\"figure\":\"length-of-stay-census\",\"at\":\"2026-12-07\",\"count\":5}}\n\n";
    static final String DELAY = "id: delay-census.ba9876543210\nevent: figure\n"
            + "data: {\"positions\":{\"d2a.referrals-0\":124,\"d2a.referrals-1\":7},\"figure\":{\"figure\":\"delay-census\",\"count\":2}}\n\n";

    /** A chunked HTTP/1.1 response whose chunks cut the frames anywhere, as a server's writes may. */
    static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunk(CENSUS) + chunk(DELAY.substring(0, 40)) + chunk(DELAY.substring(40)) + chunk(":\n\n");

    static String chunk(String s) {
        return Integer.toHexString(s.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + s + "\r\n";
    }

    record Event(long at, String id, String event, String data) {
    }

    @Test
    void readsFigureFramesFromAChunkedResponseInAnySplit() {
        byte[] bytes = RESPONSE.getBytes(StandardCharsets.UTF_8);
        List<Event> whole = new ArrayList<>();
        SseWire one = SseWire.response((now, id, event, data) -> whole.add(new Event(now, id, event, data)));
        one.feed(bytes, 0, bytes.length, 42);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.frames()).isEqualTo(2);
        assertThat(one.bodyBytes()).isEqualTo(CENSUS.length() + DELAY.length() + 3);
        assertThat(whole).extracting(Event::id).containsExactly("length-of-stay-census.0123456789ab", "delay-census.ba9876543210");
        assertThat(whole).extracting(Event::event).containsExactly("figure", "figure");
        assertThat(whole.get(0).data()).startsWith("{\"positions\":").endsWith("\"count\":5}}");

        for (int cut = 1; cut < bytes.length; cut++) {
            List<Event> split = new ArrayList<>();
            SseWire two = SseWire.response((now, id, event, data) -> split.add(new Event(now, id, event, data)));
            two.feed(bytes, 0, cut, 1);
            two.feed(bytes, cut, bytes.length - cut, 2);
            assertThat(split).as("cut at %d", cut).extracting(Event::data).isEqualTo(whole.stream().map(Event::data).toList());
            assertThat(two.frames()).isEqualTo(2);
        }
        // Byte by byte, each event carries the time of the read that completed it.
        List<Event> bytewise = new ArrayList<>();
        SseWire three = SseWire.response((now, id, event, data) -> bytewise.add(new Event(now, id, event, data)));
        for (int i = 0; i < bytes.length; i++) {
            three.feed(bytes, i, 1, i);
        }
        assertThat(bytewise).extracting(Event::at).containsExactly((long) RESPONSE.indexOf(CENSUS) + CENSUS.length() - 1,
                (long) RESPONSE.lastIndexOf(DELAY.substring(40)) + DELAY.length() - 40 - 1);
    }

    @Test
    void countingWithoutParsingSeesTheSameFrames() {
        byte[] bytes = RESPONSE.getBytes(StandardCharsets.UTF_8);
        SseWire counter = SseWire.response(null);
        for (int i = 0; i < bytes.length; i += 7) {
            counter.feed(bytes, i, Math.min(7, bytes.length - i), 0);
        }
        assertThat(counter.frames()).isEqualTo(2);
        assertThat(counter.bodyBytes()).isEqualTo(CENSUS.length() + DELAY.length() + 3);
        assertThat(counter.ended()).isFalse();
        byte[] last = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        counter.feed(last, 0, last.length, 0);
        assertThat(counter.ended()).isTrue();
    }

    @Test
    void aFigureFrameGivesItsFigureAndPositions() {
        List<SseWire.Update> updates = new ArrayList<>();
        SseWire wire = SseWire.body((now, id, event, data) -> updates.add(SseWire.update(now, id, event, data)));
        byte[] bytes = (CENSUS + DELAY).getBytes(StandardCharsets.UTF_8);
        wire.feed(bytes, 0, bytes.length, 7);
        assertThat(updates).hasSize(2);
        SseWire.Update census = updates.get(0);
        assertThat(census.figure()).isEqualTo("length-of-stay-census");
        assertThat(census.receivedNanos()).isEqualTo(7);
        assertThat(census.positions()).isEqualTo(Map.of("d2a.referrals-0", 123L, "d2a.referrals-1", 7L, "d2a.capacity-0", 0L));
        assertThat(updates.get(1).figure()).isEqualTo("delay-census");

        // The figure's name from the id when the figure JSON lacks it.
        SseWire.Update fromId = SseWire.update(1, "pathway-mix.0011aabbccdd", "figure", "{\"positions\":{\"t-0\":3},\"figure\":{}}");
        assertThat(fromId.figure()).isEqualTo("pathway-mix");
        assertThat(fromId.positions()).containsEntry("t-0", 3L);
    }

    @Test
    void todaysSnapshotsAreUpdatesOfEveryFigure() {
        List<SseWire.Update> updates = new ArrayList<>();
        SseWire wire = SseWire.body((now, id, event, data) -> updates.add(SseWire.update(now, id, event, data)));
        byte[] bytes = ("data:{\"sequence\":3,\"eventsApplied\":10,\"logPosition\":{\"d2a.referrals-0\":5,\"d2a.referrals-1\":2},\n"
                + "data:\"figures\":[]}\n\n").getBytes(StandardCharsets.UTF_8);
        wire.feed(bytes, 0, bytes.length, 9);
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).figure()).isNull();
        assertThat(updates.get(0).positions()).isEqualTo(Map.of("d2a.referrals-0", 5L, "d2a.referrals-1", 2L));
        // Any other event is not an update.
        assertThat(SseWire.update(1, null, "level", "{\"level\":\"OPEL-2\"}")).isNull();
    }

    @Test
    void aRefusedStreamShowsItsStatus() {
        byte[] bytes = "HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        SseWire wire = SseWire.response(null);
        wire.feed(bytes, 0, 20, 0);
        assertThat(wire.headComplete()).isFalse();
        assertThat(wire.status()).isZero();
        wire.feed(bytes, 20, bytes.length - 20, 0);
        assertThat(wire.headComplete()).isTrue();
        assertThat(wire.status()).isEqualTo(401);
        assertThat(wire.headers()).startsWith("HTTP/1.1 401 Unauthorized");
    }

    @Test
    void theRequestIsAPlainHttp11GetWithTheBearer() {
        String r = new String(SseSubscribers.request("127.0.0.1", 8080, "Bearer abc", "/figures/stream?figures=length-of-stay-census"),
                StandardCharsets.ISO_8859_1);
        assertThat(r).isEqualTo("GET /figures/stream?figures=length-of-stay-census HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer abc\r\n"
                + "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n");
    }
}
