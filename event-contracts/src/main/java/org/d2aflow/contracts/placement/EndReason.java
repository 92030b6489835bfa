package org.d2aflow.contracts.placement;

/** Why a short-term placement ended, i.e. what the person went on to. */
public enum EndReason {
    NO_ONGOING_SUPPORT,
    LONG_TERM_HOME_CARE,
    LA_FUNDED_PLACEMENT,
    NHS_FUNDED_PLACEMENT,
    SELF_FUNDED_PLACEMENT,
    READMITTED,
    DIED,
    OTHER
}
