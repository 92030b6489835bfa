package org.d2aflow.system;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.d2aflow.system.CountyRecord.Claim;
import org.d2aflow.system.CountyRecord.Decision;
import org.d2aflow.system.CountyRecord.Declaration;
import org.d2aflow.system.CountyRecord.Decline;
import org.d2aflow.system.CountyRecord.Discharge;
import org.d2aflow.system.CountyRecord.FollowUp;
import org.d2aflow.system.CountyRecord.Placement;
import org.d2aflow.system.CountyRecord.Referral;
import org.d2aflow.system.CountyRecord.Release;
import org.d2aflow.system.CountyRecord.Service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The seven sections of shared/METRICS.md (with the conventions metrics-service documents: half-even rounding, shares
 * to 4 decimals, means to 2, medians to 1, nearest-rank p90), computed afresh from the simulator's record of what it
 * entered, with nothing taken from metrics-service. Each method answers the part of a figure's JSON it can vouch for:
 * {@link FigureDiff} then checks that metrics-service says the same.
 */
final class FigureOracle {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REABLEMENT = Set.of("REABLEMENT_HOME", "REHAB_HOME", "BEDDED_REABLEMENT", "BEDDED_REHAB");
    private static final Set<String> AT_HOME = Set.of("AT_HOME", "EXTRA_CARE_HOUSING", "SHARED_LIVES");
    private static final Set<String> HOME_FIRST = Set.of("REABLEMENT_HOME", "REHAB_HOME", "SHORT_TERM_DOMCARE");
    private static final List<String> PATHWAYS = List.of("P0", "P1", "P2", "P3");
    private static final List<String> END_REASONS = List.of("NO_ONGOING_SUPPORT", "LONG_TERM_HOME_CARE", "LA_FUNDED_PLACEMENT",
            "NHS_FUNDED_PLACEMENT", "SELF_FUNDED_PLACEMENT", "READMITTED", "DIED", "OTHER");
    private static final List<String> STATUSES = List.of("AT_HOME", "EXTRA_CARE_HOUSING", "SHARED_LIVES", "IN_HOSPITAL", "CARE_HOME", "DIED",
            "UNKNOWN");

    private final CountyRecord record;
    private final LocalDate from;
    private final LocalDate to;
    private final Instant at;
    private final LocalDate asOf;

    /** The figures over the period [from, to] as known at the instant {@code at}. */
    FigureOracle(CountyRecord record, LocalDate from, LocalDate to, Instant at) {
        this.record = record;
        this.from = from;
        this.to = to;
        this.at = at;
        this.asOf = at.atZone(CountyRecord.LONDON).toLocalDate();
    }

    // --- 1. discharge to usual place of residence ------------------------------------------------------------------

    ObjectNode dischargeToUsualResidence(String breakdown, boolean count29AsHome, boolean excludeUnknown99) {
        return residence(breakdown, count29AsHome, excludeUnknown99, false);
    }

    ObjectNode returnedToOwnUsualResidence(String breakdown) {
        return residence(breakdown, false, false, true);
    }

    private ObjectNode residence(String breakdown, boolean count29AsHome, boolean excludeUnknown99, boolean careHomeReturns) {
        Ratios t = new Ratios();
        long deaths = 0;
        long unfinished = 0;
        long notKnown = 0;
        for (Referral r : dischargedInPeriod()) {
            Discharge d = r.dischargeAt(at);
            if (r.ageAtAdmission() < 18) {
                continue;
            }
            String dest = d.destinationCode();
            if (Set.of("4", "5").contains(d.methodCode()) || "79".equals(dest)) {
                deaths++;
                continue;
            }
            if ("98".equals(dest)) {
                unfinished++;
                continue;
            }
            if ("99".equals(dest)) {
                notKnown++;
                if (excludeUnknown99) {
                    continue;
                }
            }
            boolean home = "19".equals(dest) || (count29AsHome && "29".equals(dest));
            if (careHomeReturns) {
                Decision decision = r.decisionAt(at);
                home |= "CARE_HOME".equals(r.usualResidence()) && Set.of("54", "65", "85").contains(dest) && decision != null
                        && "P0".equals(decision.pathway());
            }
            t.add(r.referralId(), key(r, breakdown), home);
        }
        ObjectNode f = t.figure(breakdown);
        if (!careHomeReturns) {
            ObjectNode m = f.putObject("measures");
            m.put("excludedDeaths", deaths);
            m.put("excludedUnfinishedSpells", unfinished);
            m.put("destinationNotKnown", notKnown);
            f.putObject("incomplete").put("dischargedWithoutSubmission", 0);
        }
        return f;
    }

    // --- 2. still at home 91 days after discharge into reablement ----------------------------------------------------

    ObjectNode stillAtHome91(String breakdown) {
        Ratios t = new Ratios();
        Map<String, Long> statuses = new TreeMap<>();
        TreeSet<String> pending = new TreeSet<>();
        TreeSet<String> missing = new TreeSet<>();
        for (Referral r : dischargedInPeriod()) {
            Discharge d = r.dischargeAt(at);
            Integer age = d.ageAtDischarge() != null ? d.ageAtDischarge() : Integer.valueOf(r.ageAtAdmission());
            Placement p = r.placementStartedAt(at);
            if (age < 65 || p == null || !REABLEMENT.contains(p.serviceType())) {
                continue;
            }
            if (d.date().plusDays(91).isAfter(asOf)) {
                pending.add(r.referralId());
                continue;
            }
            FollowUp fu = r.followUpAt(at);
            String status = fu == null ? "UNKNOWN" : fu.status();
            if (fu == null) {
                missing.add(r.referralId());
            }
            statuses.merge(status, 1L, Long::sum);
            t.add(r.referralId(), "service-type".equals(breakdown) ? p.serviceType() : key(r, breakdown), AT_HOME.contains(status));
        }
        ObjectNode f = t.figure(breakdown);
        ObjectNode m = f.putObject("measures");
        m.put("pending", pending.size());
        // Every status, met or not, in the order of the status list.
        ObjectNode s = m.putObject("statuses");
        STATUSES.forEach(k -> s.put(k, statuses.getOrDefault(k, 0L)));
        f.putObject("incomplete").put("missingFollowUps", missing.size());
        ObjectNode other = ((ObjectNode) f.get("drillDown")).putObject("other");
        ids(other.putArray("pending"), pending);
        ids(other.putArray("missingFollowUps"), missing);
        return f;
    }

    // --- 3. length of stay and its census ----------------------------------------------------------------------------

    ObjectNode lengthOfStay(String breakdown) {
        Values v = new Values();
        for (Referral r : dischargedInPeriod()) {
            v.add(r.referralId(), key(r, breakdown), (int) days(r.admissionDate(), r.dischargeAt(at).date()));
        }
        ObjectNode f = v.figure(breakdown, FigureOracle::stayMeasures);
        f.putObject("incomplete").put("dischargedWithoutSubmission", 0);
        return f;
    }

    private static ObjectNode stayMeasures(List<Integer> values) {
        ObjectNode m = summary(values);
        m.set("shareAtLeast7", ratio(values.stream().filter(x -> x >= 7).count(), values.size()));
        m.set("shareAtLeast14", ratio(values.stream().filter(x -> x >= 14).count(), values.size()));
        m.set("shareAtLeast21", ratio(values.stream().filter(x -> x >= 21).count(), values.size()));
        return m;
    }

    ObjectNode lengthOfStayCensus(LocalDate census) {
        List<Integer> stays = new ArrayList<>();
        for (Referral r : inHospitalOn(census)) {
            stays.add((int) days(r.admissionDate(), census));
        }
        ObjectNode f = JSON.createObjectNode();
        ObjectNode m = f.putObject("measures");
        m.put("count", stays.size());
        m.put("atLeast7", stays.stream().filter(x -> x >= 7).count());
        m.put("atLeast14", stays.stream().filter(x -> x >= 14).count());
        m.put("atLeast21", stays.stream().filter(x -> x >= 21).count());
        return f;
    }

    // --- 4. discharge delay and its census -----------------------------------------------------------------------------

    ObjectNode dischargeDelay(String breakdown) {
        Values v = new Values();
        long withoutDrd = 0;
        for (Referral r : dischargedInPeriod()) {
            LocalDate drd = r.drdAt(at);
            if (drd == null) {
                withoutDrd++;
                continue;
            }
            v.add(r.referralId(), key(r, breakdown), (int) days(drd, r.dischargeAt(at).date()));
        }
        ObjectNode f = v.figure(breakdown, FigureOracle::delayMeasures);
        ObjectNode inc = f.putObject("incomplete");
        inc.put("dischargedWithoutDrd", withoutDrd);
        inc.put("dischargedBeforeDrd", 0);
        return f;
    }

    private static ObjectNode delayMeasures(List<Integer> delays) {
        ObjectNode m = JSON.createObjectNode();
        long n = delays.size();
        long onTheDay = delays.stream().filter(d -> d == 0).count();
        long sum = delays.stream().mapToLong(Integer::longValue).sum();
        m.put("count", n);
        m.set("shareOnDrd", ratio(onTheDay, n));
        m.set("meanDelay", mean(sum, n));
        m.set("meanDelayAmongDelayed", mean(sum, n - onTheDay));
        ObjectNode bands = m.putObject("bands");
        int[][] limits = {{0, 0}, {1, 1}, {2, 3}, {4, 6}, {7, 13}, {14, 20}, {21, Integer.MAX_VALUE}};
        String[] names = {"0", "1", "2-3", "4-6", "7-13", "14-20", "21+"};
        for (int i = 0; i < names.length; i++) {
            int lo = limits[i][0];
            int hi = limits[i][1];
            bands.put(names[i], delays.stream().filter(d -> d >= lo && d <= hi).count());
        }
        m.put("bedDaysLost", sum);
        return m;
    }

    ObjectNode delayCensus(LocalDate census) {
        List<Integer> past = new ArrayList<>();
        Map<String, Long> byPathway = new TreeMap<>();
        for (Referral r : inHospitalOn(census)) {
            LocalDate drd = r.drdAt(at);
            if (drd != null && drd.isBefore(census)) {
                past.add((int) days(drd, census));
                byPathway.merge(key(r, "pathway"), 1L, Long::sum);
            }
        }
        ObjectNode f = JSON.createObjectNode();
        ObjectNode m = f.putObject("measures");
        m.put("count", past.size());
        m.set("daysPastDrd", summary(past));
        ArrayNode groups = f.putArray("groups");
        byPathway.forEach((k, n) -> {
            ObjectNode g = groups.addObject();
            g.put("key", k);
            g.putObject("measures").put("count", n);
        });
        return f;
    }

    // --- 5. pathway mix and flow times ---------------------------------------------------------------------------------

    ObjectNode pathwayMix() {
        Map<String, Long> all = new TreeMap<>();
        Map<String, Long> older = new TreeMap<>();
        TreeSet<String> decided = new TreeSet<>();
        for (Referral r : decidedInPeriod()) {
            String p = r.decisionAt(at).pathway();
            decided.add(r.referralId());
            all.merge(p, 1L, Long::sum);
            if (age(r) >= 65) {
                older.merge(p, 1L, Long::sum);
            }
        }
        ObjectNode f = JSON.createObjectNode();
        f.put("denominator", decided.size());
        ObjectNode m = f.putObject("measures");
        m.set("decisions", shares(all));
        m.set("decisionsAged65Plus", shares(older));
        return f;
    }

    private static ObjectNode shares(Map<String, Long> counts) {
        ObjectNode out = JSON.createObjectNode();
        out.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        return countsAndShares(out, PATHWAYS, counts);
    }

    /** Into {@code out}: for every key, met or not and in the order given, its count and its share of them all. */
    private static ObjectNode countsAndShares(ObjectNode out, List<String> keys, Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        for (String k : keys) {
            long n = counts.getOrDefault(k, 0L);
            ObjectNode x = out.putObject(k);
            x.put("count", n);
            x.set("share", ratio(n, total));
        }
        return out;
    }

    ObjectNode flowTimes() {
        List<Integer> toDecision = new ArrayList<>();
        List<Integer> toClaim = new ArrayList<>();
        List<Integer> toStart = new ArrayList<>();
        Map<String, Claim> claims = new TreeMap<>();
        for (Service s : record.services()) {
            for (Claim c : s.claims()) {
                if (!c.at().isAfter(at)) {
                    claims.put(c.referralId(), c);
                }
            }
        }
        for (Referral r : decidedInPeriod()) {
            LocalDate decidedAt = r.decisionAt(at).decidedAt();
            LocalDate submitted = r.submittedAt().atZone(CountyRecord.LONDON).toLocalDate();
            toDecision.add((int) Math.max(0, days(submitted, decidedAt)));
            Claim c = claims.get(r.referralId());
            if (c != null) {
                toClaim.add((int) Math.max(0, days(decidedAt, c.claimedOn())));
            }
            Placement p = r.placementStartedAt(at);
            Discharge d = r.dischargeAt(at);
            if (p != null && d != null) {
                toStart.add((int) days(d.date(), p.startDate()));
            }
        }
        ObjectNode f = JSON.createObjectNode();
        ObjectNode m = f.putObject("measures");
        m.set("referralToDecisionDays", summary(toDecision));
        m.set("decisionToClaimDays", summary(toClaim));
        m.set("dischargeToPlacementStartDays", summary(toStart));
        return f;
    }

    // --- 6. capacity and demand ------------------------------------------------------------------------------------------

    ObjectNode capacityDemandByDay(LocalDate census) {
        ObjectNode f = JSON.createObjectNode();
        ObjectNode m = f.putObject("measures");
        ArrayNode services = m.putArray("services");
        for (Service s : record.services()) {
            ObjectNode svc = services.addObject();
            svc.put("serviceId", s.serviceId());
            svc.put("name", s.name());
            svc.put("serviceType", s.serviceType());
            svc.put("locality", s.locality());
            svc.put("unit", s.unit());
            ArrayNode series = svc.putArray("series");
            Map<String, LocalDate> released = new TreeMap<>();
            for (Release r : s.releases()) {
                if (!r.at().isAfter(at)) {
                    released.put(r.claimId(), r.releasedOn());
                }
            }
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                LocalDate d = day;
                int units = 0;
                LocalDate latest = null;
                for (Declaration c : s.capacity()) {
                    if (!c.at().isAfter(at) && !c.fromDate().isAfter(d) && (latest == null || !c.fromDate().isBefore(latest))) {
                        latest = c.fromDate();
                        units = c.units();
                    }
                }
                long occupied = 0;
                long newClaims = 0;
                for (Claim c : s.claims()) {
                    if (c.at().isAfter(at)) {
                        continue;
                    }
                    LocalDate release = released.get(c.claimId());
                    if (!c.start().isAfter(d) && (release == null || release.isAfter(d))) {
                        occupied++;
                    }
                    newClaims += c.start().equals(d) ? 1 : 0;
                }
                long declines = s.declines().stream().filter(x -> !x.at().isAfter(at) && x.date().equals(d)).count();
                ObjectNode row = series.addObject();
                row.put("date", d.toString());
                row.put("units", units);
                row.put("occupied", occupied);
                row.put("free", Math.max(0, units - occupied));
                row.set("utilisation", ratio(occupied, units));
                row.put("newClaims", newClaims);
                row.put("declines", declines);
            }
        }
        m.set("waitingList", waitingList(census));
        Ratios declined = new Ratios();
        Map<String, List<LocalDate>> declines = declinesKnown();
        for (Referral r : decidedInPeriod()) {
            Decision decision = r.decisionAt(at);
            if ("P1".equals(decision.pathway())) {
                declined.add(r.referralId(), "all", declines.getOrDefault(r.referralId(), List.of()).stream()
                        .anyMatch(d -> !d.isBefore(decision.decidedAt())));
            }
        }
        Ratios noOngoing = new Ratios();
        for (Referral r : record.referrals()) {
            Placement p = r.placementStartedAt(at);
            if (p != null && HOME_FIRST.contains(p.serviceType()) && r.endedAt(at) && inPeriod(p.endDate())) {
                noOngoing.add(r.referralId(), "all", "NO_ONGOING_SUPPORT".equals(p.endReason()));
            }
        }
        m.set("p1DeclinedForCapacity", declined.headline());
        m.set("homeFirstEndedWithNoOngoingSupport", noOngoing.headline());
        ObjectNode other = f.putObject("drillDown").putObject("other");
        ids(other.putArray("p1Declined"), declined.numerator);
        ids(other.putArray("p1Decided"), declined.denominator);
        ids(other.putArray("homeFirstNoOngoingSupport"), noOngoing.numerator);
        ids(other.putArray("homeFirstEnded"), noOngoing.denominator);
        return f;
    }

    /**
     * The dates of each referral's declines known at the instant. A decline answers the decision it follows: it counts for
     * the latest decision only when dated on or after it (a new decision is new demand).
     */
    private Map<String, List<LocalDate>> declinesKnown() {
        Map<String, List<LocalDate>> out = new TreeMap<>();
        for (Service s : record.services()) {
            for (Decline d : s.declines()) {
                if (!d.at().isAfter(at)) {
                    out.computeIfAbsent(d.referralId(), k -> new ArrayList<>()).add(d.date());
                }
            }
        }
        return out;
    }

    /** Referrals waiting on the census date for a unit of their decided service type, per type and locality. */
    private ArrayNode waitingList(LocalDate census) {
        Map<String, LocalDate> claimedOn = new TreeMap<>();
        for (Service s : record.services()) {
            for (Claim c : s.claims()) {
                if (!c.at().isAfter(at)) {
                    claimedOn.merge(c.referralId(), c.claimedOn(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        Map<String, List<LocalDate>> declines = declinesKnown();
        Map<String, List<Integer>> waiting = new TreeMap<>();
        for (Referral r : record.referrals()) {
            Decision decision = r.decisionAt(at);
            if (!r.submittedAt(at) || decision == null || "P0".equals(decision.pathway()) || decision.decidedAt().isAfter(census)) {
                continue;
            }
            Discharge d = r.dischargeAt(at);
            boolean gone = d != null && !d.date().isAfter(census);
            boolean claimed = claimedOn.containsKey(r.referralId()) && !claimedOn.get(r.referralId()).isAfter(census);
            boolean declined = declines.getOrDefault(r.referralId(), List.of()).stream()
                    .anyMatch(x -> !x.isBefore(decision.decidedAt()) && !x.isAfter(census));
            if (!gone && !claimed && !declined) {
                waiting.computeIfAbsent(decision.serviceType() + "|" + r.locality(), k -> new ArrayList<>())
                        .add((int) days(decision.decidedAt(), census));
            }
        }
        ArrayNode rows = JSON.createArrayNode();
        waiting.forEach((k, v) -> {
            ObjectNode row = rows.addObject();
            row.put("serviceType", k.substring(0, k.indexOf('|')));
            row.put("locality", k.substring(k.indexOf('|') + 1));
            row.put("size", v.size());
            row.put("oldestDaysWaiting", v.stream().max(Integer::compare).orElse(0));
        });
        return rows;
    }

    // --- 7. short-term services ------------------------------------------------------------------------------------------

    ObjectNode shortTermServices(String breakdown) {
        Values v = new Values();
        Map<String, Long> reasons = new TreeMap<>();
        for (Referral r : record.referrals()) {
            Placement p = r.placementStartedAt(at);
            if (p == null || !r.endedAt(at) || !inPeriod(p.endDate())) {
                continue;
            }
            v.add(r.referralId(), "service-type".equals(breakdown) ? p.serviceType() : key(r, breakdown), (int) days(p.startDate(), p.endDate()));
            reasons.merge(p.endReason(), 1L, Long::sum);
        }
        ObjectNode f = v.figure(breakdown, FigureOracle::summary);
        countsAndShares(((ObjectNode) f.get("measures")).putObject("endReasons"), END_REASONS, reasons);
        return f;
    }

    // --- who is counted ----------------------------------------------------------------------------------------------

    /** Referrals discharged (as known at the instant) with a discharge date in the period, and submitted. */
    private List<Referral> dischargedInPeriod() {
        return record.referrals().stream().filter(r -> r.submittedAt(at) && r.dischargeAt(at) != null && inPeriod(r.dischargeAt(at).date())).toList();
    }

    private List<Referral> decidedInPeriod() {
        return record.referrals().stream().filter(r -> r.decisionAt(at) != null && inPeriod(r.decisionAt(at).decidedAt())).toList();
    }

    /** Admitted on or before the census date and not discharged on or before it (nobody is withdrawn in a simulated run). */
    private List<Referral> inHospitalOn(LocalDate census) {
        return record.referrals().stream().filter(r -> r.submittedAt(at) && !r.admissionDate().isAfter(census)
                && (r.dischargeAt(at) == null || r.dischargeAt(at).date().isAfter(census))).toList();
    }

    private boolean inPeriod(LocalDate d) {
        return d != null && !d.isBefore(from) && !d.isAfter(to);
    }

    private int age(Referral r) {
        Discharge d = r.dischargeAt(at);
        return d != null && d.ageAtDischarge() != null ? d.ageAtDischarge() : r.ageAtAdmission();
    }

    /** The group a referral falls in for a breakdown; "all" without one. */
    private String key(Referral r, String breakdown) {
        if (breakdown == null) {
            return "all";
        }
        Decision decision = r.decisionAt(at);
        return switch (breakdown) {
            case "locality" -> r.locality() == null ? "unknown" : r.locality();
            case "site" -> r.site() == null ? "unknown" : r.site();
            case "pathway" -> decision == null ? "none" : decision.pathway();
            case "service-type" -> decision == null ? "none" : decision.serviceType();
            case "age-band" -> ageBand(age(r));
            default -> throw new IllegalArgumentException("breakdown " + breakdown);
        };
    }

    private static String ageBand(int age) {
        if (age < 18) {
            return "under 18";
        }
        if (age < 65) {
            return "18-64";
        }
        if (age < 75) {
            return "65-74";
        }
        return age < 85 ? "75-84" : "85+";
    }

    // --- arithmetic, as METRICS.md and metrics-service's README fix it -----------------------------------------------------------

    private static long days(LocalDate a, LocalDate b) {
        return ChronoUnit.DAYS.between(a, b);
    }

    static JsonNode ratio(long n, long d) {
        return d == 0 ? JSON.nullNode() : JSON.getNodeFactory().numberNode(BigDecimal.valueOf(n).divide(BigDecimal.valueOf(d), 4, RoundingMode.HALF_EVEN));
    }

    static JsonNode mean(long sum, long n) {
        return n == 0 ? JSON.nullNode() : JSON.getNodeFactory().numberNode(BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_EVEN));
    }

    /** count, mean, median (mean of the middle two for an even count), nearest-rank p90, min, max. */
    static ObjectNode summary(List<Integer> values) {
        List<Integer> v = values.stream().sorted().toList();
        int n = v.size();
        ObjectNode m = JSON.createObjectNode();
        m.put("count", n);
        m.set("mean", mean(v.stream().mapToLong(Integer::longValue).sum(), n));
        if (n == 0) {
            m.putNull("median");
            m.putNull("p90");
            m.putNull("min");
            m.putNull("max");
            return m;
        }
        BigDecimal median = n % 2 == 1 ? BigDecimal.valueOf(v.get(n / 2))
                : BigDecimal.valueOf((long) v.get(n / 2 - 1) + v.get(n / 2)).divide(BigDecimal.valueOf(2), 1, RoundingMode.HALF_EVEN);
        m.put("median", median.setScale(1, RoundingMode.HALF_EVEN));
        m.put("p90", v.get((int) Math.ceil(0.9 * n) - 1));
        m.put("min", v.get(0));
        m.put("max", v.get(n - 1));
        return m;
    }

    private static void ids(ArrayNode into, Collection<String> ids) {
        new TreeSet<>(ids).forEach(into::add);
    }

    /** A ratio figure: numerator and denominator ids, overall and per group. */
    private static final class Ratios {
        final TreeSet<String> numerator = new TreeSet<>();
        final TreeSet<String> denominator = new TreeSet<>();
        final Map<String, long[]> groups = new TreeMap<>();

        void add(String id, String group, boolean counted) {
            denominator.add(id);
            long[] g = groups.computeIfAbsent(group, k -> new long[2]);
            g[1]++;
            if (counted) {
                numerator.add(id);
                g[0]++;
            }
        }

        ObjectNode headline() {
            ObjectNode f = JSON.createObjectNode();
            f.put("numerator", numerator.size());
            f.put("denominator", denominator.size());
            f.set("value", ratio(numerator.size(), denominator.size()));
            return f;
        }

        ObjectNode figure(String breakdown) {
            ObjectNode f = headline();
            if (breakdown != null) {
                ArrayNode gs = f.putArray("groups");
                groups.forEach((k, g) -> {
                    ObjectNode x = gs.addObject();
                    x.put("key", k);
                    x.put("numerator", g[0]);
                    x.put("denominator", g[1]);
                    x.set("value", ratio(g[0], g[1]));
                });
            }
            ObjectNode drill = f.putObject("drillDown");
            ids(drill.putArray("numerator"), numerator);
            ids(drill.putArray("denominator"), denominator);
            return f;
        }
    }

    /** A figure of whole-day values: one per referral, overall and per group. */
    private static final class Values {
        final List<Integer> all = new ArrayList<>();
        final TreeSet<String> ids = new TreeSet<>();
        final Map<String, List<Integer>> groups = new TreeMap<>();

        void add(String id, String group, int value) {
            all.add(value);
            ids.add(id);
            groups.computeIfAbsent(group, k -> new ArrayList<>()).add(value);
        }

        ObjectNode figure(String breakdown, Function<List<Integer>, ObjectNode> measures) {
            ObjectNode f = JSON.createObjectNode();
            f.set("measures", measures.apply(all));
            if (breakdown != null) {
                ArrayNode gs = f.putArray("groups");
                groups.forEach((k, v) -> {
                    ObjectNode x = gs.addObject();
                    x.put("key", k);
                    x.set("measures", measures.apply(v));
                });
            }
            ids(f.putObject("drillDown").putArray("denominator"), ids);
            return f;
        }
    }
}
