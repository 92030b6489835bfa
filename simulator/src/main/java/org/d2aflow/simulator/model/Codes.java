package org.d2aflow.simulator.model;

/**
 * The values the suite's APIs take, spelled exactly as their JSON enums. The simulator keeps its own copies of the enums
 * instead of the services' event records: it is a client of the REST APIs and nothing more. The discharge destination
 * and method codes are reference data with one definition, {@link org.d2aflow.contracts.reference.DischargeCodes}.
 */
public final class Codes {

    private Codes() {
    }

    public enum Pathway {
        P0, P1, P2, P3
    }

    public enum ServiceType {
        SOCIAL_SUPPORT(Pathway.P0, false),
        REABLEMENT_HOME(Pathway.P1, true),
        REHAB_HOME(Pathway.P1, true),
        SHORT_TERM_DOMCARE(Pathway.P1, false),
        BEDDED_REABLEMENT(Pathway.P2, true),
        BEDDED_REHAB(Pathway.P2, true),
        SHORT_TERM_CARE_HOME(Pathway.P3, false);

        private final Pathway pathway;
        private final boolean reablementOrRehab;

        ServiceType(Pathway pathway, boolean reablementOrRehab) {
            this.pathway = pathway;
            this.reablementOrRehab = reablementOrRehab;
        }

        public Pathway pathway() {
            return pathway;
        }

        /** Whether a placement of this type is followed up at day 91 (the ASCOF 2B(1) cohort). */
        public boolean reablementOrRehab() {
            return reablementOrRehab;
        }

        /** Capacity is counted in beds for pathways 2 and 3, in concurrent packages for pathway 1. */
        public String unit() {
            return pathway == Pathway.P1 ? "PACKAGE" : "BED";
        }
    }

    public enum Sex {
        FEMALE, MALE
    }

    public enum UsualResidence {
        PRIVATE_HOME, CARE_HOME, EXTRA_CARE_HOUSING, SHARED_LIVES, NO_FIXED_ABODE, OTHER
    }

    public enum EndReason {
        NO_ONGOING_SUPPORT, LONG_TERM_HOME_CARE, LA_FUNDED_PLACEMENT, NHS_FUNDED_PLACEMENT, SELF_FUNDED_PLACEMENT, READMITTED, DIED, OTHER
    }

    public enum Day91Status {
        AT_HOME, EXTRA_CARE_HOUSING, SHARED_LIVES, IN_HOSPITAL, CARE_HOME, DIED, UNKNOWN;

        /** The statuses the 91-day figure counts as still at home. */
        public boolean atHome() {
            return this == AT_HOME || this == EXTRA_CARE_HOUSING || this == SHARED_LIVES;
        }
    }
}
