package org.d2aflow.contracts.placement;

/** Where the person was 91 days after hospital discharge; the first three count as "still at home". */
public enum Day91Status {
    AT_HOME,
    EXTRA_CARE_HOUSING,
    SHARED_LIVES,
    IN_HOSPITAL,
    CARE_HOME,
    DIED,
    UNKNOWN
}
