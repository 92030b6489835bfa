package org.d2aflow.simulator.model;

/**
 * Synthetic NHS numbers from the range reserved for test data (999 000 0000 to 999 999 9999), each with a valid
 * modulus-11 check digit. A serial maps to a number through a fixed permutation of all valid test numbers, so
 * distinct serials below {@link #count()} never share a number and neighbouring patients do not get neighbouring
 * numbers.
 */
public final class NhsNumbers {

    private static final int[] BODIES;
    private static final long STRIDE;
    private static final long OFFSET = 271_828L;

    static {
        // The first nine digits are 999 plus six free digits; about one body in eleven has no possible check digit.
        int[] all = new int[1_000_000];
        int n = 0;
        for (int body = 0; body < 1_000_000; body++) {
            if (checkDigit(999_000_000L + body) != 10) {
                all[n++] = body;
            }
        }
        BODIES = java.util.Arrays.copyOf(all, n);
        long stride = 611_953L;
        while (gcd(stride, n) != 1) {
            stride++;
        }
        STRIDE = stride;
    }

    private NhsNumbers() {
    }

    /** How many distinct valid numbers the test range holds. */
    public static int count() {
        return BODIES.length;
    }

    /** The ten digits of the number for a serial; serials equal modulo {@link #count()} share a number. */
    public static String forSerial(long serial) {
        long index = Math.floorMod(serial * STRIDE + OFFSET, (long) BODIES.length);
        long nine = 999_000_000L + BODIES[(int) index];
        return Long.toString(nine) + checkDigit(nine);
    }

    /** The usual 3-3-4 form with spaces, as coordinators type it. */
    public static String formatted(String digits) {
        return digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6);
    }

    /** Whether ten digits (spaces allowed) form a valid NHS number. */
    public static boolean isValid(String number) {
        String digits = number.replace(" ", "");
        if (!digits.matches("\\d{10}")) {
            return false;
        }
        int check = checkDigit(Long.parseLong(digits.substring(0, 9)));
        return check != 10 && check == digits.charAt(9) - '0';
    }

    /** Whether the number lies in the range reserved for test data. */
    public static boolean isTestRange(String number) {
        return number.replace(" ", "").startsWith("999");
    }

    /** Check digit of the first nine digits: weights 10 down to 2, 11 minus the remainder, 11 becomes 0, 10 is impossible. */
    static int checkDigit(long firstNine) {
        int sum = 0;
        long rest = firstNine;
        for (int weight = 2; weight <= 10; weight++) {
            sum += (int) (rest % 10) * weight;
            rest /= 10;
        }
        int check = 11 - sum % 11;
        return check == 11 ? 0 : check;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
