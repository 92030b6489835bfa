package org.d2aflow.referral.domain;

import java.util.Set;

/** The NHS Data Dictionary discharge destination and method codes the suite accepts. */
public final class DischargeCodes {

    /** Usual place of residence. */
    public static final String DESTINATION_USUAL_RESIDENCE = "19";
    /** Patient died. */
    public static final String DESTINATION_DIED = "79";

    public static final Set<String> DESTINATIONS = Set.of(
            "19", "29", "30", "37", "38", "48", "49", "50", "51", "52", "53", "54", "65", "66", "79", "84", "85", "87", "88", "98", "99");

    /** 1 clinical advice; 2 legacy self/relative; 3 tribunal or court; 4 died; 5 stillbirth; 6 self; 7 relative; 8 n/a; 9 not known. */
    public static final Set<String> METHODS = Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9");

    private DischargeCodes() {
    }

    public static boolean isDeathMethod(String method) {
        return "4".equals(method) || "5".equals(method);
    }
}
