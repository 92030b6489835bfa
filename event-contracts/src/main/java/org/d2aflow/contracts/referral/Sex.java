package org.d2aflow.contracts.referral;

/** The patient's sex as recorded for reporting. */
public enum Sex {
    FEMALE,
    MALE,
    OTHER,
    UNKNOWN
}
