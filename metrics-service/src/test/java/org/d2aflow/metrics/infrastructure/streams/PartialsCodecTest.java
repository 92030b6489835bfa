package org.d2aflow.metrics.infrastructure.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.CellValue;
import org.d2aflow.metrics.domain.cells.Contribution;
import org.d2aflow.metrics.query.CellPartials.Partial;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The internal endpoint's body: any answer reads back equal; a truncated, extended or foreign body is refused as such. */
class PartialsCodecTest {

    private final CellCodecTest cells = new CellCodecTest();

    @Provide
    Arbitrary<PartialsCodec.Answer> answers() {
        Arbitrary<CellKey> keys = Arbitraries.oneOf(cells.cellKeys(), cells.cellKeys().map(k -> new CellKey(k.family(), k.dimension(),
                k.group(), CellKey.OPEN, k.endDay())));
        Arbitrary<Map<CellKey, CellValue>> cellMaps = Arbitraries.maps(keys, cells.cellValues()).ofMaxSize(8);
        Arbitrary<Map<String, Contribution>> candidates = Arbitraries.maps(Arbitraries.strings().ofMaxLength(40),
                cellMaps.map(m -> new Contribution(new TreeMap<>(m)))).ofMaxSize(5);
        Arbitrary<Set<Integer>> partitions = Arbitraries.integers().between(0, 9_999).set().ofMaxSize(12);
        return Combinators.combine(partitions, partitions, cellMaps, candidates).as((p, s, c, d) -> new PartialsCodec.Answer(new TreeSet<>(p),
                new TreeSet<>(s), new Partial(withoutZeros(c), new TreeMap<>(d))));
    }

    /** A partial's cells as a merge leaves them: no zero values. */
    private static TreeMap<CellKey, CellValue> withoutZeros(Map<CellKey, CellValue> m) {
        TreeMap<CellKey, CellValue> out = new TreeMap<>(m);
        out.values().removeIf(CellValue::isZero);
        return out;
    }

    @Property(tries = 200)
    void anAnswerReadsBackEqual(@ForAll("answers") PartialsCodec.Answer a) {
        assertThat(PartialsCodec.decode(PartialsCodec.encode(a))).isEqualTo(a);
    }

    @Property(tries = 100)
    void aDamagedBodyIsRefusedAsMalformed(@ForAll("answers") PartialsCodec.Answer a, @ForAll byte extra, @ForAll int cut) {
        byte[] body = PartialsCodec.encode(a);
        byte[] truncated = java.util.Arrays.copyOf(body, Math.floorMod(cut, body.length));
        assertThatThrownBy(() -> PartialsCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        byte[] longer = java.util.Arrays.copyOf(body, body.length + 1);
        longer[body.length] = extra;
        assertThatThrownBy(() -> PartialsCodec.decode(longer)).isInstanceOf(IllegalArgumentException.class);
        byte[] foreign = body.clone();
        foreign[0] = (byte) (PartialsCodec.FORMAT + 1);
        assertThatThrownBy(() -> PartialsCodec.decode(foreign)).isInstanceOf(IllegalArgumentException.class);
    }
}
