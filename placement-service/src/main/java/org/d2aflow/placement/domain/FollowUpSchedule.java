package org.d2aflow.placement.domain;

import java.time.LocalDate;

import org.d2aflow.contracts.ServiceType;

/** When the 91-day follow-up falls (ASCOF 2B(1)): hospital discharge date + 91 calendar days. */
public final class FollowUpSchedule {

    /** Days after the hospital discharge date on which the follow-up status is taken. */
    public static final int DAYS_AFTER_DISCHARGE = 91;

    private FollowUpSchedule() {
    }

    /** The first day the follow-up may be recorded. */
    public static LocalDate dueDate(LocalDate dischargeDate) {
        return dischargeDate.plusDays(DAYS_AFTER_DISCHARGE);
    }

    /** The latest hospital discharge date whose follow-up is due on or before {@code date}. */
    public static LocalDate latestDischargeDueBy(LocalDate date) {
        return date.minusDays(DAYS_AFTER_DISCHARGE);
    }

    /** Whether placements of this type are followed up at day 91 (reablement and rehabilitation only). */
    public static boolean appliesTo(ServiceType serviceType) {
        return serviceType != null && serviceType.isReablementOrRehab();
    }
}
