package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.d2aflow.metrics.domain.FigureQuery.Granularity;
import org.d2aflow.metrics.domain.FigureQuery.Options;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based proof of the two clocks over the pure figure code (issue 15): random histories of every kind of fact,
 * entered late, corrected and voided, spread over the three topics, delivered in any order and more than once.
 *
 * <p>A history is a list of {@link Step}s, each a kind and four small numbers (whose referral or service, a business day,
 * a code, how many days late it is entered), so jqwik shrinks a failure to a few steps with small numbers. The steps
 * respect what the write services guarantee (a referral is submitted once; a correction names a fact that exists);
 * everything else, including a correction or a late fact arriving before what it follows, is allowed.
 */
class AsKnownAtPropertyTest {

    private static final LocalDate BASE = LocalDate.parse("2024-01-01");
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private static final FigureEngine ENGINE = new FigureEngine();
    private static final String[] LOCALITIES = {"East", "City", "North"};
    private static final String[] DESTINATIONS = {"19", "29", "54", "79", "98", "99", "51"};
    /** Emergency (21, 2A), not recorded, elective (11), and one ASCOF 2D excludes (82). */
    private static final String[] ADMISSION_METHODS = {"21", "2A", null, "11", "82"};
    private static final ServiceType[] PLACED = {ServiceType.REABLEMENT_HOME, ServiceType.BEDDED_REHAB, ServiceType.SHORT_TERM_DOMCARE,
            ServiceType.SOCIAL_SUPPORT};

    enum Kind {
        SUBMIT, DRD, DRD_CORRECTED, DECIDE, DISCHARGE, DISCHARGE_CORRECTED, DISCHARGE_VOIDED, WITHDRAW, REGISTER, CAPACITY, CLAIM,
        RELEASE, DECLINE, START, END, FOLLOW_UP, FOLLOW_UP_CORRECTED
    }

    /** One fact entered: its kind, whose (referral r0..r3, service s0..s1), its business day after BASE, a code, days entered late. */
    record Step(Kind kind, int who, int day, int code, int lateBy) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        // submissions and discharges more often than the rest, so that most histories have discharges to count and correct
        Arbitrary<Kind> kind = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Kind.SUBMIT)), Tuple.of(3, Arbitraries.just(Kind.DISCHARGE)),
                Tuple.of(2, Arbitraries.just(Kind.DISCHARGE_CORRECTED)), Tuple.of(2, Arbitraries.just(Kind.DISCHARGE_VOIDED)),
                Tuple.of(1, Arbitraries.of(Kind.class)));
        Arbitrary<Step> step = Combinators.combine(kind, Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 110),
                Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 30)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(80).withSizeDistribution(RandomDistribution.uniform());
    }

    // --- the properties ------------------------------------------------------------------------------------------

    /**
     * For every figure and several instants T (event times, a microsecond before them, and long after): the full log
     * asked as known at T gives the very bytes of the log holding only what was recorded by T, delivered in another order
     * and partly twice, asked as known at T.
     */
    @Property(tries = 300, shrinking = ShrinkingMode.FULL)
    void asKnownAtTGivesTheFiguresOfTheLogAsItWasAtT(@ForAll("histories") List<Step> steps, @ForAll long seed) {
        List<EventEnvelope<? extends D2aEvent>> log = history(steps);
        LogFacts full = TestLog.factsOf(log);
        collectCoverage(log, full);

        for (Instant t : instants(log)) {
            List<EventEnvelope<? extends D2aEvent>> thenOnTheLog = log.stream().filter(e -> !e.time().isAfter(t)).toList();
            LogFacts then = TestLog.factsOf(redelivered(thenOnTheLog, seed));
            for (FigureQuery q : queries(t)) {
                for (String figure : FigureEngine.FIGURES) {
                    assertThat(render(figure, full, q)).as("%s as known at %s, %s", figure, t, q).isEqualTo(render(figure, then, q));
                }
            }
        }
    }

    /** Duplicated deliveries (same CloudEvents id) and the order of arrival across topics never change a figure. */
    @Property(tries = 200, shrinking = ShrinkingMode.FULL)
    void deduplicationAndArrivalOrderNeverChangeAFigure(@ForAll("histories") List<Step> steps, @ForAll long seed) {
        List<EventEnvelope<? extends D2aEvent>> log = history(steps);
        LogFacts inOrder = TestLog.factsOf(log);
        LogFacts shuffled = TestLog.factsOf(redelivered(log, seed));

        assertThat(shuffled.applied()).isEqualTo(log.size());
        for (Instant t : instants(log)) {
            for (FigureQuery q : queries(t)) {
                for (String figure : FigureEngine.FIGURES) {
                    assertThat(render(figure, shuffled, q)).as("%s as known at %s", figure, t).isEqualTo(render(figure, inOrder, q));
                }
            }
        }
    }

    // --- histories -----------------------------------------------------------------------------------------------

    /** The events of a history, in the order entered; versions per stream, recorded times rising within each stream. */
    static List<EventEnvelope<? extends D2aEvent>> history(List<Step> steps) {
        History h = new History();
        for (int i = 0; i < steps.size(); i++) {
            h.enter(i, steps.get(i));
        }
        return List.copyOf(h.events);
    }

    private static final class History {
        final List<EventEnvelope<? extends D2aEvent>> events = new ArrayList<>();
        final Map<String, Long> versions = new HashMap<>();
        final Map<String, Instant> lastRecorded = new HashMap<>();
        final Map<String, String> correctable = new HashMap<>();
        final Set<String> once = new HashSet<>();
        final List<String[]> claims = new ArrayList<>(); // {serviceId, claimId}
        long ids;

        void enter(int index, Step s) {
            String r = "r" + s.who();
            String svc = "s" + (s.who() % 2);
            LocalDate day = BASE.plusDays(s.day());
            String placement = "p" + s.who() + "-" + (s.code() % 2);
            // recorded on the business day plus the lateness, at 09:00 London, a few minutes apart (ties across streams happen)
            Instant proposed = BASE.plusDays(s.day() + s.lateBy()).atTime(LocalTime.of(9, index % 3)).atZone(FigureQuery.ZONE).toInstant();
            switch (s.kind()) {
                case SUBMIT -> {
                    if (once.add("submit/" + r)) {
                        // one person per two referrals (r0 and r1, r2 and r3, ...): the other may be an emergency readmission
                        add(r, proposed, new ReferralSubmitted(r, "pk-" + (s.who() / 2), 18 + s.code() * 4, Sex.FEMALE, LOCALITIES[s.code() % 3],
                                "Site " + (s.code() % 2), day, s.code() % 4 == 0 ? UsualResidence.CARE_HOME : UsualResidence.PRIVATE_HOME, null,
                                ADMISSION_METHODS[s.code() % ADMISSION_METHODS.length]), null);
                    }
                }
                case DRD -> add(r, proposed, new DischargeReadyDateSet(r, day), "drd/" + r);
                case DRD_CORRECTED -> {
                    if (correctable.containsKey("drd/" + r)) {
                        add(r, proposed, new DischargeReadyDateCorrected(r, correctable.get("drd/" + r), day, "typo", "c1"), "drd/" + r);
                    }
                }
                case DECIDE -> {
                    Pathway p = Pathway.values()[s.code() % 4];
                    ServiceType type = switch (p) {
                        case P0 -> ServiceType.SOCIAL_SUPPORT;
                        case P1 -> s.code() % 8 < 4 ? ServiceType.REABLEMENT_HOME : ServiceType.SHORT_TERM_DOMCARE;
                        case P2 -> ServiceType.BEDDED_REABLEMENT;
                        case P3 -> ServiceType.SHORT_TERM_CARE_HOME;
                    };
                    add(r, proposed, new PathwayDecided(r, p, type, day), null);
                }
                case DISCHARGE -> add(r, proposed, new PatientDischarged(r, day, DESTINATIONS[s.code() % 7], s.code() % 5 == 4 ? "4" : "1",
                        s.code() % 3 == 0 ? null : 60 + s.code()), "discharge/" + r);
                case DISCHARGE_CORRECTED -> {
                    if (correctable.containsKey("discharge/" + r)) {
                        add(r, proposed, new DischargeCorrected(r, correctable.get("discharge/" + r), day, DESTINATIONS[s.code() % 7], "1",
                                null, "typo", "c1"), "discharge/" + r);
                    }
                }
                case DISCHARGE_VOIDED -> {
                    if (correctable.containsKey("discharge/" + r)) {
                        add(r, proposed, new DischargeVoided(r, correctable.remove("discharge/" + r), "wrong patient", "c1"), null);
                    }
                }
                case WITHDRAW -> {
                    if (once.add("withdraw/" + r)) {
                        add(r, proposed, new ReferralWithdrawn(r, "no longer needed"), null);
                    }
                }
                case REGISTER -> {
                    if (once.add("register/" + svc)) {
                        add(svc, proposed, new ServiceRegistered(svc, svc + " name", s.who() % 2 == 0 ? ServiceType.REABLEMENT_HOME
                                : ServiceType.BEDDED_REABLEMENT, LOCALITIES[s.who() % 3], CapacityUnit.PACKAGE), null);
                    }
                }
                case CAPACITY -> add(svc, proposed, new CapacitySet(svc, s.code() % 6, day), null);
                case CLAIM -> {
                    String claimId = "k" + claims.size();
                    claims.add(new String[] {svc, claimId});
                    add(svc, proposed, new CapacityClaimed(svc, claimId, r, day), null);
                }
                case RELEASE -> {
                    if (!claims.isEmpty()) {
                        String[] c = claims.get(s.code() % claims.size());
                        add(c[0], proposed, new CapacityReleased(c[0], c[1], "ended", s.code() % 3 == 0 ? null : day), null);
                    }
                }
                case DECLINE -> add(svc, proposed, new CapacityDeclined(svc, r, ServiceType.REABLEMENT_HOME, LOCALITIES[s.who() % 3], "full",
                        s.code() % 3 == 0 ? null : day), null);
                // type and end reason from code / 2 (the placement from code % 2): either placement may be Home First and end in any way
                case START -> {
                    if (once.add("start/" + placement)) {
                        add(placement, proposed, new PlacementStarted(r, placement, svc, PLACED[s.code() / 2 % 4], day), null);
                    }
                }
                case END -> {
                    if (once.add("end/" + placement)) {
                        add(placement, proposed, new PlacementEnded(r, placement, day, EndReason.values()[s.code() / 2 % EndReason.values().length]),
                                null);
                    }
                }
                case FOLLOW_UP -> add(placement, proposed, new FollowUpRecorded(r, placement, Day91Status.values()[s.code() % 7],
                        s.code() % 3 == 0 ? null : day), "follow-up/" + placement);
                case FOLLOW_UP_CORRECTED -> {
                    if (correctable.containsKey("follow-up/" + placement)) {
                        add(placement, proposed, new FollowUpCorrected(r, placement, correctable.get("follow-up/" + placement),
                                Day91Status.values()[(s.code() + 1) % 7], day, "typo", "p1"), "follow-up/" + placement);
                    }
                }
            }
        }

        /** Appends at the next version of the stream, recorded no earlier than the stream's previous event (a microsecond after). */
        void add(String stream, Instant proposed, D2aEvent event, String correctableAs) {
            long version = versions.merge(stream, 1L, Long::sum);
            Instant last = lastRecorded.get(stream);
            Instant at = last != null && !proposed.isAfter(last) ? last.plus(1, ChronoUnit.MICROS) : proposed;
            lastRecorded.put(stream, at);
            String id = new UUID(0xc10c_0000_0000_0000L, ++ids).toString();
            events.add(EventEnvelope.of(id, "/d2a/test", at, version, event));
            if (correctableAs != null) {
                correctable.put(correctableAs, id);
            }
        }
    }

    // --- instants, deliveries and queries ---------------------------------------------------------------------------

    /** Recorded times of a quarter, half, three quarters and all of the log, each also a microsecond before; and long after. */
    static List<Instant> instants(List<EventEnvelope<? extends D2aEvent>> log) {
        List<Instant> times = log.stream().map(EventEnvelope::time).sorted().toList();
        TreeSet<Instant> out = new TreeSet<>();
        for (int quarter = 1; quarter <= 4 && !times.isEmpty(); quarter++) {
            Instant t = times.get(Math.max(0, times.size() * quarter / 4 - 1));
            out.add(t);
            out.add(t.minus(1, ChronoUnit.MICROS));
        }
        out.add(LATER);
        return List.copyOf(out);
    }

    /** The events in another order, every third one delivered a second time somewhere later. */
    static List<EventEnvelope<? extends D2aEvent>> redelivered(List<EventEnvelope<? extends D2aEvent>> events, long seed) {
        Random random = new Random(seed);
        List<EventEnvelope<? extends D2aEvent>> out = new ArrayList<>(events);
        for (int i = 0; i < events.size(); i += 3) {
            out.add(events.get(i));
        }
        Collections.shuffle(out, random);
        return out;
    }

    /** Two queries per instant: 60 days by day with a census, and a longer period by locality by week with both options. */
    static List<FigureQuery> queries(Instant t) {
        return List.of(
                new FigureQuery(BASE, BASE.plusDays(59), t, Breakdown.NONE, new Options(false, false), BASE.plusDays(30), Granularity.DAY),
                new FigureQuery(BASE.plusDays(20), BASE.plusDays(120), t, Breakdown.LOCALITY, new Options(true, true), BASE.plusDays(100),
                        Granularity.WEEK));
    }

    static String render(String figure, LogFacts facts, FigureQuery q) {
        return Queries.json(ENGINE.compute(figure, facts, q));
    }

    /** Says how often the generated histories exercise what the properties are about (a run that never did would prove little). */
    private static void collectCoverage(List<EventEnvelope<? extends D2aEvent>> log, LogFacts facts) {
        FigureQuery now = queries(LATER).get(0);
        boolean corrected = log.stream().anyMatch(e -> e.event() instanceof DischargeCorrected || e.event() instanceof DischargeVoided);
        boolean counted = ENGINE.compute(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE, facts, now).denominator() > 0;
        Statistics.label("discharge corrected or voided").collect(corrected);
        Statistics.label("discharges counted").collect(counted);
        Statistics.label("events, in tens").collect(log.size() / 10);
        Statistics.label("discharge corrected or voided").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("discharges counted").coverage(c -> c.check(true).percentage(p -> p > 30));
    }
}
