package org.d2aflow.contracts.placement;

import java.time.LocalDate;

/** Where the person was 91 days after hospital discharge; the first three count as "still at home". */
public enum Day91Status {
    AT_HOME,
    EXTRA_CARE_HOUSING,
    SHARED_LIVES,
    IN_HOSPITAL,
    CARE_HOME,
    DIED,
    UNKNOWN;

    /** Whether a follow-up of this status may say since when it holds (a date of death, a date of admission to a care home). */
    public boolean isDatedOutcome() {
        return this == DIED || this == CARE_HOME;
    }

    /** The rule of a follow-up's optional {@code statusSince}: DIED or CARE_HOME only, and not after {@code obtainedOn}. */
    static void checkStatusSince(Day91Status status, LocalDate statusSince, LocalDate obtainedOn) {
        if (statusSince == null) {
            return;
        }
        if (!status.isDatedOutcome()) {
            throw new IllegalArgumentException("statusSince is given only for DIED or CARE_HOME, not " + status);
        }
        if (obtainedOn != null && statusSince.isAfter(obtainedOn)) {
            throw new IllegalArgumentException("statusSince must not be after obtainedOn");
        }
    }
}
