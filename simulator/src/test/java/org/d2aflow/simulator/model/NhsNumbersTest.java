package org.d2aflow.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;

import org.junit.jupiter.api.Test;

class NhsNumbersTest {

    @Test
    void checksTheModulus11DigitAsTheDomainNotesDo() {
        assertThat(NhsNumbers.isValid("943 476 5919")).isTrue();
        assertThat(NhsNumbers.isValid("987 654 4321")).isFalse();
        assertThat(NhsNumbers.isValid("999 000 001")).isFalse();
    }

    @Test
    void everySerialGivesAValidNumberInTheTestRange() {
        for (long serial = 0; serial < 50_000; serial += 7) {
            String n = NhsNumbers.forSerial(serial);
            assertThat(n).hasSize(10).startsWith("999");
            assertThat(NhsNumbers.isValid(n)).as(n).isTrue();
            assertThat(NhsNumbers.isTestRange(NhsNumbers.formatted(n))).isTrue();
        }
    }

    @Test
    void serialsBelowTheCountNeverShareANumber() {
        BitSet seen = new BitSet(10_000_000);
        for (long serial = 0; serial < NhsNumbers.count(); serial++) {
            int n = Integer.parseInt(NhsNumbers.forSerial(serial).substring(3));
            assertThat(seen.get(n)).as("serial %d", serial).isFalse();
            seen.set(n);
        }
        // About ten in eleven bodies have a possible check digit.
        assertThat(NhsNumbers.count()).isBetween(900_000, 920_000);
    }

    @Test
    void formatsInThreeThreeFourGroups() {
        assertThat(NhsNumbers.formatted("9990000018")).isEqualTo("999 000 0018");
    }
}
