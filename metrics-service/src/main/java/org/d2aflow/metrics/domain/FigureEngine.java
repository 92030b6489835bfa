package org.d2aflow.metrics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.d2aflow.metrics.domain.ReferralFacts.Decision;
import org.d2aflow.metrics.domain.ReferralFacts.Discharge;
import org.d2aflow.metrics.domain.ReferralFacts.Placement;
import org.d2aflow.metrics.domain.ReferralFacts.Submitted;

/**
 * Computes every figure of METRICS.md from the log's facts: a pure function of (facts, query). The
 * definitions, in words, are in the service's README; each method below says which section it implements.
 */
public final class FigureEngine {

    public static final String DISCHARGE_TO_USUAL_RESIDENCE = "discharge-to-usual-residence";
    public static final String RETURNED_TO_OWN_RESIDENCE = "returned-to-own-usual-residence";
    public static final String STILL_AT_HOME_91 = "still-at-home-91";
    public static final String ASCOF_2D = "ascof-2d";
    public static final String LENGTH_OF_STAY = "length-of-stay";
    public static final String LENGTH_OF_STAY_CENSUS = "length-of-stay-census";
    public static final String DISCHARGE_DELAY = "discharge-delay";
    public static final String DELAY_CENSUS = "delay-census";
    public static final String PATHWAY_MIX = "pathway-mix";
    public static final String FLOW_TIMES = "flow-times";
    public static final String CAPACITY_DEMAND = "capacity-demand";
    public static final String SHORT_TERM_SERVICES = "short-term-services";

    /** Every figure, in the order they are listed and served. */
    public static final List<String> FIGURES = List.of(DISCHARGE_TO_USUAL_RESIDENCE, RETURNED_TO_OWN_RESIDENCE, STILL_AT_HOME_91,
            ASCOF_2D, LENGTH_OF_STAY, LENGTH_OF_STAY_CENSUS, DISCHARGE_DELAY, DELAY_CENSUS, PATHWAY_MIX, FLOW_TIMES, CAPACITY_DEMAND,
            SHORT_TERM_SERVICES);

    private static final Set<ServiceType> HOME_FIRST = Set.of(ServiceType.REABLEMENT_HOME, ServiceType.REHAB_HOME,
            ServiceType.SHORT_TERM_DOMCARE);
    private static final int MAX_SERIES_DAYS = 366;

    public Figure compute(String figure, LogFacts facts, FigureQuery q) {
        return switch (figure) {
            case DISCHARGE_TO_USUAL_RESIDENCE -> dischargeToUsualResidence(facts, q, false);
            case RETURNED_TO_OWN_RESIDENCE -> dischargeToUsualResidence(facts, q, true);
            case STILL_AT_HOME_91 -> stillAtHome91(facts, q);
            case ASCOF_2D -> ascof2d(facts, q);
            case LENGTH_OF_STAY -> lengthOfStay(facts, q);
            case LENGTH_OF_STAY_CENSUS -> lengthOfStayCensus(facts, q);
            case DISCHARGE_DELAY -> dischargeDelay(facts, q);
            case DELAY_CENSUS -> delayCensus(facts, q);
            case PATHWAY_MIX -> pathwayMix(facts, q);
            case FLOW_TIMES -> flowTimes(facts, q);
            case CAPACITY_DEMAND -> capacityDemand(facts, q);
            case SHORT_TERM_SERVICES -> shortTermServices(facts, q);
            default -> throw new IllegalArgumentException("Unknown figure " + figure);
        };
    }

    // --- 1. Discharge to usual place of residence ------------------------------------------------------------

    Figure dischargeToUsualResidence(LogFacts facts, FigureQuery q, boolean ownResidence) {
        Tally t = new Tally();
        Instant at = q.asKnownAt();
        for (DischargedSpell x : dischargedAndSubmitted(facts, q, t)) {
            ReferralFacts r = x.referral();
            Submitted s = x.submitted();
            String dest = x.discharge().destinationCode();
            if (s.ageAtAdmission() < 18) {
                continue;
            }
            if (DischargeCodes.isDeathMethod(x.discharge().methodCode()) || DischargeCodes.DESTINATION_DIED.equals(dest)) {
                t.note("excludedDeaths", r.referralId);
                continue;
            }
            if (DischargeCodes.DESTINATION_SPELL_NOT_FINISHED.equals(dest)) {
                t.note("excludedUnfinishedSpells", r.referralId);
                continue;
            }
            if (DischargeCodes.DESTINATION_NOT_KNOWN.equals(dest)) {
                t.note("destinationNotKnown", r.referralId);
                if (q.options().excludeUnknown99()) {
                    continue;
                }
            }
            boolean home = DischargeCodes.DESTINATION_USUAL_RESIDENCE.equals(dest)
                    || (q.options().count29AsHome() && DischargeCodes.DESTINATION_TEMPORARY_RESIDENCE.equals(dest));
            if (ownResidence && !home && s.usualResidence() == UsualResidence.CARE_HOME
                    && DischargeCodes.CARE_HOME_DESTINATIONS.contains(dest)
                    && r.decisionAt(at).map(Decision::pathway).orElse(null) == Pathway.P0) {
                home = true;
            }
            t.ratio(r.referralId, dimension(q.breakdown(), r, at, null), home);
        }
        Map<String, Long> incomplete = new LinkedHashMap<>();
        incomplete.put("dischargedWithoutSubmission", t.noted("dischargedWithoutSubmission"));
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("excludedDeaths", t.noted("excludedDeaths"));
        measures.put("excludedUnfinishedSpells", t.noted("excludedUnfinishedSpells"));
        measures.put("destinationNotKnown", t.noted("destinationNotKnown"));
        return new Figure(ownResidence ? RETURNED_TO_OWN_RESIDENCE : DISCHARGE_TO_USUAL_RESIDENCE,
                ownResidence ? "Returned to own usual residence" : "Discharge to usual place of residence",
                null, period(q), at, null, Clocks.of(Clocks.DISCHARGE_DATE, null, at), options(q), (long) t.numerator.size(),
                (long) t.denominator.size(),
                Stats.ratio(t.numerator.size(), t.denominator.size()), measures, incomplete, breakdownName(q), t.ratioGroupList(q),
                t.drillDown(true));
    }

    // --- 2. Still at home 91 days after discharge into reablement/rehabilitation ------------------------------

    Figure stillAtHome91(LogFacts facts, FigureQuery q) {
        Tally t = new Tally();
        Instant at = q.asKnownAt();
        LocalDate known = q.knownDate();
        Map<Day91Status, Long> statuses = new EnumMap<>(Day91Status.class);
        for (Day91Status s : Day91Status.values()) {
            statuses.put(s, 0L);
        }
        for (ReablementCases.LegacyCase c : ReablementCases.legacy(facts, q.from(), q.to(), at, known)) {
            if (c.pending()) {
                t.note("pending", c.referralId());
                continue;
            }
            if (c.missingFollowUp()) {
                t.note("missingFollowUps", c.referralId());
            }
            statuses.merge(c.counted(), 1L, Long::sum);
            t.ratio(c.referralId(), dimension(q.breakdown(), c.referral(), at, c.serviceType()), c.atHome());
        }
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("pending", t.noted("pending"));
        Map<String, Long> byStatus = new LinkedHashMap<>();
        statuses.forEach((k, v) -> byStatus.put(k.name(), v));
        measures.put("statuses", byStatus);
        Map<String, Long> incomplete = new LinkedHashMap<>();
        incomplete.put("missingFollowUps", t.noted("missingFollowUps"));
        boolean national = q.from().getMonthValue() == 10 && q.from().getDayOfMonth() == 1 && q.to().getMonthValue() == 12
                && q.to().getDayOfMonth() == 31 && q.from().getYear() == q.to().getYear();
        return new Figure(STILL_AT_HOME_91, "Still at home 91 days after discharge into reablement or rehabilitation",
                national ? "national (October to December discharges)" : "local proxy (not the national October to December period)",
                period(q), at, null, Clocks.of(Clocks.DISCHARGE_DATE + "; day 91 (discharge date + 91) reached by the London date of asKnownAt; "
                        + "follow-up: latest recorded or corrected by version", null, at), null, (long) t.numerator.size(),
                (long) t.denominator.size(),
                Stats.ratio(t.numerator.size(), t.denominator.size()), measures, incomplete, breakdownName(q), t.ratioGroupList(q),
                t.drillDown(true));
    }

    // --- 2a. ASCOF 2D (2024-25 on): remained in the community 84 days after discharge into reablement -----------

    Figure ascof2d(LogFacts facts, FigureQuery q) {
        Tally t = new Tally();
        Instant at = q.asKnownAt();
        LocalDate known = q.knownDate();
        Map<String, List<ReablementCases.Spell>> byPatient = ReablementCases.spellsByPatient(facts, at);
        Map<String, long[]> ageBands = new TreeMap<>();
        long eligible = 0;
        for (DischargedSpell x : dischargedAndSubmitted(facts, q, t)) {
            Optional<ReablementCases.Ascof2dCase> found = ReablementCases.ascof2d(x, byPatient, at, known);
            if (found.isEmpty()) {
                continue;
            }
            ReablementCases.Ascof2dCase c = found.get();
            if (!c.eligible()) {
                t.note(c.exclusion().measure, c.referralId());
                continue;
            }
            eligible++;
            if (!c.linked()) {
                continue;
            }
            if (c.pending()) {
                t.note("pending", c.referralId());
                continue;
            }
            if (c.died()) {
                t.note("died", c.referralId());
            }
            if (c.readmitted()) {
                t.note("readmitted", c.referralId());
            }
            if (c.longTermCare()) {
                t.note("enteredLongTermCare", c.referralId());
            }
            long[] band = ageBands.computeIfAbsent(c.ageBand(), k -> new long[2]);
            band[1]++;
            band[0] += c.remained() ? 1 : 0;
            t.ratio(c.referralId(), dimension(q.breakdown(), c.referral(), at, null), c.remained());
        }
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("died", t.noted("died"));
        measures.put("readmitted", t.noted("readmitted"));
        measures.put("enteredLongTermCare", t.noted("enteredLongTermCare"));
        measures.put("pending", t.noted("pending"));
        for (ReablementCases.Exclusion e : ReablementCases.Exclusion.values()) {
            measures.put(e.measure, t.noted(e.measure));
        }
        measures.put("eligibleDischarges", eligible);
        long linkedDischarges = t.denominator.size() + t.noted("pending");
        measures.put("dischargedIntoReablement", linkedDischarges);
        measures.put("provision", Stats.ratio(linkedDischarges, eligible));
        Map<String, Object> bands = new LinkedHashMap<>();
        for (String b : List.of("65-74", "75-84", "85+")) {
            long[] g = ageBands.getOrDefault(b, new long[2]);
            Map<String, Object> band = new LinkedHashMap<>();
            band.put("numerator", g[0]);
            band.put("denominator", g[1]);
            band.put("value", Stats.ratio(g[0], g[1]));
            bands.put(b, band);
        }
        measures.put("ageBands", bands);
        measures.put("clientType", "not available: the log holds no long-term community support");
        Map<String, Long> incomplete = new LinkedHashMap<>();
        incomplete.put("dischargedWithoutSubmission", t.noted("dischargedWithoutSubmission"));
        boolean national = q.from().getMonthValue() == 4 && q.from().getDayOfMonth() == 1 && q.to().getMonthValue() == 3
                && q.to().getDayOfMonth() == 31 && q.to().getYear() == q.from().getYear() + 1 && q.from().getYear() >= 2024;
        return new Figure(ASCOF_2D, "ASCOF 2D: aged 65+ discharged into reablement who remained in the community 84 days later",
                national ? "national (financial year of discharges, 2024-25 on)" : "local proxy (not a financial year from 2024-25)",
                period(q), at, null, Clocks.of(Clocks.DISCHARGE_DATE + "; day 84 (discharge date + 84) reached by the London date of asKnownAt; "
                        + "deaths, long-term care and readmissions dated on business dates within the 84 days", null, at), null,
                (long) t.numerator.size(), (long) t.denominator.size(), Stats.ratio(t.numerator.size(), t.denominator.size()), measures,
                incomplete, breakdownName(q), t.ratioGroupList(q), t.drillDown(true));
    }

    // --- 3. Length of stay ----------------------------------------------------------------------------------

    Figure lengthOfStay(LogFacts facts, FigureQuery q) {
        Tally t = new Tally();
        Instant at = q.asKnownAt();
        for (DischargedSpell x : dischargedAndSubmitted(facts, q, t)) {
            t.value(x.referralId(), dimension(q.breakdown(), x.referral(), at, null), days(x.submitted().admissionDate(), x.discharge().date()));
        }
        Map<String, Long> incomplete = new LinkedHashMap<>();
        incomplete.put("dischargedWithoutSubmission", t.noted("dischargedWithoutSubmission"));
        return new Figure(LENGTH_OF_STAY, "Acute length of stay (days)", null, period(q), at, null,
                Clocks.of(Clocks.DISCHARGE_DATE, null, at), null, null, null, null,
                stayMeasures(t.values), incomplete, breakdownName(q), t.valueGroupList(q, FigureEngine::stayMeasures), t.drillDown(false));
    }

    private static Map<String, Object> stayMeasures(List<Integer> values) {
        Map<String, Object> m = summaryMeasures(values);
        long n = values.size();
        m.put("shareAtLeast7", Stats.ratio(values.stream().filter(v -> v >= 7).count(), n));
        m.put("shareAtLeast14", Stats.ratio(values.stream().filter(v -> v >= 14).count(), n));
        m.put("shareAtLeast21", Stats.ratio(values.stream().filter(v -> v >= 21).count(), n));
        return m;
    }

    Figure lengthOfStayCensus(LogFacts facts, FigureQuery q) {
        Tally t = new Tally();
        Instant at = q.asKnownAt();
        LocalDate day = q.censusDate();
        for (ReferralFacts r : facts.referrals()) {
            Optional<Submitted> s = r.submittedAt(at);
            if (s.isEmpty() || !inHospitalOn(r, s.get(), day, at)) {
                continue;
            }
            t.value(r.referralId, dimension(q.breakdown(), r, at, null), days(s.get().admissionDate(), day));
        }
        Map<String, Object> m = censusMeasures(t.values);
        return new Figure(LENGTH_OF_STAY_CENSUS, "Patients in hospital on the census date, by length of stay so far", null, null, at, day,
                Clocks.of(null, Clocks.IN_HOSPITAL, at), null, null, null, null, m, null, breakdownName(q),
                t.valueGroupList(q, FigureEngine::censusMeasures), t.drillDown(false));
    }

    private static Map<String, Object> censusMeasures(List<Integer> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", (long) values.size());
        m.put("atLeast7", values.stream().filter(v -> v >= 7).count());
        m.put("atLeast14", values.stream().filter(v -> v >= 14).count());
        m.put("atLeast21", values.stream().filter(v -> v >= 21).count());
        return m;
    }

    /** Admitted on or before the day, and neither discharged nor withdrawn by it (as known at the instant). */
    private static boolean inHospitalOn(ReferralFacts r, Submitted s, LocalDate day, Instant at) {
        if (s.admissionDate().isAfter(day)) {
            return false;
        }
        Optional<Discharge> d = r.dischargeAt(at);
        if (d.isPresent() && !d.get().date().isAfter(day)) {
            return false;
        }
        Optional<Recorded<String>> w = r.withdrawnAt(at);
        return w.isEmpty() || FigureQuery.dateOf(w.get().at()).isAfter(day);
    }

    // --- 4. Discharge delay ---------------------------------------------------------------------------------

    Figure dischargeDelay(LogFacts facts, FigureQuery q) {
        Tally t = new Tally();
        Instant at = q.asKnownAt();
        for (ReferralFacts r : facts.referrals()) {
            Optional<Discharge> d = dischargeInPeriod(r, q);
            if (d.isEmpty()) {
                continue;
            }
            Optional<LocalDate> drd = r.dischargeReadyDateAt(at);
            if (drd.isEmpty()) {
                t.note("dischargedWithoutDrd", r.referralId);
                continue;
            }
            int delay = days(drd.get(), d.get().date());
            if (delay < 0) {
                t.note("dischargedBeforeDrd", r.referralId);
                continue;
            }
            t.value(r.referralId, dimension(q.breakdown(), r, at, null), delay);
        }
        Map<String, Long> incomplete = new LinkedHashMap<>();
        incomplete.put("dischargedWithoutDrd", t.noted("dischargedWithoutDrd"));
        incomplete.put("dischargedBeforeDrd", t.noted("dischargedBeforeDrd"));
        return new Figure(DISCHARGE_DELAY, "Delay from discharge ready date to discharge (days)", null, period(q), at, null,
                Clocks.of(Clocks.DISCHARGE_DATE + "; discharge ready date: latest set or corrected by version", null, at), null, null,
                null, null, delayMeasures(t.values), incomplete, breakdownName(q), t.valueGroupList(q, FigureEngine::delayMeasures),
                t.drillDown(false));
    }

    private static Map<String, Object> delayMeasures(List<Integer> delays) {
        Map<String, Object> m = new LinkedHashMap<>();
        long n = delays.size();
        long onTheDay = delays.stream().filter(v -> v == 0).count();
        long sum = delays.stream().mapToLong(Integer::longValue).sum();
        m.put("count", n);
        m.put("shareOnDrd", Stats.ratio(onTheDay, n));
        m.put("meanDelay", Stats.mean(sum, n));
        m.put("meanDelayAmongDelayed", Stats.mean(sum, n - onTheDay));
        Map<String, Long> bands = new LinkedHashMap<>();
        int[][] limits = {{0, 0}, {1, 1}, {2, 3}, {4, 6}, {7, 13}, {14, 20}, {21, Integer.MAX_VALUE}};
        String[] names = {"0", "1", "2-3", "4-6", "7-13", "14-20", "21+"};
        for (int i = 0; i < limits.length; i++) {
            int lo = limits[i][0];
            int hi = limits[i][1];
            bands.put(names[i], delays.stream().filter(v -> v >= lo && v <= hi).count());
        }
        m.put("bands", bands);
        m.put("bedDaysLost", sum);
        return m;
    }

    Figure delayCensus(LogFacts facts, FigureQuery q) {
        Tally t = new Tally();
        Instant at = q.asKnownAt();
        LocalDate day = q.censusDate();
        Breakdown by = q.breakdown() == Breakdown.NONE ? Breakdown.PATHWAY : q.breakdown();
        for (ReferralFacts r : facts.referrals()) {
            Optional<Submitted> s = r.submittedAt(at);
            Optional<LocalDate> drd = r.dischargeReadyDateAt(at);
            if (s.isEmpty() || drd.isEmpty() || !drd.get().isBefore(day) || !inHospitalOn(r, s.get(), day, at)) {
                continue;
            }
            t.value(r.referralId, dimension(by, r, at, null), days(drd.get(), day));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", (long) t.values.size());
        m.put("daysPastDrd", summaryMeasures(t.values));
        List<Figure.Group> groups = new ArrayList<>();
        t.valueGroups.forEach((k, v) -> groups.add(new Figure.Group(k, null, null, null, Map.of("count", (long) v.size()))));
        return new Figure(DELAY_CENSUS, "Patients past their discharge ready date and still in hospital", null, null, at, day,
                Clocks.of(null, Clocks.IN_HOSPITAL + "; discharge ready date (latest set or corrected by version) before the census date", at),
                null, null,
                null, null, m, null, by.name().toLowerCase().replace('_', '-'), groups, t.drillDown(false));
    }

    // --- 5. Pathway mix and flow times ----------------------------------------------------------------------

    Figure pathwayMix(LogFacts facts, FigureQuery q) {
        Instant at = q.asKnownAt();
        Map<Pathway, Long> all = new EnumMap<>(Pathway.class);
        Map<Pathway, Long> older = new EnumMap<>(Pathway.class);
        for (Pathway p : Pathway.values()) {
            all.put(p, 0L);
            older.put(p, 0L);
        }
        Tally t = new Tally();
        for (ReferralFacts r : facts.referrals()) {
            Optional<Decision> d = r.decisionAt(at);
            if (d.isEmpty() || !q.inPeriod(d.get().decidedAt())) {
                continue;
            }
            all.merge(d.get().pathway(), 1L, Long::sum);
            t.note(d.get().pathway().name(), r.referralId);
            t.denominator.add(r.referralId);
            if (age(r, at).map(a -> a >= 65).orElse(false)) {
                older.merge(d.get().pathway(), 1L, Long::sum);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decisions", shares(all));
        m.put("decisionsAged65Plus", shares(older));
        m.put("nationalPlanningAged65Plus", Map.of("P0", "at least 0.50", "P1", "at least 0.45", "P2", "at most 0.04", "P3", "at most 0.01")
                .entrySet().stream().sorted(Map.Entry.comparingByKey())
                .collect(LinkedHashMap::new, (mm, e) -> mm.put(e.getKey(), e.getValue()), Map::putAll));
        Map<String, String> seeds = new LinkedHashMap<>();
        seeds.put("noFurtherSupport", "0.20");
        seeds.put("reablementAtHome", "0.52");
        seeds.put("bedded", "0.28");
        m.put("seedsLocalMixOfHubReferrals", seeds);
        return new Figure(PATHWAY_MIX, "Pathway decisions", null, period(q), at, null,
                Clocks.of(Clocks.DECISION_DATE, null, at), null, null, (long) t.denominator.size(), null, m,
                null, null, null, t.drillDown(false));
    }

    private static Map<String, Object> shares(Map<Pathway, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total);
        counts.forEach((p, n) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("count", n);
            x.put("share", Stats.ratio(n, total));
            out.put(p.name(), x);
        });
        return out;
    }

    Figure flowTimes(LogFacts facts, FigureQuery q) {
        Instant at = q.asKnownAt();
        List<Integer> toDecision = new ArrayList<>();
        List<Integer> toClaim = new ArrayList<>();
        List<Integer> toStart = new ArrayList<>();
        Tally t = new Tally();
        for (ReferralFacts r : facts.referrals()) {
            Optional<Decision> d = r.decisionAt(at);
            if (d.isEmpty() || !q.inPeriod(d.get().decidedAt())) {
                continue;
            }
            t.denominator.add(r.referralId);
            r.submittedRecordedAt().filter(s -> !s.isAfter(at))
                    .ifPresent(s -> toDecision.add(Math.max(0, days(FigureQuery.dateOf(s), d.get().decidedAt()))));
            r.firstClaimedOnAt(at).ifPresent(c -> toClaim.add(Math.max(0, days(d.get().decidedAt(), c))));
            Optional<Discharge> dis = r.dischargeAt(at);
            Optional<LocalDate> start = r.placements().stream().map(p -> p.startedAt(at)).flatMap(Optional::stream)
                    .map(ReferralFacts.Started::startDate).min(Comparator.naturalOrder());
            if (dis.isPresent() && start.isPresent()) {
                toStart.add(days(dis.get().date(), start.get()));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("referralToDecisionDays", summaryMeasures(toDecision));
        m.put("decisionToClaimDays", summaryMeasures(toClaim));
        m.put("dischargeToPlacementStartDays", summaryMeasures(toStart));
        return new Figure(FLOW_TIMES, "Flow times (days)", null, period(q), at, null,
                Clocks.of(Clocks.DECISION_DATE + "; claim: earlier of its start date and the London day it was recorded", null, at), null, null,
                (long) t.denominator.size(), null, m,
                null, null, null, t.drillDown(false));
    }

    // --- 6. Capacity and demand ------------------------------------------------------------------------------

    Figure capacityDemand(LogFacts facts, FigureQuery q) {
        Instant at = q.asKnownAt();
        LocalDate from = q.from();
        LocalDate to = q.to().isAfter(from.plusDays(MAX_SERIES_DAYS - 1)) ? from.plusDays(MAX_SERIES_DAYS - 1) : q.to();
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceFacts s : facts.services()) {
            Optional<ServiceFacts.Registration> reg = s.registrationAt(at);
            if (reg.isEmpty()) {
                continue;
            }
            List<Map<String, Object>> series = new ArrayList<>();
            Map<String, long[]> weeks = new TreeMap<>();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                final LocalDate d = day;
                long units = s.unitsOn(day, at);
                long occupied = 0;
                long newClaims = 0;
                for (Recorded<ServiceFacts.ClaimMade> c : s.claimsAt(at)) {
                    LocalDate start = c.value().startDate();
                    boolean released = s.releasedOnAt(c.value().claimId(), at).map(r -> !r.isAfter(d)).orElse(false);
                    if (!start.isAfter(day) && !released) {
                        occupied++;
                    }
                    if (start.equals(day)) {
                        newClaims++;
                    }
                }
                long declines = s.declinesAt(at).stream().filter(x -> x.value().declinedOn().equals(d)).count();
                if (q.granularity() == FigureQuery.Granularity.DAY) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("date", day.toString());
                    row.put("units", units);
                    row.put("occupied", occupied);
                    row.put("free", Math.max(0, units - occupied));
                    row.put("utilisation", Stats.ratio(occupied, units));
                    row.put("newClaims", newClaims);
                    row.put("declines", declines);
                    series.add(row);
                } else {
                    String week = day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                    long[] w = weeks.computeIfAbsent(week, k -> new long[5]);
                    w[0] += units;
                    w[1] += occupied;
                    w[2] += newClaims;
                    w[3] += declines;
                    w[4]++;
                }
            }
            weeks.forEach((week, w) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("week", week);
                row.put("days", w[4]);
                row.put("meanUnits", Stats.mean(w[0], w[4]));
                row.put("meanOccupied", Stats.mean(w[1], w[4]));
                row.put("utilisation", Stats.ratio(w[1], w[0]));
                row.put("newClaims", w[2]);
                row.put("declines", w[3]);
                series.add(row);
            });
            Map<String, Object> svc = new LinkedHashMap<>();
            svc.put("serviceId", s.serviceId);
            svc.put("name", reg.get().name());
            svc.put("serviceType", reg.get().serviceType().name());
            svc.put("locality", reg.get().locality());
            svc.put("unit", reg.get().unit().name());
            svc.put("series", series);
            services.add(svc);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("granularity", q.granularity().name().toLowerCase());
        m.put("services", services);
        m.put("waitingList", waitingList(facts, q.censusDate(), at));
        Tally declined = new Tally();
        Tally noOngoing = new Tally();
        for (ReferralFacts r : facts.referrals()) {
            Optional<Decision> d = r.decisionAt(at);
            if (d.isPresent() && d.get().pathway() == Pathway.P1 && q.inPeriod(d.get().decidedAt())) {
                declined.ratio(r.referralId, "all", r.declinesOfDecisionAt(d.get(), at).findAny().isPresent());
            }
            for (Placement p : r.placements()) {
                Optional<ReferralFacts.Started> st = p.startedAt(at);
                Optional<ReferralFacts.Ended> en = p.endedAt(at);
                if (st.isPresent() && en.isPresent() && HOME_FIRST.contains(st.get().serviceType()) && q.inPeriod(en.get().endDate())) {
                    noOngoing.ratio(r.referralId, "all", en.get().endReason() == EndReason.NO_ONGOING_SUPPORT);
                }
            }
        }
        m.put("p1DeclinedForCapacity", ratioMap(declined));
        m.put("homeFirstEndedWithNoOngoingSupport", ratioMap(noOngoing));
        Map<String, List<String>> other = new LinkedHashMap<>();
        other.put("p1Declined", List.copyOf(declined.numerator));
        other.put("p1Decided", List.copyOf(declined.denominator));
        other.put("homeFirstNoOngoingSupport", List.copyOf(noOngoing.numerator));
        other.put("homeFirstEnded", List.copyOf(noOngoing.denominator));
        return new Figure(CAPACITY_DEMAND, "Capacity and demand", null, new Figure.Period(from, to), at, q.censusDate(),
                Clocks.of(Clocks.CAPACITY_PERIOD, Clocks.WAITING_LIST_CENSUS, at), null, null, null,
                null, m, null, null, null, new Figure.DrillDown(null, null, other));
    }

    private static Map<String, Object> ratioMap(Tally t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("numerator", (long) t.numerator.size());
        m.put("denominator", (long) t.denominator.size());
        m.put("value", Stats.ratio(t.numerator.size(), t.denominator.size()));
        return m;
    }

    /**
     * Who waits on a day, per service type and locality: decided P1-P3 on or before it, and by it neither claimed,
     * declined, withdrawn nor discharged (a death in hospital is a discharge too), as capacity-service keeps its own
     * waiting list. Each fact counts from its business date, as known at {@code at}: a claim from the earlier of its start
     * date and the day it was recorded, a decline of the latest decision (dated on or after it) from its declinedOn, a discharge from its (corrected) date; a voided
     * discharge puts the referral back. A withdrawal has no business date and counts from the London day recorded.
     */
    private static List<Map<String, Object>> waitingList(LogFacts facts, LocalDate day, Instant at) {
        Map<String, List<Integer>> waiting = new TreeMap<>();
        for (ReferralFacts r : facts.referrals()) {
            Optional<Decision> d = r.decisionAt(at);
            Optional<Submitted> s = r.submittedAt(at);
            if (d.isEmpty() || s.isEmpty() || d.get().pathway() == Pathway.P0 || d.get().decidedAt().isAfter(day)) {
                continue;
            }
            boolean claimed = r.firstClaimedOnAt(at).map(c -> !c.isAfter(day)).orElse(false);
            boolean declined = r.declinesOfDecisionAt(d.get(), at).anyMatch(c -> !c.declinedOn().isAfter(day));
            boolean withdrawn = r.withdrawnAt(at).map(w -> !FigureQuery.dateOf(w.at()).isAfter(day)).orElse(false);
            boolean discharged = r.dischargeAt(at).map(x -> !x.date().isAfter(day)).orElse(false);
            if (claimed || declined || withdrawn || discharged) {
                continue;
            }
            waiting.computeIfAbsent(d.get().serviceType().name() + "|" + s.get().locality(), k -> new ArrayList<>())
                    .add(days(d.get().decidedAt(), day));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        waiting.forEach((k, v) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("serviceType", k.substring(0, k.indexOf('|')));
            row.put("locality", k.substring(k.indexOf('|') + 1));
            row.put("size", (long) v.size());
            row.put("oldestDaysWaiting", v.stream().max(Integer::compare).orElse(0));
            out.add(row);
        });
        return out;
    }

    // --- 7. Short-term services -----------------------------------------------------------------------------

    Figure shortTermServices(LogFacts facts, FigureQuery q) {
        Instant at = q.asKnownAt();
        Tally t = new Tally();
        Map<EndReason, Long> reasons = new EnumMap<>(EndReason.class);
        for (EndReason e : EndReason.values()) {
            reasons.put(e, 0L);
        }
        Breakdown by = q.breakdown() == Breakdown.NONE ? Breakdown.NONE : q.breakdown();
        for (ReferralFacts r : facts.referrals()) {
            for (Placement p : r.placements()) {
                Optional<ReferralFacts.Started> st = p.startedAt(at);
                Optional<ReferralFacts.Ended> en = p.endedAt(at);
                if (st.isEmpty() || en.isEmpty() || !q.inPeriod(en.get().endDate())) {
                    continue;
                }
                t.value(r.referralId, dimension(by, r, at, st.get().serviceType()), days(st.get().startDate(), en.get().endDate()));
                reasons.merge(en.get().endReason(), 1L, Long::sum);
            }
        }
        Map<String, Object> m = summaryMeasures(t.values);
        long ended = t.values.size();
        Map<String, Object> shares = new LinkedHashMap<>();
        reasons.forEach((k, v) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("count", v);
            x.put("share", Stats.ratio(v, ended));
            shares.put(k.name(), x);
        });
        m.put("endReasons", shares);
        return new Figure(SHORT_TERM_SERVICES, "Time in short-term services (days) and how they ended", null, period(q), at, null,
                Clocks.of("placement end date", null, at), null,
                null, null, null, m, null, breakdownName(q), t.valueGroupList(q, FigureEngine::summaryMeasures), t.drillDown(false));
    }

    // --- shared --------------------------------------------------------------------------------------------

    /**
     * The referrals discharged in the period as known at the query's instant, with their submission; a discharge whose
     * submission is not known then is noted as {@code dischargedWithoutSubmission} and left out.
     */
    private static List<DischargedSpell> dischargedAndSubmitted(LogFacts facts, FigureQuery q, Tally t) {
        return DischargedSpell.in(facts, q.from(), q.to(), q.asKnownAt(), id -> t.note("dischargedWithoutSubmission", id));
    }

    /** The referral's discharge as known at the query's instant, when its date falls in the period. */
    private static Optional<Discharge> dischargeInPeriod(ReferralFacts r, FigureQuery q) {
        return r.dischargeAt(q.asKnownAt()).filter(d -> q.inPeriod(d.date()));
    }

    private static Map<String, Object> summaryMeasures(List<Integer> values) {
        Stats.Summary s = Stats.summary(values);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("mean", s.mean());
        m.put("median", s.median());
        m.put("p90", s.p90());
        m.put("min", s.min());
        m.put("max", s.max());
        return m;
    }

    private static Optional<Integer> age(ReferralFacts r, Instant at) {
        Optional<Discharge> d = r.dischargeAt(at);
        if (d.isPresent() && d.get().ageAtDischarge() != null) {
            return Optional.of(d.get().ageAtDischarge());
        }
        return r.submittedAt(at).map(Submitted::ageAtAdmission);
    }

    /** The group key of a referral for a breakdown; {@code serviceType} overrides the decided one when given. */
    static String dimension(Breakdown b, ReferralFacts r, Instant at, ServiceType serviceType) {
        return switch (b) {
            case NONE -> "all";
            case LOCALITY -> r.submittedAt(at).map(Submitted::locality).orElse("unknown");
            case SITE -> r.submittedAt(at).map(Submitted::site).orElse("unknown");
            case PATHWAY -> r.decisionAt(at).map(d -> d.pathway().name()).orElse("none");
            case SERVICE_TYPE -> serviceType != null ? serviceType.name()
                    : r.decisionAt(at).map(d -> d.serviceType().name()).orElse("none");
            case AGE_BAND -> age(r, at).map(FigureEngine::ageBand).orElse("unknown");
        };
    }

    static String ageBand(int age) {
        if (age < 18) {
            return "under 18";
        } else if (age < 65) {
            return "18-64";
        } else if (age < 75) {
            return "65-74";
        } else if (age < 85) {
            return "75-84";
        }
        return "85+";
    }

    private static int days(LocalDate from, LocalDate to) {
        return (int) ChronoUnit.DAYS.between(from, to);
    }

    private static Figure.Period period(FigureQuery q) {
        return new Figure.Period(q.from(), q.to());
    }

    private static String breakdownName(FigureQuery q) {
        return q.breakdown() == Breakdown.NONE ? null : q.breakdown().name().toLowerCase().replace('_', '-');
    }

    private static Map<String, Object> options(FigureQuery q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count29AsHome", q.options().count29AsHome());
        m.put("excludeUnknown99", q.options().excludeUnknown99());
        return m;
    }

    /** The headline number of a figure for tiles, gauges and targets. */
    public static BigDecimal headline(Figure f) {
        if (f.value() != null) {
            return f.value();
        }
        Object mean = f.measures() == null ? null : f.measures().get("mean");
        if (mean instanceof BigDecimal b) {
            return b;
        }
        Object delay = f.measures() == null ? null : f.measures().get("meanDelay");
        return delay instanceof BigDecimal b ? b : null;
    }
}
