package org.d2aflow.contracts.reference;

/**
 * Why a write service refused a command that was well-formed but not allowed in the current state: the
 * {@code code} of a 409 problem+json answer. One list for the whole suite, so that clients (the simulator, a
 * trust's integration engine) branch on a value shared by every service, never on the wording of a message.
 * Codes are stable: a new rule gets a new code, an old one is never reused for another meaning.
 */
public enum RefusalCode {

    /** A refusal that names no rule of its own. */
    ILLEGAL_TRANSITION("illegal-transition"),

    // referrals
    REFERRAL_EXISTS("referral-exists"),
    DISCHARGED("referral-discharged"),
    REFERRAL_WITHDRAWN("referral-withdrawn"),
    DISCHARGE_BEFORE_READY_DATE("discharge-before-ready-date"),
    /** A discharge correction or void on a referral that has no discharge standing. */
    NO_DISCHARGE_TO_CORRECT("no-discharge-to-correct"),
    /** A discharge ready date correction on a referral that has none. */
    NO_READY_DATE_TO_CORRECT("no-ready-date-to-correct"),

    // care services, claims and declines
    SERVICE_EXISTS("service-exists"),
    SERVICE_NAME_TAKEN("service-name-taken"),
    CAPACITY_BELOW_CLAIMS("capacity-below-claims"),
    CLAIM_EXISTS("claim-exists"),
    NO_FREE_UNIT("no-free-unit"),
    CLAIM_RELEASED("claim-released"),
    ALREADY_DECLINED("already-declined"),
    REFERRAL_UNKNOWN("referral-unknown"),
    NO_PATHWAY_DECISION("no-pathway-decision"),
    PATHWAY_NEEDS_NO_CARE("pathway-needs-no-care"),
    OTHER_SERVICE_TYPE("other-service-type"),
    ALREADY_CLAIMED("already-claimed"),

    // placements and follow-ups
    PLACEMENT_STARTED("placement-started"),
    PLACEMENT_CANCELLED("placement-cancelled"),
    SERVICE_UNKNOWN("service-unknown"),
    NOT_DISCHARGED("not-discharged"),
    DIED_IN_HOSPITAL("died-in-hospital"),
    START_BEFORE_DISCHARGE("start-before-discharge"),
    PLACEMENT_ENDED("placement-ended"),
    END_BEFORE_START("end-before-start"),
    PLACEMENT_NOT_STARTED("placement-not-started"),
    NO_FOLLOW_UP_FOR_SERVICE("no-follow-up-for-service"),
    FOLLOW_UP_RECORDED("follow-up-recorded"),
    DISCHARGE_DATE_UNKNOWN("discharge-date-unknown"),
    FOLLOW_UP_NOT_DUE("follow-up-not-due"),
    /** A correction of a 91-day follow-up where none is recorded (on this placement). */
    FOLLOW_UP_NOT_RECORDED("follow-up-not-recorded");

    private final String code;

    RefusalCode(String code) {
        this.code = code;
    }

    /** The code as clients see it, e.g. {@code no-free-unit}. */
    public String code() {
        return code;
    }
}
