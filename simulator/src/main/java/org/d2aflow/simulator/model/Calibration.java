package org.d2aflow.simulator.model;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.simulator.model.Codes.Day91Status;
import org.d2aflow.simulator.model.Codes.EndReason;
import org.d2aflow.simulator.model.Codes.Pathway;
import org.d2aflow.simulator.model.Codes.Sex;
import org.d2aflow.simulator.model.CountyPlan.ClaimPlan;
import org.d2aflow.simulator.model.CountyPlan.PlannedCase;
import org.d2aflow.simulator.model.PlannedPatient.Category;

/**
 * The seeds' figures (shared/DOMAIN.md) as acceptance ranges, and what a plan gives for each. Computed from the
 * plan alone, over the patients discharged inside the window, so a model test and the simulator's
 * {@code --plan-only} report use the same definitions. The ranges are for a year at full scale: a short window or a
 * small scale is noisier, and starts with empty services.
 */
public final class Calibration {

    /** One figure: its target as the seeds state it, the accepted range, and the planned value. */
    public record Check(String name, String target, double low, double high, double value) {

        public boolean ok() {
            return !Double.isNaN(value) && value >= low && value <= high;
        }

        @Override
        public String toString() {
            return String.format("%-50s %-26s %8s  %s", name, target, format(value), ok() ? "ok" : "OUT OF RANGE [" + low + ", " + high + "]");
        }

        private static String format(double v) {
            return Double.isNaN(v) ? "n/a" : Math.abs(v) < 1 ? String.format("%.3f", v) : String.format("%.1f", v);
        }
    }

    private Calibration() {
    }

    public static List<Check> checks(CountyPlan plan) {
        List<PlannedCase> window = plan.cases().stream().filter(c -> plan.inWindow(c.patient().dischargeDate())).toList();
        List<PlannedPatient> all = window.stream().map(PlannedCase::patient).toList();
        List<PlannedPatient> hub = all.stream().filter(p -> p.category() == Category.HUB).toList();
        long days = plan.last().toEpochDay() - plan.first().toEpochDay() + 1;
        double scale = plan.scale();
        List<Check> checks = new ArrayList<>();

        // Volumes
        checks.add(new Check("discharges per day (full scale)", "about 55", 52, 58, all.size() / (double) days / scale));
        checks.add(new Check("weekend day / weekday", "about 0.65", 0.60, 0.70, weekendRatio(all, plan)));
        checks.add(new Check("winter (Dec-Feb) above the year's mean", "+5-10%", 0.04, 0.11, winterUplift(all, plan)));
        checks.add(new Check("hub referrals per day (full scale)", "5-6", 5.0, 6.0, hub.size() / (double) days / scale));

        // Pathways of the hub
        checks.add(new Check("hub: no further support (P0)", "20%", 0.17, 0.23, share(hub, p -> p.pathway() == Pathway.P0)));
        checks.add(new Check("hub: reablement/rehab at home (P1)", "52%", 0.49, 0.55, share(hub, p -> p.pathway() == Pathway.P1)));
        checks.add(new Check("hub: bedded (P2, P3)", "28%", 0.25, 0.31,
                share(hub, p -> p.pathway() == Pathway.P2 || p.pathway() == Pathway.P3)));
        checks.add(new Check("all decisions: P3 share", "rare (national <= 1%)", 0.0, 0.012,
                share(all.stream().filter(p -> p.pathway() != null).toList(), p -> p.pathway() == Pathway.P3)));

        // People
        checks.add(new Check("all discharges aged 65+", "40-45%", 0.40, 0.45, share(all, p -> p.ageAtDischarge() >= 65)));
        checks.add(new Check("hub referrals aged 65+", "85-90%", 0.85, 0.90, share(hub, p -> p.ageAtDischarge() >= 65)));
        checks.add(new Check("hub referrals: median age", "about 82", 80, 84, median(hub.stream().mapToDouble(PlannedPatient::ageAtAdmission).toArray())));
        checks.add(new Check("hub referrals: women", "55-60%", 0.55, 0.60, share(hub, p -> p.sex() == Sex.FEMALE)));

        // Length of stay and delays
        List<PlannedPatient> p0 = all.stream().filter(p -> p.pathway() == Pathway.P0).toList();
        checks.add(new Check("P0 length of stay: median days", "about 2", 1.5, 2.5, median(p0.stream().mapToDouble(PlannedPatient::lengthOfStay).toArray())));
        double[] hubLos = hub.stream().mapToDouble(PlannedPatient::lengthOfStay).toArray();
        checks.add(new Check("hub length of stay: median days", "10-12", 10, 12, median(hubLos)));
        checks.add(new Check("hub length of stay: mean days", "about 16", 14.5, 17.5, mean(hubLos)));
        checks.add(new Check("P0 discharged on the DRD", "90-95%", 0.90, 0.95, share(p0, p -> p.delayDays() == 0)));
        List<PlannedPatient> p1 = byPathway(all, Pathway.P1);
        checks.add(new Check("P1 discharged on the DRD", "about 60%", 0.56, 0.64, share(p1, p -> p.delayDays() == 0)));
        checks.add(new Check("P1 mean delay of the delayed", "about 4", 3.5, 4.5,
                mean(p1.stream().filter(p -> p.delayDays() > 0).mapToDouble(PlannedPatient::delayDays).toArray())));
        checks.add(new Check("P2 mean delay", "about 6", 5, 7, mean(byPathway(all, Pathway.P2).stream().mapToDouble(PlannedPatient::delayDays).toArray())));
        checks.add(new Check("P3 mean delay", "10 or more", 10, 14, mean(byPathway(all, Pathway.P3).stream().mapToDouble(PlannedPatient::delayDays).toArray())));

        // Destinations
        checks.add(new Check("deaths in hospital (79, method 4)", "about 3%", 0.025, 0.035, share(all, PlannedPatient::died)));
        checks.add(new Check("self-discharges (method 6)", "about 1%", 0.007, 0.013, share(all, p -> DischargeCodes.METHOD_SELF.equals(p.methodCode()))));
        List<PlannedPatient> p0p1Alive = all.stream().filter(p -> !p.died() && (p.pathway() == Pathway.P0 || p.pathway() == Pathway.P1)
                && !"51".equals(p.destinationCode()) && !isCareHome(p.destinationCode()) && !isTransfer(p.destinationCode())).toList();
        checks.add(new Check("P0/P1 home-goers to temporary residence (29)", "about 1%", 0.005, 0.015,
                share(p0p1Alive, p -> DischargeCodes.DESTINATION_TEMPORARY_RESIDENCE.equals(p.destinationCode()))));
        List<PlannedPatient> bcf = all.stream().filter(p -> !p.died() && p.ageAtAdmission() >= 18).toList();
        checks.add(new Check("discharge to usual residence (19)", "90-92%", 0.90, 0.92, share(bcf, p -> DischargeCodes.DESTINATION_USUAL_RESIDENCE.equals(p.destinationCode()))));

        // Capacity
        List<PlannedCase> p1Claims = window.stream().filter(c -> c.claim() != ClaimPlan.NONE && c.patient().pathway() == Pathway.P1).toList();
        checks.add(new Check("P1 claims declined for capacity", "about 25%", 0.22, 0.28,
                p1Claims.stream().filter(c -> c.claim() == ClaimPlan.DECLINED).count() / (double) p1Claims.size()));
        List<PlannedCase> bedClaims = window.stream().filter(c -> c.claim() != ClaimPlan.NONE && c.patient().pathway() != Pathway.P1).toList();
        checks.add(new Check("P2/P3 claims declined for capacity", "modest (sized ~10%)", 0.0, 0.18,
                bedClaims.stream().filter(c -> c.claim() == ClaimPlan.DECLINED).count() / (double) bedClaims.size()));

        // Short-term services (every claimed placement, to its planned end)
        List<PlannedPatient> placed = window.stream().filter(c -> c.claim() == ClaimPlan.CLAIMED).map(PlannedCase::patient).toList();
        double[] tis = placed.stream().mapToDouble(p -> p.placement().daysInService()).toArray();
        checks.add(new Check("time in service: mean days", "about 39", 35, 43, mean(tis)));
        checks.add(new Check("time in service: median days", "far below the mean", 10, 30, median(tis)));
        double[] p2Tis = byPathway(placed, Pathway.P2).stream().mapToDouble(p -> p.placement().daysInService()).toArray();
        checks.add(new Check("P2 time in service: median days", "21-28", 21, 28, median(p2Tis)));
        List<PlannedPatient> p3Placed = byPathway(placed, Pathway.P3);
        checks.add(new Check("P3 time in service: median days", "about 35", 31, 40,
                median(p3Placed.stream().mapToDouble(p -> p.placement().daysInService()).toArray())));
        checks.add(new Check("P3 time in service over 120 days", "a tail beyond 120", 0.03, 0.20,
                share(p3Placed, p -> p.placement().daysInService() > 120)));

        Map<EndReason, Double> ends = new EnumMap<>(EndReason.class);
        for (EndReason r : EndReason.values()) {
            ends.put(r, share(placed, p -> p.placement().endReason() == r));
        }
        checks.add(endCheck("end: no further long-term service", "23%", 0.23, ends.get(EndReason.NO_ONGOING_SUPPORT)));
        checks.add(endCheck("end: readmitted", "11%", 0.11, ends.get(EndReason.READMITTED)));
        checks.add(endCheck("end: council-funded placement", "19%", 0.19, ends.get(EndReason.LA_FUNDED_PLACEMENT)));
        checks.add(endCheck("end: NHS-funded placement", "4%", 0.04, ends.get(EndReason.NHS_FUNDED_PLACEMENT)));
        checks.add(endCheck("end: self-funded placement", "22%", 0.22, ends.get(EndReason.SELF_FUNDED_PLACEMENT)));
        checks.add(endCheck("end: died", "6%", 0.06, ends.get(EndReason.DIED)));
        checks.add(endCheck("end: other (long-term home care, other)", "the remaining 15%", 0.15,
                ends.get(EndReason.LONG_TERM_HOME_CARE) + ends.get(EndReason.OTHER)));
        List<PlannedPatient> homeFirst = placed.stream().filter(p -> p.serviceType().pathway() == Pathway.P1).toList();
        checks.add(new Check("home care ended with no ongoing support", "about 32%", 0.28, 0.36,
                share(homeFirst, p -> p.placement().endReason() == EndReason.NO_ONGOING_SUPPORT)));

        // Day 91 of the reablement cohort: 65+ on discharge, reablement or rehabilitation placement
        List<PlannedPatient> cohort = placed.stream().filter(p -> p.serviceType().reablementOrRehab() && p.ageAtDischarge() >= 65).toList();
        Map<String, Double> day91 = new HashMap<>();
        for (Day91Status s : Day91Status.values()) {
            day91.put(s.name(), share(cohort, p -> !p.placement().followUpMissing() && p.placement().day91Status() == s));
        }
        double missing = share(cohort, p -> p.placement().followUpMissing());
        checks.add(new Check("day 91: at home (incl. extra care, shared lives)", "about 78%", 0.75, 0.81,
                share(cohort, p -> !p.placement().followUpMissing() && p.placement().day91Status().atHome())));
        checks.add(new Check("day 91: died", "about 8%", 0.065, 0.095, day91.get("DIED")));
        checks.add(new Check("day 91: in hospital", "about 5%", 0.035, 0.065, day91.get("IN_HOSPITAL")));
        checks.add(new Check("day 91: care home", "about 6%", 0.045, 0.075, day91.get("CARE_HOME")));
        checks.add(new Check("day 91: unknown (recorded or missing)", "about 2%", 0.01, 0.03, day91.get("UNKNOWN") + missing));
        checks.add(new Check("day 91: follow-ups left missing", "a few", 0.003, 0.02, missing));
        return checks;
    }

    private static Check endCheck(String name, String target, double share, double value) {
        return new Check(name, target, share - 0.03, share + 0.03, value);
    }

    private static List<PlannedPatient> byPathway(List<PlannedPatient> patients, Pathway pathway) {
        return patients.stream().filter(p -> p.pathway() == pathway).toList();
    }

    private static boolean isCareHome(String destination) {
        return DischargeCodes.CARE_HOME_DESTINATIONS.contains(destination);
    }

    private static boolean isTransfer(String destination) {
        return Arrays.asList(CountyModel.TRANSFER_DESTINATIONS).contains(destination);
    }

    private static double weekendRatio(List<PlannedPatient> all, CountyPlan plan) {
        long weekendDays = 0;
        long weekdays = 0;
        for (LocalDate d = plan.first(); !d.isAfter(plan.last()); d = d.plusDays(1)) {
            if (weekend(d)) {
                weekendDays++;
            } else {
                weekdays++;
            }
        }
        long onWeekends = all.stream().filter(p -> weekend(p.dischargeDate())).count();
        double perWeekendDay = onWeekends / (double) weekendDays;
        double perWeekday = (all.size() - onWeekends) / (double) weekdays;
        return perWeekendDay / perWeekday;
    }

    private static boolean weekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static double winterUplift(List<PlannedPatient> all, CountyPlan plan) {
        Predicate<LocalDate> winter = d -> d.getMonth() == Month.DECEMBER || d.getMonth() == Month.JANUARY || d.getMonth() == Month.FEBRUARY;
        long winterDays = 0;
        long days = 0;
        for (LocalDate d = plan.first(); !d.isAfter(plan.last()); d = d.plusDays(1)) {
            days++;
            if (winter.test(d)) {
                winterDays++;
            }
        }
        if (winterDays == 0 || winterDays == days) {
            return Double.NaN;
        }
        double inWinter = all.stream().filter(p -> winter.test(p.dischargeDate())).count() / (double) winterDays;
        return inWinter / (all.size() / (double) days) - 1;
    }

    static double share(List<PlannedPatient> patients, Predicate<PlannedPatient> test) {
        return patients.isEmpty() ? Double.NaN : patients.stream().filter(test).count() / (double) patients.size();
    }

    static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** Median as metrics-service computes it: the mean of the two middle values of an even count. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
