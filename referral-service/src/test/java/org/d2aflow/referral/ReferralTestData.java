package org.d2aflow.referral;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Test data builders for referral requests. Synthetic people only: NHS numbers from the 999 test range. */
public final class ReferralTestData {

    private static final AtomicLong NEXT = new AtomicLong(999_000_000L + Math.floorMod(System.nanoTime(), 900_000L));

    private ReferralTestData() {
    }

    /** A fresh valid NHS number from the range reserved for test data (999 000 0000 – 999 999 9999). */
    public static String syntheticNhsNumber() {
        while (true) {
            String nine = Long.toString(NEXT.getAndIncrement());
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (nine.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 10) {
                continue;
            }
            return nine + (check == 11 ? 0 : check);
        }
    }

    public static Builder aReferralRequest() {
        return new Builder();
    }

    /** A referral request with sensible defaults; change what the test is about. */
    public static final class Builder {
        private final Map<String, Object> body = new LinkedHashMap<>();

        Builder() {
            body.put("nhsNumber", syntheticNhsNumber());
            body.put("dateOfBirth", "1942-03-14");
            body.put("sex", "FEMALE");
            body.put("locality", "East");
            body.put("site", "County Hospital");
            body.put("ward", "Ward 7");
            body.put("admissionDate", LocalDate.now().minusDays(10).toString());
            body.put("usualResidence", "PRIVATE_HOME");
        }

        public Builder with(String field, Object value) {
            body.put(field, value);
            return this;
        }

        public Builder without(String field) {
            body.remove(field);
            return this;
        }

        public Builder admittedDaysAgo(int days) {
            return with("admissionDate", LocalDate.now().minusDays(days).toString());
        }

        public Builder inLocality(String locality) {
            return with("locality", locality);
        }

        public Map<String, Object> build() {
            return new LinkedHashMap<>(body);
        }
    }
}
