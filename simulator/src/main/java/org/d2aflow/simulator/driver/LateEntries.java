package org.d2aflow.simulator.driver;

import java.util.SplittableRandom;

/**
 * Which facts the run enters late, and how late: coordinators record some discharges a day or more after they
 * happened (Friday's on Monday), provider staff log some follow-up calls weeks after the call and some declines days
 * after the claim they refused. A late fact keeps its business date (the discharge date, the date the status was
 * obtained, the date of the decline); only the moment it is entered moves. Each patient's draws come from the run's
 * seed and the patient's id, so the same seed enters the same facts late.
 *
 * @param share       the share of each kind of fact entered late, 0 to 1 (0: everything on its day)
 * @param corrections how many facts are corrected after they were entered, in turn: a discharge date, a discharge voided and
 *                    entered again, a destination, a follow-up's status
 * @param seed        the run's seed
 */
public record LateEntries(double share, int corrections, long seed) {

    /** Everything on its day, nothing corrected: the run the driver's own tests replay call for call. */
    public static final LateEntries NONE = new LateEntries(0, 0, 0);

    /** The default share: about one discharge in five is recorded a day or more late in the seeds' trusts. */
    public static final double DEFAULT_SHARE = 0.2;

    /** The default number of corrections in a run: one of each kind (discharge date, void and enter again, destination, follow-up). */
    public static final int DEFAULT_CORRECTIONS = 4;

    public LateEntries {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("the late share must be between 0 and 1");
        }
        if (corrections < 0) {
            throw new IllegalArgumentException("corrections cannot be negative");
        }
    }

    /** Days after the discharge date the discharge is entered: 0, or 1 to 4 (a weekend and a busy Monday). */
    int dischargeDays(String patientId) {
        return draw(patientId, "discharge", 1, 4);
    }

    /** Days after the status was obtained that the follow-up is entered: 0, or one to five weeks. */
    int followUpDays(String patientId) {
        return draw(patientId, "follow-up", 7, 35);
    }

    /** Days after the claim was refused that the decline is entered: 0, or 1 to 3. */
    int declineDays(String patientId) {
        return draw(patientId, "decline", 1, 3);
    }

    private int draw(String patientId, String fact, int min, int max) {
        if (share <= 0) {
            return 0;
        }
        SplittableRandom r = new SplittableRandom(seed * 31 + (patientId + "/" + fact).hashCode());
        return r.nextDouble() < share ? r.nextInt(min, max + 1) : 0;
    }
}
