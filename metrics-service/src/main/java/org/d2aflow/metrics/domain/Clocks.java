package org.d2aflow.metrics.domain;

import java.time.Instant;

/**
 * Which two clocks a figure was computed with, carried in every answer: the business date its period filters on
 * ({@code period}; absent for census figures), the business dates compared with the census date ({@code census};
 * census figures and capacity-demand's waiting list only), and the recorded-time cut ({@code asKnownAt}, with its
 * rule). The texts are fixed per figure, so the same query gives the same bytes.
 */
public record Clocks(String period, String census, Instant asKnownAt, String asKnownAtRule) {

    /** How {@code asKnownAt} is applied, the same for every figure. */
    public static final String AS_KNOWN_AT_RULE = "events recorded (CloudEvents time) at or before asKnownAt, inclusive, to the microsecond";

    /** The discharge as known at asKnownAt, which every discharge-dated figure uses. */
    public static final String DISCHARGE_DATE = "hospital discharge date (latest patient-discharged or discharge-corrected by stream version; "
            + "none if voided)";

    public static final String IN_HOSPITAL = "admission date on or before the census date; discharge date (as corrected; none if voided) "
            + "after it; not withdrawn by it (London day the withdrawal was recorded)";

    public static final String DECISION_DATE = "pathway decision date (decidedAt of the latest decision by version)";
    public static final String CAPACITY_PERIOD = "per day: capacity from-date, claim start date, release date (releasedOn, else the London "
            + "day recorded), decline date (declinedOn, else the London day recorded); p1DeclinedForCapacity: decision date, declines dated "
            + "on or after it; "
            + "homeFirstEndedWithNoOngoingSupport: placement end date";
    public static final String WAITING_LIST_CENSUS = "waiting list: decision date on or before the census date; not claimed (earlier of start "
            + "date and London day recorded), declined (declinedOn, on or after the decision), withdrawn (London day recorded) or discharged (discharge date, "
            + "as corrected; none if voided) by it";

    public static Clocks of(String period, String census, Instant asKnownAt) {
        return new Clocks(period, census, asKnownAt, AS_KNOWN_AT_RULE);
    }
}
