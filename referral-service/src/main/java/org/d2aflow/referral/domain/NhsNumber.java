package org.d2aflow.referral.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A valid NHS number: ten digits whose last is the modulus-11 check digit of the first nine. Input may
 * group the digits 3-3-4 with spaces or hyphens. Kept inside referral-service only.
 */
public record NhsNumber(String digits) {

    private static final Pattern INPUT = Pattern.compile("\\d{10}|\\d{3}([ -])\\d{3}\\1\\d{4}");

    public NhsNumber {
        if (digits == null || !digits.matches("\\d{10}") || !checkDigitHolds(digits)) {
            throw new IllegalArgumentException("not a valid NHS number");
        }
    }

    /** Parses user input, or says why it is not an NHS number. */
    public static Optional<String> problemWith(String input) {
        if (input == null || input.isBlank()) {
            return Optional.of("is required");
        }
        String trimmed = input.strip();
        if (!INPUT.matcher(trimmed).matches()) {
            return Optional.of("must be 10 digits, optionally grouped 3-3-4 with spaces or hyphens");
        }
        String digits = trimmed.replaceAll("[ -]", "");
        int check = expectedCheckDigit(digits);
        if (check == 10) {
            return Optional.of("is not a valid NHS number (no check digit is possible for these first nine digits)");
        }
        if (check != digits.charAt(9) - '0') {
            return Optional.of("is not a valid NHS number (the check digit does not match)");
        }
        return Optional.empty();
    }

    public static NhsNumber parse(String input) {
        Optional<String> problem = problemWith(input);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("NHS number " + problem.get());
        }
        return new NhsNumber(input.strip().replaceAll("[ -]", ""));
    }

    /** Whether it lies in the range reserved for test data (999 000 0000 to 999 999 9999). */
    public boolean isTestNumber() {
        return digits.startsWith("999");
    }

    /** The usual 3-3-4 display form. */
    public String formatted() {
        return digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6);
    }

    @Override
    public String toString() {
        // Never print a full NHS number into logs by accident.
        return "NhsNumber[***" + digits.substring(7) + "]";
    }

    private static boolean checkDigitHolds(String digits) {
        int check = expectedCheckDigit(digits);
        return check != 10 && check == digits.charAt(9) - '0';
    }

    /** The modulus-11 check digit of the first nine digits; 10 means no valid number has them. */
    static int expectedCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        return check == 11 ? 0 : check;
    }
}
