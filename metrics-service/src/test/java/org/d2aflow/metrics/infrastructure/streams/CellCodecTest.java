package org.d2aflow.metrics.infrastructure.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.utils.Bytes;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.CellValue;
import org.d2aflow.metrics.domain.cells.Dimension;
import org.d2aflow.metrics.domain.cells.Family;
import org.d2aflow.metrics.domain.cells.Histogram;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips and key order of the cells stores' codec: what is written reads back equal, and a range read finds exactly its keys. */
class CellCodecTest {

    @Provide
    Arbitrary<CellKey> cellKeys() {
        Arbitrary<LocalDate> days = Arbitraries.longs().between(LocalDate.parse("1900-01-01").toEpochDay(), LocalDate.parse("2200-12-31").toEpochDay())
                .map(LocalDate::ofEpochDay);
        return Combinators.combine(Arbitraries.of(Family.class), Arbitraries.of(Dimension.class), Arbitraries.strings().ofMaxLength(40), days,
                days.injectNull(0.3)).as(CellKey::new);
    }

    @Provide
    Arbitrary<CellValue> cellValues() {
        Arbitrary<String> names = Arbitraries.strings().ofMaxLength(20);
        Arbitrary<Map<String, Long>> counters = Arbitraries.maps(names, Arbitraries.longs()).ofMaxSize(6);
        Arbitrary<Histogram> histograms = Arbitraries.maps(Arbitraries.integers(), Arbitraries.longs()).ofMaxSize(12).map(Histogram::ofCounts);
        return Combinators.combine(counters, Arbitraries.maps(names, histograms).ofMaxSize(4))
                .as((c, h) -> new CellValue(new TreeMap<>(c), new TreeMap<>(h)));
    }

    @Property(tries = 2000)
    void aCellKeyReadsBackWithItsBucket(@ForAll("cellKeys") CellKey key, @ForAll long bucket) {
        CellCodec.BucketedCell read = CellCodec.cellKey(CellCodec.cellKey(key, bucket));
        assertThat(read.key()).isEqualTo(key);
        assertThat(read.bucket()).isEqualTo(bucket);
    }

    @Property(tries = 2000)
    void aCellValueReadsBackEqual(@ForAll("cellValues") CellValue value) {
        assertThat(CellCodec.cellValue(CellCodec.cellValue(value))).isEqualTo(value);
    }

    /** A range read of a family, dimension and days holds exactly the keys with those, whatever their group, end day and bucket. */
    @Property(tries = 1000)
    void aCellRangeHoldsExactlyItsFamilyDimensionAndDays(@ForAll("cellKeys") CellKey key, @ForAll long bucket, @ForAll("cellKeys") CellKey other) {
        LocalDate from = other.businessDay().isBefore(key.businessDay()) ? other.businessDay() : key.businessDay().minusDays(3);
        LocalDate to = key.businessDay().plusDays(Math.floorMod(bucket, 5));
        for (LocalDate[] bounds : List.of(new LocalDate[] {from, to}, new LocalDate[] {null, to}, new LocalDate[] {from, null},
                new LocalDate[] {null, null})) {
            for (CellKey k : List.of(key, other)) {
                Bytes[] range = CellCodec.cellRange(key.family(), key.dimension(), bounds[0], bounds[1]);
                Bytes encoded = CellCodec.cellKey(k, bucket);
                boolean inRange = encoded.compareTo(range[0]) >= 0 && encoded.compareTo(range[1]) <= 0;
                boolean wanted = k.family() == key.family() && k.dimension() == key.dimension()
                        && (bounds[0] == null || !k.businessDay().isBefore(bounds[0])) && (bounds[1] == null || !k.businessDay().isAfter(bounds[1]));
                assertThat(inRange).as("%s in %s..%s", k, bounds[0], bounds[1]).isEqualTo(wanted);
            }
        }
    }

    @Property(tries = 1000)
    void membersAndChangesReadBackAndRangeByDayAndTime(@ForAll("cellKeys") CellKey key, @ForAll("cellKeys") CellKey other,
            @ForAll long micros, @ForAll long bucket) {
        String referral = key.group() + "-r";
        Bytes member = CellCodec.memberKey(key.family(), key.businessDay(), referral);
        assertThat(CellCodec.memberReferral(member)).isEqualTo(referral);
        Bytes[] days = CellCodec.memberRange(other.family(), other.businessDay().minusDays(2), other.businessDay());
        boolean inDays = member.compareTo(days[0]) >= 0 && member.compareTo(days[1]) <= 0;
        assertThat(inDays).isEqualTo(key.family() == other.family() && !key.businessDay().isBefore(other.businessDay().minusDays(2))
                && !key.businessDay().isAfter(other.businessDay()));

        Instant at = FactLog.instant(micros / 2);
        Bytes change = CellCodec.changeKey(bucket, at, referral);
        assertThat(CellCodec.changeReferral(change)).isEqualTo(referral);
        List<Instant> upTos = new ArrayList<>(List.of(at, at.minusNanos(1_000), at.plusNanos(1_000)));
        for (Instant upTo : upTos) {
            for (long b : List.of(bucket, bucket + 1, bucket - 1)) {
                Bytes[] range = CellCodec.changeRange(b, upTo);
                boolean in = change.compareTo(range[0]) >= 0 && change.compareTo(range[1]) <= 0;
                assertThat(in).as("bucket %d up to %s", b, upTo).isEqualTo(b == bucket && !at.isAfter(upTo));
            }
        }
    }

    /** OPEN (a stay with no end yet) reads back as itself, sorts after every real day, and a range up to OPEN holds it. */
    @Example
    void openIsTheLastDayAndReadsBack() {
        LocalDate d = LocalDate.parse("2026-12-07");
        CellKey open = new CellKey(Family.IN_HOSPITAL, Dimension.NONE, "all", CellKey.OPEN, null);
        CellKey ended = new CellKey(Family.IN_HOSPITAL, Dimension.NONE, "all", d.plusDays(400), null);
        CellKey before = new CellKey(Family.IN_HOSPITAL, Dimension.NONE, "all", d, null);
        CellKey nextFamily = new CellKey(Family.WAITING, Dimension.NONE, "all", LocalDate.parse("1900-01-01"), null);
        assertThat(CellCodec.cellKey(CellCodec.cellKey(open, 7)).key()).isEqualTo(open);
        assertThat(CellCodec.cellKey(open, 0).compareTo(CellCodec.cellKey(ended, 0))).isPositive();
        Bytes[] range = CellCodec.cellRange(Family.IN_HOSPITAL, Dimension.NONE, d.plusDays(1), CellKey.OPEN);
        for (CellKey k : List.of(open, ended, before, nextFamily)) {
            Bytes b = CellCodec.cellKey(k, 3);
            boolean in = b.compareTo(range[0]) >= 0 && b.compareTo(range[1]) <= 0;
            assertThat(in).as("%s", k).isEqualTo(k == open || k == ended);
        }
        Bytes member = CellCodec.memberKey(Family.IN_HOSPITAL, CellKey.OPEN, "r-1");
        Bytes[] members = CellCodec.memberRange(Family.IN_HOSPITAL, d.plusDays(1), CellKey.OPEN);
        assertThat(member.compareTo(members[0]) >= 0 && member.compareTo(members[1]) <= 0).isTrue();
        assertThat(CellCodec.memberReferral(member)).isEqualTo("r-1");
    }
}
