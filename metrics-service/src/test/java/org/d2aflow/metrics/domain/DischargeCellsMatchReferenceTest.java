package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.metrics.domain.AsKnownAtPropertyTest.Kind;
import org.d2aflow.metrics.domain.AsKnownAtPropertyTest.Step;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.d2aflow.metrics.domain.FigureQuery.Granularity;
import org.d2aflow.metrics.domain.FigureQuery.Options;
import org.d2aflow.metrics.domain.cells.Ascof2dAssembler;
import org.d2aflow.metrics.domain.cells.CapacityDemandAssembler;
import org.d2aflow.metrics.domain.cells.DischargeFamilyAssembler;
import org.d2aflow.metrics.domain.cells.InHospitalFamilyAssembler;
import org.d2aflow.metrics.domain.cells.PlacementEndFamilyAssembler;
import org.d2aflow.metrics.domain.cells.ReferralContributions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The differential test of pieces B1 and B2 (issue 17 point 5): on generated histories (late entries, corrections, voids,
 * withdrawals, follow-ups, delivered in another order and partly twice), every figure the cells answer (discharge-,
 * decision- and placement-end-dated, the two census figures on census days before, inside and after the history,
 * capacity-demand, and ascof-2d, whose cells are a person's), every breakdown, both options, several periods and
 * as-known-at instants print the same {@code FigureJson} bytes, drill-down included, from the cells as from the reference
 * ({@link FigureEngine}): through the incremental store and through Σ of(facts, T).
 */
class DischargeCellsMatchReferenceTest {

    private static final LocalDate BASE = LocalDate.parse("2024-01-01");
    private static final FigureEngine ENGINE = new FigureEngine();
    static final List<Options> ALL_OPTIONS = List.of(new Options(false, false), new Options(true, false), new Options(false, true),
            new Options(true, true));

    @Provide
    Arbitrary<List<Step>> histories() {
        return new AsKnownAtPropertyTest().histories();
    }

    /** Small random histories of four referrals and two services, shrunk to a few steps on failure. */
    @Property(tries = 100, shrinking = ShrinkingMode.FULL)
    void cellsPrintTheReferenceBytes(@ForAll("histories") List<Step> steps, @ForAll long seed) {
        compareEverything(AsKnownAtPropertyTest.history(steps), seed);
    }

    /** Seeded larger histories: forty referrals, two thousand steps over a year and a half, then the ASCOF 2D cases (below). */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void cellsPrintTheReferenceBytesOnLargerSeededHistories(long seed) {
        List<EventEnvelope<? extends D2aEvent>> log = seededHistory(seed);
        compareEverything(log, seed);

        // not vacuous: every figure counts something over the whole span, and the cohort has reached day 91
        FigureQuery span = new FigureQuery(BASE.minusDays(10), BASE.plusDays(600), Queries.LATER, Breakdown.NONE, ALL_OPTIONS.get(0), null, null);
        LogFacts facts = TestLog.factsOf(log);
        FigureQuery census = new FigureQuery(BASE, BASE.plusDays(59), Queries.LATER, Breakdown.NONE, ALL_OPTIONS.get(0), BASE.plusDays(270),
                null);
        assertCapacityDemandCountsSomething(ENGINE.compute(CapacityDemandAssembler.CAPACITY_DEMAND, facts, span), facts, seed);
        // ASCOF 2D: some remained, each outcome (death, emergency readmission by the person's other referral, long-term care) and two
        // exclusions happened (seed 1: 7 of 13 remained, 3 died, 1 readmitted, 3 entered long-term care; seed 2: 6 of 10, 1, 1, 2)
        Figure ascof = ENGINE.compute(Ascof2dAssembler.ASCOF_2D, facts, span);
        assertThat(ascof.numerator()).as("ascof-2d remained").isPositive();
        for (String outcome : List.of("died", "readmitted", "enteredLongTermCare", "excludedZeroDayStays", "excludedAdmissionMethods")) {
            assertThat((Long) ascof.measures().get(outcome)).as("ascof-2d " + outcome).isPositive();
        }
        for (String figure : CellsTwin.FIGURES) {
            if (figure.equals(CapacityDemandAssembler.CAPACITY_DEMAND)) {
                continue; // no headline: checked above
            }
            Figure f = ENGINE.compute(figure, facts, CENSUS_FIGURES.contains(figure) ? census : span);
            long counted = f.denominator() != null ? f.denominator() : (Long) f.measures().get("count");
            assertThat(counted).as(figure).isPositive();
            if (figure.equals(PlacementEndFamilyAssembler.SHORT_TERM_SERVICES)) {
                // counts placements, lists referrals: a referral may have several ended placements
                assertThat(f.drillDown().denominator()).as(figure).isNotEmpty().hasSizeLessThanOrEqualTo((int) counted);
            } else {
                assertThat(f.drillDown().denominator()).as(figure).hasSize((int) counted);
            }
        }
    }

    /** Forty referrals, two thousand steps over a year and a half, a tenth of them entered 30 to 230 days late. */
    static List<EventEnvelope<? extends D2aEvent>> seededHistory(long seed) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        Kind[] kinds = Kind.values();
        for (int i = 0; i < 2000; i++) {
            // a third submissions and discharges (and their corrections and voids), the rest any kind
            Kind kind = switch (random.nextInt(6)) {
                case 0 -> Kind.SUBMIT;
                case 1 -> random.nextBoolean() ? Kind.DISCHARGE : Kind.DISCHARGE_CORRECTED;
                default -> random.nextInt(8) == 0 ? Kind.DISCHARGE_VOIDED : kinds[random.nextInt(kinds.length)];
            };
            steps.add(new Step(kind, random.nextInt(40), random.nextInt(540), random.nextInt(21), random.nextInt(10) == 0 ? 30 + random.nextInt(200)
                    : random.nextInt(5)));
        }
        steps.addAll(reablementDischarges(steps, new Random(seed * 31 + 7)));
        return AsKnownAtPropertyTest.history(steps);
    }

    /**
     * Steps entered after the random ones (so the random histories stay as they were) that give ASCOF 2D cases, which random
     * steps almost never do: for up to fourteen submitted referrals with a placement not yet started, a home reablement start
     * (sometimes entered two months late) and a 65+ discharge from 3 days before it to 7 after, the latest of the referral
     * by version; where the person's other referral was an emergency admission, the discharge is dated up to 84 days before
     * it (a readmission, unless the 84 days are not yet reached); some placements then end (died, funded care, other).
     */
    private static List<Step> reablementDischarges(List<Step> steps, Random random) {
        Map<Integer, Step> submitted = new java.util.HashMap<>();
        Set<String> started = new java.util.HashSet<>();
        for (Step s : steps) {
            if (s.kind() == Kind.SUBMIT) {
                submitted.putIfAbsent(s.who(), s);
            } else if (s.kind() == Kind.START) {
                started.add(s.who() + "-" + s.code() % 2);
            }
        }
        List<Step> out = new ArrayList<>();
        for (int i = 0; i < 40 && out.size() < 14 * 3; i++) {
            int who = random.nextInt(40);
            Step own = submitted.get(who);
            int placement = started.contains(who + "-0") ? 1 : 0;
            if (own == null || started.contains(who + "-" + placement)) {
                continue;
            }
            started.add(who + "-" + placement);
            Step partner = submitted.get(who ^ 1);
            boolean emergency = partner != null && partner.code() % 5 < 2; // the generator's admission methods 21 and 2A
            int discharge = emergency && partner.day() - 84 > own.day() && random.nextBoolean() ? partner.day() - random.nextInt(85)
                    : own.day() + 1 + random.nextInt(30);
            int start = Math.max(own.day(), discharge - 3 + random.nextInt(11));
            int[] dischargeCodes = {7, 8, 16}; // destinations 19, 29, 54; method 1; aged 67, 68, 76 at discharge
            out.add(new Step(Kind.START, who, start, placement, random.nextInt(4) == 0 ? 60 : random.nextInt(3)));
            out.add(new Step(Kind.DISCHARGE, who, discharge, dischargeCodes[random.nextInt(3)], random.nextInt(3)));
            int[] endReasons = {6, 2, 7}; // DIED, LA_FUNDED_PLACEMENT, OTHER
            out.add(new Step(Kind.END, who, discharge + random.nextInt(100), endReasons[random.nextInt(3)] * 2 + placement, random.nextInt(20)));
        }
        // four more persons (r40 and r41, ..., r46 and r47): a linked discharge, then the other referral, an emergency admission
        // within or just after the 84 days, entered two to five months late, so that some instants know the discharge's day 84
        // and not yet its readmission
        for (int k = 0; k < 4; k++) {
            int who = 40 + 2 * k;
            int admitted = 100 + 100 * k + random.nextInt(20);
            out.add(new Step(Kind.SUBMIT, who, admitted, 15 + k % 2, random.nextInt(3))); // aged 78 or 82, emergency (21 or 2A)
            out.add(new Step(Kind.START, who, admitted + 3, 0, 0));
            out.add(new Step(Kind.DISCHARGE, who, admitted + 5, 7, 0)); // home, aged 67 at discharge
            out.add(new Step(Kind.SUBMIT, who + 1, admitted + 5 + random.nextInt(90), 15, 60 + random.nextInt(100)));
        }
        return out;
    }

    private static void compareEverything(List<EventEnvelope<? extends D2aEvent>> log, long seed) {
        List<EventEnvelope<? extends D2aEvent>> delivered = AsKnownAtPropertyTest.redelivered(log, seed);
        LogFacts full = TestLog.factsOf(log);
        CellsTwin.IncrementalStore now = new CellsTwin.IncrementalStore().applyAll(delivered);
        // the incremental cells are the sum of every referral's contribution: nothing left behind by a correction or a void
        assertThat(now.cells).isEqualTo(CellsTwin.cellsAsKnownAt(full, ReferralContributions.ALWAYS));

        for (Instant t : AsKnownAtPropertyTest.instants(log)) {
            CellsTwin.IncrementalStore then = new CellsTwin.IncrementalStore()
                    .applyAll(delivered.stream().filter(e -> !e.time().truncatedTo(java.time.temporal.ChronoUnit.MICROS).isAfter(t)).toList());
            CellsTwin.AsKnownAt sums = new CellsTwin.AsKnownAt(full, t);
            for (FigureQuery q : queries(t)) {
                for (String figure : CellsTwin.FIGURES) {
                    if (skips(figure, q)) {
                        continue;
                    }
                    Figure reference = ENGINE.compute(figure, full, q);
                    CellsTwin.assertSame("as known at", figure, q, reference, sums.figure(figure, q));
                    CellsTwin.assertSame("incremental, the log as it was then", figure, q, reference, then.figure(figure, q));
                    if (t.equals(Queries.LATER)) {
                        CellsTwin.assertSame("incremental", figure, q, reference, now.figure(figure, q));
                    }
                }
            }
            for (FigureQuery q : censusQueries(t)) {
                for (String figure : CENSUS_FIGURES) {
                    Figure reference = ENGINE.compute(figure, full, q);
                    CellsTwin.assertSame("as known at, census", figure, q, reference, sums.figure(figure, q));
                    CellsTwin.assertSame("incremental, the log as it was then, census", figure, q, reference, then.figure(figure, q));
                    // the members index of the store now still lists every end day a stay has had: the drill-down as known at T
                    CellsTwin.assertSame("Σ of(r, T), drill-down from the members now, census", figure, q, reference, now.figure(figure, q, sums.cells));
                }
            }
        }
    }

    /**
     * Whether a query of {@link #queries} adds nothing for the figure: other options for a figure that reads none, another
     * granularity or census date for a figure that reads neither, a breakdown other than none and locality for one that does.
     */
    static boolean skips(String figure, FigureQuery q) {
        return !q.options().equals(ALL_OPTIONS.get(0)) && !readsOptions(figure)
                || (q.granularity() == Granularity.DAY || !q.censusDate().equals(q.to())) && !readsCensus(figure)
                || readsCensus(figure) && q.breakdown() != Breakdown.NONE && q.breakdown() != Breakdown.LOCALITY;
    }

    private static final List<String> CENSUS_FIGURES = List.of(InHospitalFamilyAssembler.LENGTH_OF_STAY_CENSUS,
            InHospitalFamilyAssembler.DELAY_CENSUS);

    /**
     * Census days before, at the start of, inside and after the histories (small ones span days 0-140, seeded ones 0-770),
     * each breakdown, with a period that is not the census day (the census figures must not read it).
     */
    private static List<FigureQuery> censusQueries(Instant t) {
        List<FigureQuery> out = new ArrayList<>();
        for (int day : new int[] {-5, 0, 1, 15, 45, 100, 270, 545, 800}) {
            for (Breakdown b : Breakdown.values()) {
                out.add(new FigureQuery(BASE, BASE.plusDays(59), t, b, ALL_OPTIONS.get(0), BASE.plusDays(day), Granularity.WEEK));
            }
        }
        return out;
    }

    /**
     * capacity-demand alone reads the granularity and a census date (the waiting list's): the queries that vary them are its own.
     * It offers no breakdown, so two (none and locality, which it must ignore) are enough for it.
     */
    private static boolean readsCensus(String figure) {
        return figure.equals(CapacityDemandAssembler.CAPACITY_DEMAND);
    }

    /** The series show units, occupancy, claims and declines, the waiting list has rows, and both shares count referrals. */
    @SuppressWarnings("unchecked")
    private static void assertCapacityDemandCountsSomething(Figure f, LogFacts facts, long seed) {
        List<Map<String, Object>> services = (List<Map<String, Object>>) f.measures().get("services");
        assertThat(services).as("services").isNotEmpty();
        for (String key : List.of("meanUnits", "meanOccupied", "newClaims", "declines")) {
            assertThat(services.stream().flatMap(x -> ((List<Map<String, Object>>) x.get("series")).stream())
                    .anyMatch(row -> ((Number) row.get(key)).doubleValue() > 0)).as(key).isTrue();
        }
        boolean waiting = false;
        for (int day = 0; day < 540 && !waiting; day += 15) {
            FigureQuery census = new FigureQuery(BASE, BASE.plusDays(day), Queries.LATER, Breakdown.NONE, ALL_OPTIONS.get(0), null, null);
            waiting = !((List<?>) ENGINE.compute(CapacityDemandAssembler.CAPACITY_DEMAND, facts, census).measures().get("waitingList")).isEmpty();
        }
        assertThat(waiting).as("a waiting list on some census day").isTrue();
        for (String share : List.of("p1DeclinedForCapacity", "homeFirstEndedWithNoOngoingSupport")) {
            assertThat((Long) ((Map<String, Object>) f.measures().get(share)).get("numerator")).as(share).isPositive();
        }
        assertThat(f.drillDown().other().values()).allSatisfy(ids -> assertThat(ids).isNotEmpty());
        // a referral counted once for two Home First placements ended on different days (the share counts referrals): seed 1 has
        // one (about one referral in thirty does), seed 2 none
        if (seed != 1) {
            return;
        }
        Set<ServiceType> homeFirst = Set.of(ServiceType.REABLEMENT_HOME, ServiceType.REHAB_HOME, ServiceType.SHORT_TERM_DOMCARE);
        assertThat(facts.referrals()).as("a referral with Home First placements ended on two days").anyMatch(r -> r.placements().stream()
                .filter(p -> p.startedAt(Queries.LATER).filter(st -> homeFirst.contains(st.serviceType())).isPresent())
                .map(p -> p.endedAt(Queries.LATER)).flatMap(java.util.Optional::stream).map(ReferralFacts.Ended::endDate).distinct().count() > 1);
    }

    static boolean readsOptions(String figure) {
        return figure.equals(DischargeFamilyAssembler.DISCHARGE_TO_USUAL_RESIDENCE) || figure.equals(DischargeFamilyAssembler.RETURNED_TO_OWN_RESIDENCE);
    }

    /** Each breakdown and option set over four periods: two months, a long span, a single day, and October to December. */
    static List<FigureQuery> queries(Instant t) {
        List<LocalDate[]> periods = List.of(new LocalDate[] {BASE, BASE.plusDays(59)}, new LocalDate[] {BASE.minusDays(10), BASE.plusDays(600)},
                new LocalDate[] {BASE.plusDays(30), BASE.plusDays(30)}, new LocalDate[] {LocalDate.parse("2024-10-01"), LocalDate.parse("2024-12-31")});
        List<FigureQuery> out = new ArrayList<>();
        for (LocalDate[] p : periods) {
            for (Breakdown b : Breakdown.values()) {
                for (Options o : ALL_OPTIONS) {
                    out.add(new FigureQuery(p[0], p[1], t, b, o, null, Granularity.WEEK));
                }
            }
            // capacity-demand: by day and by week, the waiting list on census days before, inside and after the period
            for (LocalDate census : List.of(BASE.plusDays(15), BASE.plusDays(45), BASE.plusDays(200))) {
                out.add(new FigureQuery(p[0], p[1], t, Breakdown.NONE, ALL_OPTIONS.get(0), census, Granularity.DAY));
                out.add(new FigureQuery(p[0], p[1], t, Breakdown.LOCALITY, ALL_OPTIONS.get(0), census, Granularity.WEEK));
            }
            out.add(new FigureQuery(p[0], p[1], t, Breakdown.NONE, ALL_OPTIONS.get(0), null, Granularity.DAY));
        }
        return out;
    }
}
