package org.d2aflow.metrics.infrastructure.streams;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventJson;
import org.d2aflow.contracts.EventTypes;
import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ServiceFacts;

/**
 * The value of the {@code referral-facts} and {@code service-facts} stores: the events applied to one referral (or one
 * service), in the order applied, each as its CloudEvents id, type as published, recorded time (µs), stream version and
 * JSON body as it was on the log. The facts are rebuilt by applying them with the heap projection's own code
 * ({@link LogFacts#apply}), so they are the same by construction; the body goes through the same upcasting
 * ({@link EventJson#read(EventTypes, String, byte[])}) as a record read from Kafka.
 *
 * <p>Format: a format byte ({@value #FORMAT}), then per event: id (a 0 byte and 16 bytes for a canonical UUID, else a 1
 * byte and the text), type, recorded µs since the epoch (8 bytes), stream version (varint), body. Texts and the body are a
 * varint length and their bytes. The CloudEvents source is not kept: no fact depends on it.
 */
public final class FactLog {

    static final byte FORMAT = 1;
    /** What a rebuilt envelope says as its source (the log's source is not kept). */
    static final String SOURCE = "/d2a/metrics-service/fact-log";
    private static final EventTypes TYPES = EventTypes.standard();

    private FactLog() {
    }

    /** One event as the store keeps it; {@code type} as published (before upcasting), {@code body} as on the log. */
    public record Entry(String id, String type, long recordedMicros, long streamVersion, byte[] body) {

        /** The event as applied: the body read as its type, upcast to the current one. */
        public EventEnvelope<D2aEvent> envelope() {
            D2aEvent event = EventJson.read(TYPES, type, body);
            return new EventEnvelope<>(id, SOURCE, event.type(), instant(recordedMicros), event.streamId(), streamVersion, event);
        }
    }

    /** The entry of an envelope read from a record whose published type was {@code type} and body {@code body}. */
    public static Entry entry(EventEnvelope<?> envelope, String type, byte[] body) {
        return new Entry(envelope.id(), type, micros(envelope.time()), envelope.streamVersion(), body);
    }

    /** The stored log with one more entry at its end; {@code log} null is the empty log. */
    public static byte[] append(byte[] log, Entry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((log == null ? 1 : log.length) + e.body().length + 64);
        if (log == null) {
            out.write(FORMAT);
        } else {
            out.writeBytes(log);
        }
        UUID uuid = canonicalUuid(e.id());
        if (uuid != null) {
            out.write(0);
            writeLong(out, uuid.getMostSignificantBits());
            writeLong(out, uuid.getLeastSignificantBits());
        } else {
            out.write(1);
            writeBytes(out, e.id().getBytes(StandardCharsets.UTF_8));
        }
        writeBytes(out, e.type().getBytes(StandardCharsets.UTF_8));
        writeLong(out, e.recordedMicros());
        writeVarint(out, e.streamVersion());
        writeBytes(out, e.body());
        return out.toByteArray();
    }

    /** Every entry of a stored log, in the order applied; empty for null. */
    public static List<Entry> entries(byte[] log) {
        List<Entry> out = new ArrayList<>();
        if (log == null) {
            return out;
        }
        ByteBuffer in = open(log);
        while (in.hasRemaining()) {
            String id = readId(in);
            String type = new String(readBytes(in), StandardCharsets.UTF_8);
            long micros = in.getLong();
            long version = readVarint(in);
            out.add(new Entry(id, type, micros, version, readBytes(in)));
        }
        return out;
    }

    /** Whether the stored log holds an event of that id: reads ids only, skipping bodies. */
    public static boolean contains(byte[] log, String id) {
        if (log == null) {
            return false;
        }
        ByteBuffer in = open(log);
        while (in.hasRemaining()) {
            if (readId(in).equals(id)) {
                return true;
            }
            skip(in); // type
            in.position(in.position() + Long.BYTES);
            readVarint(in);
            skip(in); // body
        }
        return false;
    }

    /** The referral's facts as the heap projection holds them after the given events; null when they say nothing about it. */
    public static ReferralFacts referralFacts(String referralId, List<EventEnvelope<D2aEvent>> events) {
        return apply(events).referralOrNull(referralId);
    }

    /** The service's facts as the heap projection holds them after the given events; null when they say nothing about it. */
    public static ServiceFacts serviceFacts(String serviceId, List<EventEnvelope<D2aEvent>> events) {
        return apply(events).serviceOrNull(serviceId);
    }

    /** The envelopes of a stored log, in the order applied. */
    public static List<EventEnvelope<D2aEvent>> envelopes(byte[] log) {
        List<EventEnvelope<D2aEvent>> out = new ArrayList<>();
        for (Entry e : entries(log)) {
            out.add(e.envelope());
        }
        return out;
    }

    private static LogFacts apply(List<EventEnvelope<D2aEvent>> events) {
        LogFacts facts = new LogFacts();
        events.forEach(facts::apply);
        return facts;
    }

    static long micros(Instant t) {
        Instant us = t.truncatedTo(ChronoUnit.MICROS);
        return Math.addExact(Math.multiplyExact(us.getEpochSecond(), 1_000_000L), us.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static ByteBuffer open(byte[] log) {
        if (log.length == 0 || log[0] != FORMAT) {
            throw new IllegalStateException("fact log of an unknown format " + (log.length == 0 ? "(empty)" : log[0]));
        }
        return ByteBuffer.wrap(log, 1, log.length - 1);
    }

    /** Ids are compared as text (CloudEvents): only the canonical lower-case form is stored as 16 bytes (as SeenIds does). */
    private static UUID canonicalUuid(String id) {
        if (id.length() != 36) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equals(id) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String readId(ByteBuffer in) {
        byte kind = in.get();
        if (kind == 0) {
            return new UUID(in.getLong(), in.getLong()).toString();
        }
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static long readVarint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalStateException("varint longer than 64 bits in a stored value");
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static byte[] readBytes(ByteBuffer in) {
        byte[] bytes = new byte[Math.toIntExact(readVarint(in))];
        in.get(bytes);
        return bytes;
    }

    private static void skip(ByteBuffer in) {
        int n = Math.toIntExact(readVarint(in));
        in.position(in.position() + n);
    }
}
