package org.d2aflow.contracts;

import java.util.EnumSet;
import java.util.Set;

/** The kind of short-term service a referral is placed with; each belongs to exactly one pathway. */
public enum ServiceType {
    SOCIAL_SUPPORT(Pathway.P0),
    REABLEMENT_HOME(Pathway.P1),
    REHAB_HOME(Pathway.P1),
    SHORT_TERM_DOMCARE(Pathway.P1),
    BEDDED_REABLEMENT(Pathway.P2),
    BEDDED_REHAB(Pathway.P2),
    SHORT_TERM_CARE_HOME(Pathway.P3);

    private static final Set<ServiceType> REABLEMENT_OR_REHAB =
            EnumSet.of(REABLEMENT_HOME, REHAB_HOME, BEDDED_REABLEMENT, BEDDED_REHAB);

    private final Pathway pathway;

    ServiceType(Pathway pathway) {
        this.pathway = pathway;
    }

    /** The pathway this service type serves. */
    public Pathway pathway() {
        return pathway;
    }

    /** Whether a placement of this type puts the patient in the cohort of the 91-day "still at home" figure. */
    public boolean isReablementOrRehab() {
        return REABLEMENT_OR_REHAB.contains(this);
    }
}
