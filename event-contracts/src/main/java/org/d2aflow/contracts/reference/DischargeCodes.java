package org.d2aflow.contracts.reference;

import java.util.Set;

/**
 * The NHS Data Dictionary discharge destination and discharge method codes the suite accepts, as
 * {@code PatientDischarged} carries them: referral-service validates against them, metrics-service counts by them,
 * placement-service and the simulator name the ones they act on.
 */
public final class DischargeCodes {

    /** Destination: usual place of residence. */
    public static final String DESTINATION_USUAL_RESIDENCE = "19";
    /** Destination: temporary place of residence (counted as home when a figure's option says so). */
    public static final String DESTINATION_TEMPORARY_RESIDENCE = "29";
    /** Destination: the patient died. */
    public static final String DESTINATION_DIED = "79";
    /** Destination: not applicable, the hospital spell has not finished. */
    public static final String DESTINATION_SPELL_NOT_FINISHED = "98";
    /** Destination: not known. */
    public static final String DESTINATION_NOT_KNOWN = "99";

    /** Every destination code accepted. */
    public static final Set<String> DESTINATIONS = Set.of(
            "19", "29", "30", "37", "38", "48", "49", "50", "51", "52", "53", "54", "65", "66", "79", "84", "85", "87", "88", "98", "99");

    /** Destinations that are a care home (54 NHS-run, 65 local authority, 85 independent). */
    public static final Set<String> CARE_HOME_DESTINATIONS = Set.of("54", "65", "85");

    /** Method: on clinical advice or with clinical consent. */
    public static final String METHOD_CLINICAL_ADVICE = "1";
    /** Method: the patient died. */
    public static final String METHOD_DIED = "4";
    /** Method: stillbirth. */
    public static final String METHOD_STILLBIRTH = "5";
    /** Method: self-discharge. */
    public static final String METHOD_SELF = "6";
    /** Method: by a relative or advocate. */
    public static final String METHOD_RELATIVE = "7";

    /** 1 clinical advice; 2 legacy self/relative; 3 tribunal or court; 4 died; 5 stillbirth; 6 self; 7 relative; 8 n/a; 9 not known. */
    public static final Set<String> METHODS = Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** The methods that record a death (4, 5): given if and only if the destination is 79. */
    public static final Set<String> DEATH_METHODS = Set.of(METHOD_DIED, METHOD_STILLBIRTH);

    private DischargeCodes() {
    }

    public static boolean isDeathMethod(String method) {
        return DEATH_METHODS.contains(method);
    }
}
