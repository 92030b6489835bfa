package org.d2aflow.simulator.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.simulator.model.Codes.Day91Status;
import org.d2aflow.simulator.model.Codes.EndReason;
import org.d2aflow.simulator.model.Codes.Pathway;
import org.d2aflow.simulator.model.Codes.ServiceType;
import org.d2aflow.simulator.model.Codes.Sex;
import org.d2aflow.simulator.model.Codes.UsualResidence;
import org.d2aflow.simulator.model.PlannedPatient.Category;
import org.d2aflow.simulator.model.PlannedPatient.PlacementPlan;
import org.d2aflow.simulator.model.ServiceCatalog.Localities;

/**
 * The synthetic county, calibrated to the seeds' figures (shared/DOMAIN.md): who is discharged from the acute
 * hospital on a given day, and everything about them. Pure and deterministic: the patients of a day depend only on
 * the seed, the scale and the date (each day draws from its own {@link SplittableRandom} derived from the seed), so
 * the same date gives the same patients whatever window is simulated around it.
 *
 * <p>Patients are generated on their discharge date and the earlier dates are worked backwards from it (discharge
 * ready date = discharge - delay, admission = ready date - clinical stay). That keeps the weekday and seasonal shape of
 * discharges exact, which is what the figures are about.
 */
public final class CountyModel {

    // --- volume ------------------------------------------------------------------------------------------------
    /** Adult acute discharges per day over a year. */
    static final double DISCHARGES_PER_DAY = 55.0;
    /** A Saturday or Sunday against a weekday. */
    static final double WEEKEND_FACTOR = 0.65;
    /** Seasonal swing, highest in mid-January: winter months run about 7% above the year's mean. */
    static final double WINTER_AMPLITUDE = 0.075;
    static final int WINTER_PEAK_DAY_OF_YEAR = 15;
    /** Weekday rate that gives the yearly mean once weekends are lighter. */
    static final double WEEKDAY_RATE = DISCHARGES_PER_DAY * 7 / (5 + 2 * WEEKEND_FACTOR);
    /** Patients of one day: the NHS number serial leaves room for this many. */
    static final int MAX_PER_DAY = 1000;

    // --- who leaves how -------------------------------------------------------------------------------------------
    static final double SHARE_DIED = 0.03;
    static final double SHARE_SELF_DISCHARGE = 0.01;
    /** The hub sees about 5.5 of the 55 daily discharges. */
    static final double SHARE_HUB = 0.10;

    /** Hub pathway assessments: 20% no further support, 52% at home, 28% bedded (20% P2, 8% P3). */
    static final Pathway[] HUB_PATHWAYS = {Pathway.P0, Pathway.P1, Pathway.P2, Pathway.P3};
    static final double[] HUB_PATHWAY_WEIGHTS = {0.20, 0.52, 0.20, 0.08};
    static final ServiceType[] P1_TYPES = {ServiceType.REABLEMENT_HOME, ServiceType.SHORT_TERM_DOMCARE};
    static final double[] P1_TYPE_WEIGHTS = {0.75, 0.25};
    static final ServiceType[] P2_TYPES = {ServiceType.BEDDED_REABLEMENT, ServiceType.BEDDED_REHAB};
    static final double[] P2_TYPE_WEIGHTS = {0.55, 0.45};

    // --- ages and sex ------------------------------------------------------------------------------------------
    /** Ward pathway-0 discharges aged 65+; with the hub and deaths this makes about 42% of all discharges. */
    static final double WARD_OLDER_SHARE = 0.36;
    static final double HUB_OLDER_SHARE = 0.875;
    static final double DIED_OLDER_SHARE = 0.85;
    static final double SELF_OLDER_SHARE = 0.15;
    static final double HUB_WOMEN = 0.57;
    static final double OTHER_WOMEN = 0.51;

    // --- acute stay (admission to discharge ready date, days) and delay after it --------------------------------------
    static final double WARD_STAY_MEDIAN = 2.4;
    static final double WARD_STAY_SIGMA = 1.0;
    static final double HUB_STAY_MEDIAN = 9.0;
    static final double HUB_STAY_SIGMA = 0.9;
    static final double DIED_STAY_MEDIAN = 8.0;
    static final double SELF_STAY_MEDIAN = 2.0;

    /** Share discharged on their discharge ready date, and mean delay of the others, per kind of discharge. */
    static final double WARD_ON_DAY = 0.93;
    static final double WARD_LATE_MEAN = 1.6;
    static final double HUB_P0_ON_DAY = 0.85;
    static final double HUB_P0_LATE_MEAN = 2.0;
    static final double P1_ON_DAY = 0.60;
    static final double P1_LATE_MEAN = 4.0;
    static final double P2_ON_DAY = 0.25;
    static final double P2_LATE_MEAN = 8.0;
    static final double P3_ON_DAY = 0.08;
    static final double P3_LATE_MEAN = 12.5;

    // --- destinations ------------------------------------------------------------------------------------------
    static final double TEMPORARY_RESIDENCE = 0.01;
    /** Ward discharges transferred elsewhere (another NHS provider, a hospice, a non-NHS hospital). */
    static final double WARD_TRANSFER = 0.02;
    static final String[] TRANSFER_DESTINATIONS = {"51", "49", "50", "52", "53", "87", "88"};
    static final double[] TRANSFER_WEIGHTS = {0.40, 0.10, 0.10, 0.10, 0.05, 0.10, 0.15};
    static final String[] CARE_HOME_RETURN = {"85", "54", "65"};
    static final double[] CARE_HOME_RETURN_WEIGHTS = {0.60, 0.10, 0.30};

    // --- short-term services ---------------------------------------------------------------------------------------
    /** Log-normal time in service by service type: median, sigma and longest stay in days. */
    static final double[][] TIME_IN_SERVICE = {
        // SOCIAL_SUPPORT, unused
        {1, 0, 1},
        // REABLEMENT_HOME: mean about three weeks (the seeds' package runs up to four weeks), a few overrun
        {19.2, 0.45, 56},
        // REHAB_HOME
        {19.2, 0.45, 56},
        // SHORT_TERM_DOMCARE: bridging until a long-term package is found, long tail
        {40, 1.05, 300},
        // BEDDED_REABLEMENT
        {27, 1.0, 300},
        // BEDDED_REHAB
        {25, 1.0, 300},
        // SHORT_TERM_CARE_HOME: median about 35, a tail beyond 120 days
        {37, 1.15, 365},
    };

    static final EndReason[] END_REASONS = EndReason.values();
    /** End reasons per pathway (order of EndReason); overall they give the seeds' 23/11/19/4/22/6 split. */
    static final double[] P1_END = {31, 11, 13, 2, 17, 11, 5, 10};
    static final double[] P2_END = {15, 10, 22, 5, 25, 12, 7, 4};
    static final double[] P3_END = {0, 0, 38, 10, 36, 6, 10, 0};

    /** Day-91 statuses of the reablement cohort when the placement did not already end in death before day 91. */
    static final Day91Status[] DAY91 = Day91Status.values();
    static final double[] DAY91_WEIGHTS = {80.9, 1.0, 0.2, 5.8, 6.2, 3.2, 1.0};
    /** Follow-ups nobody records: the figure reports them as missing. */
    static final double FOLLOW_UP_MISSING = 0.01;

    private static final String[] SITES = {"County Hospital", "Worcestershire Royal Hospital", "Gloucestershire Royal Hospital"};
    private static final double[] SITE_WEIGHTS = {0.92, 0.05, 0.03};
    private static final String[] WARDS = {"Arrow", "Frome", "Lugg", "Monnow", "Teme", "Wye", "Leadon", "Dore", "Garren", "Onny",
        "Acute Medical Unit", "Surgical Assessment Unit"};

    private final long salt;
    private final double scale;

    /**
     * @param seed  the run's seed
     * @param scale fraction of the county's volume (1 = about 55 discharges a day)
     */
    public CountyModel(long seed, double scale) {
        if (!(scale > 0) || scale > 5) {
            throw new IllegalArgumentException("scale must be in (0, 5], was " + scale);
        }
        this.salt = new SplittableRandom(seed).nextLong();
        this.scale = scale;
    }

    public double scale() {
        return scale;
    }

    /** Expected discharges on a day: weekday, season and scale. */
    public double expectedDischarges(LocalDate day) {
        double weekday = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY ? WEEKEND_FACTOR : 1.0;
        double angle = 2 * StrictMath.PI * (day.getDayOfYear() - WINTER_PEAK_DAY_OF_YEAR) / 365.25;
        double season = 1 + WINTER_AMPLITUDE * StrictMath.cos(angle);
        return WEEKDAY_RATE * weekday * season * scale;
    }

    /** The patients discharged on a day, in a stable order. */
    public List<PlannedPatient> dischargesOn(LocalDate day) {
        Draws d = new Draws(new SplittableRandom(mix(salt ^ (day.toEpochDay() * 0x9E3779B97F4A7C15L))));
        int n = Math.min(d.poisson(expectedDischarges(day)), MAX_PER_DAY);
        List<PlannedPatient> patients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            patients.add(patient(d, day, i));
        }
        return patients;
    }

    private PlannedPatient patient(Draws d, LocalDate discharge, int index) {
        String id = discharge + "-" + String.format("%03d", index);
        String nhs = NhsNumbers.forSerial(discharge.toEpochDay() * MAX_PER_DAY + index);
        Category category = Category.values()[d.weighted(1 - SHARE_DIED - SHARE_SELF_DISCHARGE - SHARE_HUB, SHARE_HUB, SHARE_DIED,
                SHARE_SELF_DISCHARGE)];
        String locality = d.pick(Localities.ALL, Localities.WEIGHTS);
        String site = d.pick(SITES, SITE_WEIGHTS);
        String ward = WARDS[d.between(0, WARDS.length - 1)];
        int age;
        Sex sex;
        switch (category) {
            case HUB:
                age = d.chance(HUB_OLDER_SHARE) ? older(d, 83.5, 6.5, 102) : younger(d, 30, 58);
                sex = d.chance(HUB_WOMEN) ? Sex.FEMALE : Sex.MALE;
                break;
            case DIED:
                age = d.chance(DIED_OLDER_SHARE) ? older(d, 81, 8, 104) : younger(d, 25, 58);
                sex = d.chance(0.5) ? Sex.FEMALE : Sex.MALE;
                break;
            case SELF_DISCHARGE:
                age = d.chance(SELF_OLDER_SHARE) ? older(d, 72, 6, 95) : younger(d, 18, 35);
                sex = d.chance(0.35) ? Sex.FEMALE : Sex.MALE;
                break;
            default:
                age = d.chance(WARD_OLDER_SHARE) ? older(d, 75, 7.5, 100) : younger(d, 18, 50);
                sex = d.chance(OTHER_WOMEN) ? Sex.FEMALE : Sex.MALE;
        }
        UsualResidence residence = residence(d, category, age);

        Pathway pathway = null;
        ServiceType type = null;
        int stay;
        int delay = 0;
        switch (category) {
            case HUB:
                pathway = d.pick(HUB_PATHWAYS, HUB_PATHWAY_WEIGHTS);
                type = typeFor(d, pathway);
                stay = d.days(HUB_STAY_MEDIAN, HUB_STAY_SIGMA, 0, 150);
                delay = delay(d, pathway, true);
                break;
            case DIED:
                stay = d.days(DIED_STAY_MEDIAN, 1.0, 0, 150);
                break;
            case SELF_DISCHARGE:
                stay = d.days(SELF_STAY_MEDIAN, 0.9, 0, 60);
                break;
            default:
                pathway = Pathway.P0;
                type = ServiceType.SOCIAL_SUPPORT;
                stay = d.days(WARD_STAY_MEDIAN, WARD_STAY_SIGMA, 0, 120);
                delay = delay(d, pathway, false);
        }
        boolean ready = category == Category.WARD || category == Category.HUB;
        LocalDate drd = ready ? discharge.minusDays(delay) : null;
        LocalDate admission = discharge.minusDays(stay + (long) delay);
        LocalDate decided = null;
        if (pathway != null) {
            // The ward decides on the day; the hub usually assesses a little before the patient is ready.
            int ahead = category == Category.HUB ? d.weighted(0.4, 0.3, 0.2, 0.1) : 0;
            decided = drd.minusDays(ahead).isBefore(admission) ? admission : drd.minusDays(ahead);
        }
        // Born between one day and one year short of the next birthday, so the age at admission is exactly `age`.
        LocalDate birth = admission.minusYears(age).minusDays(d.between(0, 364));

        String destination;
        String method = DischargeCodes.METHOD_CLINICAL_ADVICE;
        switch (category) {
            case DIED:
                destination = DischargeCodes.DESTINATION_DIED;
                method = DischargeCodes.METHOD_DIED;
                break;
            case SELF_DISCHARGE:
                destination = d.chance(0.95) ? DischargeCodes.DESTINATION_USUAL_RESIDENCE : DischargeCodes.DESTINATION_TEMPORARY_RESIDENCE;
                method = DischargeCodes.METHOD_SELF;
                break;
            default:
                destination = destination(d, category, type, residence);
                if (d.chance(0.02)) {
                    method = DischargeCodes.METHOD_RELATIVE;
                }
        }
        PlacementPlan placement = pathway == null || pathway == Pathway.P0 ? null : placement(d, type);
        return new PlannedPatient(id, nhs, birth, sex, locality, site, ward, residence, category, admission, drd, pathway, type,
                decided, discharge, destination, method, placement);
    }

    private static int older(Draws d, double mean, double sd, int max) {
        return Draws.clamp((int) StrictMath.floor(d.normal(mean, sd)), 65, max);
    }

    private static int younger(Draws d, int low, int mode) {
        return Draws.clamp((int) StrictMath.floor(d.triangular(low, mode, 65)), low, 64);
    }

    private static UsualResidence residence(Draws d, Category category, int age) {
        if (age >= 65) {
            double careHome = category == Category.WARD ? 0.11 : category == Category.DIED ? 0.08 : 0.0;
            double extraCare = category == Category.HUB ? 0.04 : 0.02;
            int i = d.weighted(careHome, extraCare, 0.003, 1 - careHome - extraCare - 0.003);
            return new UsualResidence[] {UsualResidence.CARE_HOME, UsualResidence.EXTRA_CARE_HOUSING, UsualResidence.SHARED_LIVES,
                UsualResidence.PRIVATE_HOME}[i];
        }
        int i = d.weighted(0.006, 0.003, 0.004, 0.987);
        return new UsualResidence[] {UsualResidence.NO_FIXED_ABODE, UsualResidence.SHARED_LIVES, UsualResidence.OTHER,
            UsualResidence.PRIVATE_HOME}[i];
    }

    private static ServiceType typeFor(Draws d, Pathway pathway) {
        switch (pathway) {
            case P1:
                return d.pick(P1_TYPES, P1_TYPE_WEIGHTS);
            case P2:
                return d.pick(P2_TYPES, P2_TYPE_WEIGHTS);
            case P3:
                return ServiceType.SHORT_TERM_CARE_HOME;
            default:
                return ServiceType.SOCIAL_SUPPORT;
        }
    }

    private static int delay(Draws d, Pathway pathway, boolean hub) {
        double onDay;
        double lateMean;
        switch (pathway) {
            case P1:
                onDay = P1_ON_DAY;
                lateMean = P1_LATE_MEAN;
                break;
            case P2:
                onDay = P2_ON_DAY;
                lateMean = P2_LATE_MEAN;
                break;
            case P3:
                onDay = P3_ON_DAY;
                lateMean = P3_LATE_MEAN;
                break;
            default:
                onDay = hub ? HUB_P0_ON_DAY : WARD_ON_DAY;
                lateMean = hub ? HUB_P0_LATE_MEAN : WARD_LATE_MEAN;
        }
        return d.chance(onDay) ? 0 : Math.min(1 + d.geometric(lateMean - 1), 90);
    }

    private static String destination(Draws d, Category category, ServiceType type, UsualResidence residence) {
        switch (type) {
            case BEDDED_REABLEMENT:
                return "85";
            case BEDDED_REHAB:
                return "51";
            case SHORT_TERM_CARE_HOME:
                return d.chance(0.7) ? "85" : "65";
            default:
                break;
        }
        if (residence == UsualResidence.CARE_HOME && type == ServiceType.SOCIAL_SUPPORT) {
            return d.pick(CARE_HOME_RETURN, CARE_HOME_RETURN_WEIGHTS);
        }
        if (category == Category.WARD && d.chance(WARD_TRANSFER)) {
            return d.pick(TRANSFER_DESTINATIONS, TRANSFER_WEIGHTS);
        }
        return d.chance(TEMPORARY_RESIDENCE) ? DischargeCodes.DESTINATION_TEMPORARY_RESIDENCE : DischargeCodes.DESTINATION_USUAL_RESIDENCE;
    }

    private static PlacementPlan placement(Draws d, ServiceType type) {
        double[] t = TIME_IN_SERVICE[type.ordinal()];
        int days = d.days(t[0], t[1], 1, (int) t[2]);
        double[] weights = type.pathway() == Pathway.P1 ? P1_END : type.pathway() == Pathway.P2 ? P2_END : P3_END;
        EndReason reason = d.pick(END_REASONS, weights);
        Day91Status status = null;
        boolean missing = false;
        if (type.reablementOrRehab()) {
            if (reason == EndReason.DIED && days <= 91) {
                // Died in service before day 91: placement-service accepts nothing but DIED then.
                status = Day91Status.DIED;
            } else {
                status = d.pick(DAY91, DAY91_WEIGHTS);
                // A death before day 91 during a placement still running would have ended it with DIED; alive at day 91 instead.
                // Likewise a person who died in service after day 91 was alive on day 91.
                while (status == Day91Status.DIED && (days > 91 || reason == EndReason.DIED)) {
                    status = d.pick(DAY91, DAY91_WEIGHTS);
                }
            }
            missing = d.chance(FOLLOW_UP_MISSING);
        }
        return new PlacementPlan(days, reason, status, missing);
    }

    /** SplitMix64 finaliser: spreads neighbouring day numbers over the whole seed space. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
