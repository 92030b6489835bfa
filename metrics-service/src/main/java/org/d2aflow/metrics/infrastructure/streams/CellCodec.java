package org.d2aflow.metrics.infrastructure.streams;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.utils.Bytes;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.CellValue;
import org.d2aflow.metrics.domain.cells.Dimension;
import org.d2aflow.metrics.domain.cells.Family;
import org.d2aflow.metrics.domain.cells.Histogram;

/**
 * The binary keys and values of the {@code cells}, {@code members} and {@code changes} stores (STREAMS.md section 10e).
 * Keys sort as their reads scan them (RocksDB and the record cache compare bytes unsigned): a cell key starts with the
 * family, the dimension and the business day, so that a period of one family and dimension is one range; a member key
 * with the family and the day; a change key with the bucket and the recorded microsecond. Days, buckets and microseconds
 * that take part in the order are fixed-width big-endian with the sign bit flipped; the rest are varints.
 *
 * <p>Cell key: family ordinal (1 B), dimension ordinal (1 B), business day (epoch day, 4 B), group (varint length, UTF-8),
 * end day (0, or 1 and a zigzag varint epoch day), bucket (zigzag varint). Cell value: format byte {@value #FORMAT}, counter
 * count, per counter its name and zigzag varint value, histogram count, per histogram its name, its entry count and per entry
 * the zigzag varint step from the previous day value (the first from 0) and the zigzag varint count. Ordinals are part of the
 * format: {@link Family} and {@link Dimension} gain values only at their end, and any other change is a new figure version
 * (a rebuild).
 */
public final class CellCodec {

    static final byte FORMAT = 1;
    private static final int DAY_BYTES = Integer.BYTES;
    private static final byte[] NOTHING = new byte[0];

    private CellCodec() {
    }

    /** A cell of one recorded-time bucket, as the store keeps it. */
    public record BucketedCell(CellKey key, long bucket) {
    }

    // --- cells ----------------------------------------------------------------------------------------------------

    public static Bytes cellKey(CellKey k, long bucket) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + DAY_BYTES + k.group().length() + 12);
        out.write(k.family().ordinal());
        out.write(k.dimension().ordinal());
        writeDay(out, k.businessDay());
        writeText(out, k.group());
        if (k.endDay() == null) {
            out.write(0);
        } else {
            out.write(1);
            FactLog.writeVarint(out, zigzag(k.endDay().toEpochDay()));
        }
        FactLog.writeVarint(out, zigzag(bucket));
        return Bytes.wrap(out.toByteArray());
    }

    public static BucketedCell cellKey(Bytes key) {
        ByteBuffer in = ByteBuffer.wrap(key.get());
        Family family = Family.values()[in.get()];
        Dimension dimension = Dimension.values()[in.get()];
        LocalDate day = readDay(in);
        String group = readText(in);
        LocalDate endDay = in.get() == 0 ? null : LocalDate.ofEpochDay(unzigzag(FactLog.readVarint(in)));
        long bucket = unzigzag(FactLog.readVarint(in));
        if (in.hasRemaining()) {
            throw new IllegalStateException("cell key with " + in.remaining() + " bytes too many");
        }
        return new BucketedCell(new CellKey(family, dimension, group, day, endDay), bucket);
    }

    /**
     * The range of cell keys of a family and dimension whose business day is from {@code from} to {@code to} inclusive
     * (null: unbounded), as {lower, upper} bounds for an inclusive range read (no key equals either bound).
     */
    public static Bytes[] cellRange(Family family, Dimension dimension, LocalDate from, LocalDate to) {
        return dayRange(new byte[] {(byte) family.ordinal(), (byte) dimension.ordinal()}, from, to);
    }

    public static byte[] cellValue(CellValue v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 8 * (v.counters().size() + v.histograms().size()));
        out.write(FORMAT);
        FactLog.writeVarint(out, v.counters().size());
        v.counters().forEach((name, n) -> {
            writeText(out, name);
            FactLog.writeVarint(out, zigzag(n));
        });
        FactLog.writeVarint(out, v.histograms().size());
        v.histograms().forEach((name, h) -> {
            writeText(out, name);
            FactLog.writeVarint(out, h.counts().size());
            long previous = 0;
            for (Map.Entry<Integer, Long> e : h.counts().entrySet()) {
                FactLog.writeVarint(out, zigzag(e.getKey() - previous));
                FactLog.writeVarint(out, zigzag(e.getValue()));
                previous = e.getKey();
            }
        });
        return out.toByteArray();
    }

    public static CellValue cellValue(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != FORMAT) {
            throw new IllegalStateException("cell value of an unknown format " + bytes[0]);
        }
        TreeMap<String, Long> counters = new TreeMap<>();
        for (long n = FactLog.readVarint(in); n > 0; n--) {
            counters.put(readText(in), unzigzag(FactLog.readVarint(in)));
        }
        TreeMap<String, Histogram> histograms = new TreeMap<>();
        for (long n = FactLog.readVarint(in); n > 0; n--) {
            String name = readText(in);
            TreeMap<Integer, Long> counts = new TreeMap<>();
            long value = 0;
            for (long entries = FactLog.readVarint(in); entries > 0; entries--) {
                value += unzigzag(FactLog.readVarint(in));
                counts.put(Math.toIntExact(value), unzigzag(FactLog.readVarint(in)));
            }
            histograms.put(name, Histogram.ofCounts(counts));
        }
        if (in.hasRemaining()) {
            throw new IllegalStateException("cell value with " + in.remaining() + " bytes too many");
        }
        return new CellValue(counters, histograms);
    }

    // --- members ----------------------------------------------------------------------------------------------------

    public static Bytes memberKey(Family family, LocalDate day, String referralId) {
        byte[] id = referralId.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[1 + DAY_BYTES + id.length];
        key[0] = (byte) family.ordinal();
        putDay(key, 1, day);
        System.arraycopy(id, 0, key, 1 + DAY_BYTES, id.length);
        return Bytes.wrap(key);
    }

    /** Bounds of the member keys of a family from {@code from} to {@code to} inclusive (null: unbounded). */
    public static Bytes[] memberRange(Family family, LocalDate from, LocalDate to) {
        return dayRange(new byte[] {(byte) family.ordinal()}, from, to);
    }

    public static String memberReferral(Bytes key) {
        byte[] k = key.get();
        return new String(k, 1 + DAY_BYTES, k.length - 1 - DAY_BYTES, StandardCharsets.UTF_8);
    }

    // --- changes ----------------------------------------------------------------------------------------------------

    public static Bytes changeKey(long bucket, Instant recordedAt, String referralId) {
        byte[] id = referralId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer key = ByteBuffer.allocate(2 * Long.BYTES + id.length);
        key.putLong(bucket ^ Long.MIN_VALUE).putLong(FactLog.micros(recordedAt) ^ Long.MIN_VALUE).put(id);
        return Bytes.wrap(key.array());
    }

    /** Bounds of the change keys of a bucket recorded at or before {@code upTo}. */
    public static Bytes[] changeRange(long bucket, Instant upTo) {
        ByteBuffer lower = ByteBuffer.allocate(Long.BYTES).putLong(bucket ^ Long.MIN_VALUE);
        ByteBuffer upper = ByteBuffer.allocate(2 * Long.BYTES).putLong(bucket ^ Long.MIN_VALUE)
                .putLong((FactLog.micros(upTo) + 1) ^ Long.MIN_VALUE);
        return new Bytes[] {Bytes.wrap(lower.array()), Bytes.wrap(upper.array())};
    }

    public static String changeReferral(Bytes key) {
        byte[] k = key.get();
        return new String(k, 2 * Long.BYTES, k.length - 2 * Long.BYTES, StandardCharsets.UTF_8);
    }

    /** The value of an index entry (members, changes): nothing, the key says it all. */
    public static byte[] nothing() {
        return NOTHING;
    }

    /**
     * Inclusive bounds of the keys that start with the prefix and then a day from {@code from} to {@code to} (null: unbounded,
     * up to the prefix's successor: its last byte, an ordinal, plus one). No key equals a bound.
     */
    private static Bytes[] dayRange(byte[] prefix, LocalDate from, LocalDate to) {
        byte[] lower = Arrays.copyOf(prefix, prefix.length + (from == null ? 0 : DAY_BYTES));
        byte[] upper = Arrays.copyOf(prefix, prefix.length + (to == null ? 0 : DAY_BYTES));
        if (from != null) {
            putDay(lower, prefix.length, from);
        }
        if (to == null || to.equals(CellKey.OPEN)) {
            // OPEN has the highest day code: "up to OPEN" is everything after the prefix's days.
            upper = Arrays.copyOf(prefix, prefix.length);
            upper[prefix.length - 1]++;
        } else {
            putDay(upper, prefix.length, to.plusDays(1));
        }
        return new Bytes[] {Bytes.wrap(lower), Bytes.wrap(upper)};
    }

    // --- primitives -------------------------------------------------------------------------------------------------

    private static final int OPEN_CODE = Integer.MAX_VALUE;

    private static void writeDay(ByteArrayOutputStream out, LocalDate day) {
        byte[] b = new byte[DAY_BYTES];
        putDay(b, 0, day);
        out.writeBytes(b);
    }

    /**
     * A day as 4 bytes that sort as the days do. {@link CellKey#OPEN} ({@code LocalDate.MAX}, a stay or wait with no end
     * yet) has the reserved highest code; any other day must fit an int of epoch days (years up to about 5.8 million).
     */
    private static void putDay(byte[] target, int at, LocalDate day) {
        int code = day.equals(CellKey.OPEN) ? OPEN_CODE : Math.toIntExact(day.toEpochDay());
        if (code == OPEN_CODE && !day.equals(CellKey.OPEN)) {
            throw new ArithmeticException("day out of range for the cell codec: " + day);
        }
        int v = code ^ Integer.MIN_VALUE;
        for (int i = 0; i < DAY_BYTES; i++) {
            target[at + i] = (byte) (v >>> (8 * (DAY_BYTES - 1 - i)));
        }
    }

    private static LocalDate readDay(ByteBuffer in) {
        int code = in.getInt() ^ Integer.MIN_VALUE;
        return code == OPEN_CODE ? CellKey.OPEN : LocalDate.ofEpochDay(code);
    }

    static void writeText(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        FactLog.writeVarint(out, b.length);
        out.writeBytes(b);
    }

    private static String readText(ByteBuffer in) {
        byte[] b = new byte[Math.toIntExact(FactLog.readVarint(in))];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
