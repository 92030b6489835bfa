package org.d2aflow.referral.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class NhsNumberTest {

    /**
     * The DOMAIN.md algorithm written out again, independently of the production code: weights 10..2 on the
     * first nine digits, 11 minus the sum mod 11, 11 becomes 0, 10 means no valid number.
     */
    private static int checkDigitOf(String firstNine) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += Character.digit(firstNine.charAt(i), 10) * (10 - i);
        }
        int check = 11 - sum % 11;
        return check == 11 ? 0 : check;
    }

    /** The first valid number at or after {@code from}, within the 999 test range. */
    private static String firstValidFrom(long from) {
        return LongStream.rangeClosed(from, 9_999_999_999L)
                .mapToObj(Long::toString)
                .filter(n -> checkDigitOf(n) == Character.digit(n.charAt(9), 10))
                .findFirst()
                .orElseThrow();
    }

    static Stream<String> computedTestNumbers() {
        // Ten starting points spread across 999 000 0000 - 999 999 9999.
        return IntStream.range(0, 10).mapToObj(i -> firstValidFrom(9_990_000_000L + i * 987_654L));
    }

    // --- the examples in DOMAIN.md ---------------------------------------------------------------------------

    @Test
    void acceptsTheValidExampleFromTheDomainNotes() {
        assertThat(NhsNumber.problemWith("9434765919")).isEmpty();
        assertThat(NhsNumber.parse("9434765919").digits()).isEqualTo("9434765919");
    }

    @Test
    void refusesTheInvalidExampleFromTheDomainNotes() {
        assertThat(NhsNumber.problemWith("9876544321")).hasValueSatisfying(p -> assertThat(p).contains("check digit does not match"));
        assertThatThrownBy(() -> NhsNumber.parse("987 654 4321")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NHS number");
        assertThatThrownBy(() -> new NhsNumber("9876544321")).isInstanceOf(IllegalArgumentException.class);
    }

    // --- input forms -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"943 476 5919", "943-476-5919", "9434765919", "  943 476 5919  "})
    void acceptsTenDigitsOrSpacesOrHyphensIn334Groups(String input) {
        assertThat(NhsNumber.problemWith(input)).isEmpty();
        assertThat(NhsNumber.parse(input)).isEqualTo(new NhsNumber("9434765919"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"943-476 5919", "943 476-5919", "943 4765919", "9434 76 5919", "94 3476 5919", "943  476 5919",
            "943.476.5919", "943/476/5919"})
    void refusesMixedSeparatorsAndOtherGroupings(String input) {
        assertThat(NhsNumber.problemWith(input)).hasValueSatisfying(p -> assertThat(p).contains("10 digits"));
        assertThatThrownBy(() -> NhsNumber.parse(input)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"943476591", "94347659190", "943 476 591", "943 476 59190", "1"})
    void refusesTheWrongNumberOfDigits(String input) {
        assertThat(NhsNumber.problemWith(input)).hasValueSatisfying(p -> assertThat(p).contains("10 digits"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"94347659A9", "abcdefghij", "943 476 591O", "+943476591"})
    void refusesLetters(String input) {
        assertThat(NhsNumber.problemWith(input)).isPresent();
        assertThatThrownBy(() -> NhsNumber.parse(input)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void saysANumberIsRequiredWhenNoneIsGiven(String input) {
        assertThat(NhsNumber.problemWith(input)).contains("is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"943 476 5919", "943-476-5919"})
    void theConstructorTakesOnlyTheTenDigits(String grouped) {
        assertThatThrownBy(() -> new NhsNumber(grouped)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NhsNumber(null)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- the check digit -------------------------------------------------------------------------------------

    @Test
    void refusesEveryNumberWhoseCheckDigitComputesToTen() {
        // 9*10 + 9*9 + 9*8 = 243 = 22*11 + 1, so 11 - 1 = 10: no tenth digit makes 999 000 000x valid.
        assertThat(checkDigitOf("999000000")).isEqualTo(10);

        for (int last = 0; last <= 9; last++) {
            String candidate = "999000000" + last;
            assertThat(NhsNumber.problemWith(candidate)).as(candidate)
                    .hasValueSatisfying(p -> assertThat(p).contains("no check digit is possible"));
            assertThatThrownBy(() -> new NhsNumber(candidate)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aCheckOfElevenBecomesZero() {
        // 9*10 + 9*9 + 9*8 + 5*2 = 253 = 23*11, so 11 - 0 = 11, written as 0.
        assertThat(checkDigitOf("999000005")).isZero();

        assertThat(NhsNumber.problemWith("9990000050")).isEmpty();
        assertThat(NhsNumber.problemWith("9990000051")).isPresent();
    }

    @Test
    void acceptsExactlyOneTenthDigitForEachFirstNineUnlessTheCheckIsTen() {
        for (long prefix = 999_000_000L; prefix < 999_000_100L; prefix++) {
            String firstNine = Long.toString(prefix);
            long accepted = IntStream.rangeClosed(0, 9)
                    .filter(last -> NhsNumber.problemWith(firstNine + last).isEmpty())
                    .count();
            assertThat(accepted).as(firstNine).isEqualTo(checkDigitOf(firstNine) == 10 ? 0 : 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"9990000018", "9990000026", "9990000050", "9991234578", "9995555557", "9999999999"})
    void acceptsSyntheticTestNumbersVerifiedByHand(String digits) {
        // Each checked against checkDigitOf as well, so a typo here fails loudly rather than testing nothing.
        assertThat(checkDigitOf(digits)).isEqualTo(Character.digit(digits.charAt(9), 10));
        assertThat(NhsNumber.problemWith(digits)).isEmpty();
        assertThat(NhsNumber.parse(digits).isTestNumber()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("computedTestNumbers")
    void acceptsSyntheticTestNumbersFoundByTheAlgorithm(String digits) {
        assertThat(digits).startsWith("999").hasSize(10);
        assertThat(NhsNumber.problemWith(digits)).isEmpty();
        NhsNumber parsed = NhsNumber.parse(NhsNumber.parse(digits).formatted());
        assertThat(parsed.digits()).isEqualTo(digits);
        assertThat(parsed.isTestNumber()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("computedTestNumbers")
    void refusesAChangedCheckDigitOnASyntheticNumber(String digits) {
        int last = Character.digit(digits.charAt(9), 10);
        String wrong = digits.substring(0, 9) + (last + 1) % 10;

        assertThat(NhsNumber.problemWith(wrong)).hasValueSatisfying(p -> assertThat(p).contains("check digit does not match"));
    }

    // --- behaviour of a parsed number ------------------------------------------------------------------------

    @Test
    void onlyNumbersStartingWith999AreTestNumbers() {
        assertThat(NhsNumber.parse("999 000 0018").isTestNumber()).isTrue();
        assertThat(NhsNumber.parse("943 476 5919").isTestNumber()).isFalse();
    }

    @Test
    void formatsIn334Groups() {
        assertThat(NhsNumber.parse("9434765919").formatted()).isEqualTo("943 476 5919");
    }

    @Test
    void toStringDoesNotRevealTheNumber() {
        NhsNumber number = NhsNumber.parse("943 476 5919");

        assertThat(number.toString())
                .doesNotContain("9434765919")
                .doesNotContain("943 476 5919")
                .doesNotContain("943")
                .doesNotContain("476");
    }
}
