package org.d2aflow.metrics.infrastructure.streams;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.common.utils.Bytes;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.CellValue;
import org.d2aflow.metrics.domain.cells.Contribution;
import org.d2aflow.metrics.query.CellPartials.Partial;

/**
 * The body of {@code GET /internal/partials} ({@code application/octet-stream}): the partitions an instance answered for and
 * their merged {@link Partial}, keys and values in {@link CellCodec}'s encoding (STREAMS.md section 5).
 *
 * <p>Format {@value #FORMAT}: the format byte; the referral-side partitions (varint count, varint each, ascending), the
 * service-side partitions (the same); the cells (varint count, then per cell its {@link CellCodec#cellKey(CellKey, long)} with
 * bucket 0 and its {@link CellCodec#cellValue(CellValue)}, each as varint length and bytes); the drill-down candidates (varint
 * count, then per candidate its referral id as varint length and UTF-8, and its contribution's cells as above). A reader refuses
 * another format byte, a truncated body and trailing bytes: a new format is a new byte, read by the next release first.
 */
public final class PartialsCodec {

    static final byte FORMAT = 1;

    private PartialsCodec() {
    }

    /** One instance's answer: the partitions it covers and their partial. */
    public record Answer(SortedSet<Integer> partitions, SortedSet<Integer> servicePartitions, Partial partial) {

        public Answer {
            partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
            servicePartitions = Collections.unmodifiableSortedSet(new TreeSet<>(servicePartitions));
        }
    }

    public static byte[] encode(Answer a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * (a.partial().cells().size() + a.partial().candidates().size()));
        out.write(FORMAT);
        writePartitions(out, a.partitions());
        writePartitions(out, a.servicePartitions());
        writeCells(out, a.partial().cells());
        FactLog.writeVarint(out, a.partial().candidates().size());
        a.partial().candidates().forEach((id, c) -> {
            CellCodec.writeText(out, id);
            writeCells(out, c.cells());
        });
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a whole answer of this format */
    public static Answer decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            if (!in.hasRemaining() || in.get() != FORMAT) {
                throw new IllegalArgumentException("partials of an unknown format");
            }
            SortedSet<Integer> partitions = readPartitions(in);
            SortedSet<Integer> servicePartitions = readPartitions(in);
            TreeMap<CellKey, CellValue> cells = readCells(in);
            TreeMap<String, Contribution> candidates = new TreeMap<>();
            for (long n = count(in); n > 0; n--) {
                String id = new String(bytes(in), StandardCharsets.UTF_8);
                candidates.put(id, new Contribution(readCells(in)));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("partials with " + in.remaining() + " bytes too many");
            }
            return new Answer(partitions, servicePartitions, new Partial(cells, candidates));
        } catch (BufferUnderflowException | IllegalStateException | ArithmeticException | IndexOutOfBoundsException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("malformed partials: " + e, e);
        }
    }

    private static void writePartitions(ByteArrayOutputStream out, SortedSet<Integer> partitions) {
        FactLog.writeVarint(out, partitions.size());
        partitions.forEach(p -> FactLog.writeVarint(out, p));
    }

    private static SortedSet<Integer> readPartitions(ByteBuffer in) {
        TreeSet<Integer> out = new TreeSet<>();
        for (long n = count(in); n > 0; n--) {
            out.add(Math.toIntExact(FactLog.readVarint(in)));
        }
        return out;
    }

    private static void writeCells(ByteArrayOutputStream out, SortedMap<CellKey, CellValue> cells) {
        FactLog.writeVarint(out, cells.size());
        for (Map.Entry<CellKey, CellValue> e : cells.entrySet()) {
            writeBytes(out, CellCodec.cellKey(e.getKey(), 0).get());
            writeBytes(out, CellCodec.cellValue(e.getValue()));
        }
    }

    private static TreeMap<CellKey, CellValue> readCells(ByteBuffer in) {
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        for (long n = count(in); n > 0; n--) {
            CellCodec.BucketedCell k = CellCodec.cellKey(Bytes.wrap(bytes(in)));
            if (k.bucket() != 0) {
                throw new IllegalArgumentException("a merged cell with a bucket");
            }
            cells.put(k.key(), CellCodec.cellValue(bytes(in)));
        }
        return cells;
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] b) {
        FactLog.writeVarint(out, b.length);
        out.writeBytes(b);
    }

    /** A length or count, refused when more than the bytes left could hold (no allocation on a forged length). */
    private static long count(ByteBuffer in) {
        long n = FactLog.readVarint(in);
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("a count of " + n + " with " + in.remaining() + " bytes left");
        }
        return n;
    }

    private static byte[] bytes(ByteBuffer in) {
        byte[] b = new byte[(int) count(in)];
        in.get(b);
        return b;
    }
}
