package org.d2aflow.contracts.reference;

import java.util.Set;

/**
 * The NHS Data Dictionary ADMISSION METHOD (Hospital Provider Spell) codes the suite accepts on a referral. Source:
 * NHS Data Dictionary, "Admission Method" (https://www.datadictionary.nhs.uk/data_elements/admission_method.html);
 * the shared docs (RETURNS.md section 5) name 31, 32, 82 and 83 as ASCOF 2D exclusions but do not hold the list, so
 * only the current codes of the Data Dictionary we can cite are here: elective 11, 12, 13; emergency 21, 22, 23, 24,
 * 25, 2A, 2B, 2C, 2D; maternity 31, 32; other 81, 82, 83. Retired codes (such as 28) are refused.
 */
public final class AdmissionMethods {

    /** Elective admissions: 11 waiting list, 12 booked, 13 planned. */
    public static final Set<String> ELECTIVE = Set.of("11", "12", "13");

    /**
     * Emergency admissions: 21 emergency department, 22 GP, 23 bed bureau, 24 consultant clinic, 25 mental health crisis
     * resolution team, 2A emergency department of another provider, 2B transfer from another provider, 2C baby born at
     * home as intended, 2D other emergency admission. An emergency readmission is a later spell with one of these.
     */
    public static final Set<String> EMERGENCY = Set.of("21", "22", "23", "24", "25", "2A", "2B", "2C", "2D");

    /** Maternity: 31 ante-partum, 32 post-partum. */
    public static final Set<String> MATERNITY = Set.of("31", "32");

    /** Other: 81 transfer of an admitted patient from another provider, 82 baby born in this provider, 83 baby born outside. */
    public static final Set<String> OTHER = Set.of("81", "82", "83");

    /** Every admission method accepted. */
    public static final Set<String> ALL = Set.of("11", "12", "13", "21", "22", "23", "24", "25", "2A", "2B", "2C", "2D",
            "31", "32", "81", "82", "83");

    private AdmissionMethods() {
    }

    public static boolean isEmergency(String code) {
        return code != null && EMERGENCY.contains(code);
    }
}
