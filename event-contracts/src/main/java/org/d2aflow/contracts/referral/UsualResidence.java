package org.d2aflow.contracts.referral;

/** Where the patient usually lived before admission; decides what "discharged to usual residence" means. */
public enum UsualResidence {
    PRIVATE_HOME,
    CARE_HOME,
    EXTRA_CARE_HOUSING,
    SHARED_LIVES,
    NO_FIXED_ABODE,
    OTHER
}
