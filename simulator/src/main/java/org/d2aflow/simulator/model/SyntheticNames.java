package org.d2aflow.simulator.model;

/**
 * Made-up names for simulated patients, chosen from the patient's id so that a run is repeatable. They exist to
 * prove that names stay inside referral-service: the event-log scan looks for each one.
 */
public final class SyntheticNames {

    private static final String[] GIVEN = {"Ada", "Bertram", "Clemency", "Digby", "Elowen", "Fenwick", "Gwendolyn", "Hartley",
        "Isolde", "Jasper", "Kezia", "Lysander", "Marigold", "Norbert", "Ottoline", "Percival", "Quenby", "Rosamund", "Sebastian",
        "Tamsin", "Ulric", "Verity", "Wilfred", "Xanthe", "Yardley", "Zillah"};
    private static final String[] FAMILY = {"Testwood", "Samplewell", "Mockridge", "Fictonby", "Placeholm", "Dummerton",
        "Exampleford", "Notreal", "Madeupson", "Synthby", "Pretendale", "Imaginby"};

    private SyntheticNames() {
    }

    public static String forPatient(String patientId) {
        int h = patientId.hashCode() & 0x7fffffff;
        return GIVEN[h % GIVEN.length] + " " + FAMILY[(h / GIVEN.length) % FAMILY.length];
    }
}
