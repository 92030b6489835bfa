package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.contracts.Pathway.P0;
import static org.d2aflow.contracts.ServiceType.SOCIAL_SUPPORT;
import static org.d2aflow.metrics.domain.FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE;
import static org.d2aflow.metrics.domain.Queries.LATER;
import static org.d2aflow.metrics.domain.Queries.json;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;
import static org.d2aflow.metrics.domain.TestLog.factsOf;
import static org.d2aflow.metrics.domain.TestLog.shuffled;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * METRICS.md "Correctness": a figure is a pure function of (log, period, as-known-at, options); duplicated deliveries
 * never change it; the order of arrival across topics never changes it; as-known-at reproduces a past return exactly.
 */
class OrderDuplicatesAndAsKnownAtTest {

    private static final long[] SEEDS = {1L, 7L, 42L, 91L, 2024L};
    private static final FigureEngine ENGINE = new FigureEngine();

    /** The scenarios of the other tests (disjoint referral ids), and a few discharge-destination cases, as one log. */
    private static final List<EventEnvelope<? extends D2aEvent>> EVERYTHING = everything();

    private static List<EventEnvelope<? extends D2aEvent>> everything() {
        List<EventEnvelope<? extends D2aEvent>> all = new ArrayList<>();
        Stream.of(StillAtHome91Test.quarterCohort(), DischargeDelayTest.marchDischarges(), DischargeDelayTest.censusLog(),
                LengthOfStayTest.februaryDischarges(), LengthOfStayTest.censusLog(), CapacityDemandTest.tenDaysOfCapacity(),
                PathwayMixAndFlowTimesTest.flows(), PathwayMixAndFlowTimesTest.decisions(), ShortTermServicesTest.februaryEnds(),
                aLog().referral("u29").locality("City").discharged("2024-01-10", "29", "1")
                        .referral("u99").locality("City").discharged("2024-01-11", "99", "9")
                        .referral("u79").locality("City").discharged("2024-01-12", "79", "4")
                        .referral("u98").locality("City").discharged("2024-01-13", "98", "8")
                        .referral("u85").locality("City").livesIn(UsualResidence.CARE_HOME).decided(P0, SOCIAL_SUPPORT, "2024-01-10")
                        .discharged("2024-01-14", "85", "1")
                        .referral("u17").locality("City").aged(17).dischargedHome("2024-01-15"))
                .forEach(log -> all.addAll(log.envelopes()));
        return List.copyOf(all);
    }

    /** Several queries per figure: a wide period, each breakdown, an as-known-at in the middle, a census day. */
    private static List<FigureQuery> queries() {
        List<FigureQuery> qs = new ArrayList<>();
        qs.add(period("2023-10-01", "2024-03-31").daily().build());
        qs.add(period("2023-10-01", "2023-12-31").knownAt("2024-03-01T12:00:00Z").weekly().build());
        qs.add(period("2024-01-01", "2024-03-31").count29AsHome(true).excludeUnknown99(true).censusOn("2024-01-06").build());
        qs.add(period("2024-01-01", "2024-01-31").knownAt("2024-01-05T12:00:00Z").censusOn("2024-01-05").daily().build());
        qs.add(period("2024-02-01", "2024-03-31").censusOn("2024-03-10").weekly().build());
        for (Breakdown b : Breakdown.values()) {
            qs.add(period("2023-10-01", "2024-03-31").by(b).censusOn("2024-02-10").build());
        }
        return qs;
    }

    private static Stream<String> figures() {
        return FigureEngine.FIGURES.stream();
    }

    /** The figure for every query of {@link #queries()}, as JSON lines. */
    private static String render(String figure, List<EventEnvelope<? extends D2aEvent>> events) {
        LogFacts facts = factsOf(events);
        StringBuilder out = new StringBuilder();
        for (FigureQuery q : queries()) {
            out.append(json(ENGINE.compute(figure, facts, q))).append('\n');
        }
        return out.toString();
    }

    @Test
    void theCombinedLogIsNotTrivial() {
        LogFacts facts = factsOf(EVERYTHING);
        FigureQuery wide = period("2023-10-01", "2024-03-31").build();

        assertThat(facts.applied()).isEqualTo(EVERYTHING.size());
        assertThat(ENGINE.compute(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE, facts, wide).denominator()).isGreaterThan(20L);
        assertThat(ENGINE.compute(FigureEngine.STILL_AT_HOME_91, facts, wide).denominator()).isGreaterThan(5L);
        assertThat(ENGINE.compute(FigureEngine.PATHWAY_MIX, facts, wide).denominator()).isGreaterThan(20L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("figures")
    void shuffledArrivalOrdersGiveByteIdenticalFigures(String figure) {
        String inOrder = render(figure, EVERYTHING);

        for (long seed : SEEDS) {
            assertThat(render(figure, shuffled(EVERYTHING, seed))).as("seed %d", seed).isEqualTo(inOrder);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("figures")
    void placementAndCapacityEventsBeforeTheReferralsGiveTheSameFigures(String figure) {
        // placements and follow-ups first, then capacity, then the referral topic (submissions, discharges) last
        List<EventEnvelope<? extends D2aEvent>> topicsReversed = new ArrayList<>(EVERYTHING);
        topicsReversed.sort(Comparator.comparingInt(e -> e.event() instanceof PlacementEvent ? 0 : e.event() instanceof CapacityEvent ? 1 : 2));
        List<EventEnvelope<? extends D2aEvent>> newestFirst = new ArrayList<>(EVERYTHING);
        newestFirst.sort(Comparator.comparing((EventEnvelope<? extends D2aEvent> e) -> e.time()).reversed());

        String inOrder = render(figure, EVERYTHING);

        assertThat(render(figure, topicsReversed)).isEqualTo(inOrder);
        assertThat(render(figure, newestFirst)).isEqualTo(inOrder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("figures")
    void duplicatedDeliveriesNeverChangeAFigure(String figure) {
        List<EventEnvelope<? extends D2aEvent>> twice = new ArrayList<>(EVERYTHING);
        twice.addAll(shuffled(EVERYTHING, 3L)); // every event delivered again, in another order
        List<EventEnvelope<? extends D2aEvent>> interleaved = new ArrayList<>();
        for (EventEnvelope<? extends D2aEvent> e : EVERYTHING) {
            interleaved.add(e);
            interleaved.add(e); // redelivered at once
        }

        String once = render(figure, EVERYTHING);

        assertThat(render(figure, twice)).isEqualTo(once);
        assertThat(render(figure, shuffled(twice, 5L))).isEqualTo(once);
        assertThat(render(figure, interleaved)).isEqualTo(once);
    }

    @Test
    void duplicatesAreCountedAndIgnored() {
        LogFacts facts = new LogFacts();
        for (EventEnvelope<? extends D2aEvent> e : EVERYTHING) {
            assertThat(facts.apply(e)).isTrue();
        }
        for (EventEnvelope<? extends D2aEvent> e : shuffled(EVERYTHING, 11L)) {
            assertThat(facts.apply(e)).isFalse();
        }

        assertThat(facts.applied()).isEqualTo(EVERYTHING.size());
        assertThat(facts.duplicatesIgnored()).isEqualTo(EVERYTHING.size());
        assertThat(facts.newestRecordedAt()).isEqualTo(EVERYTHING.stream().map(EventEnvelope::time).max(Comparator.naturalOrder()).get());
    }

    @ParameterizedTest(name = "known at {0}")
    @ValueSource(strings = {"2023-12-31T23:59:59Z", "2024-01-03T09:00:00Z", "2024-01-05T12:00:00Z", "2024-03-01T09:30:00Z"})
    void asKnownAtReproducesThePastReturnFromTheLogAsItThenWas(String knownAt) {
        Instant t = Instant.parse(knownAt);
        List<EventEnvelope<? extends D2aEvent>> thenOnTheLog = EVERYTHING.stream().filter(e -> !e.time().isAfter(t)).toList();
        List<EventEnvelope<? extends D2aEvent>> allSoFar = shuffled(EVERYTHING, 17L);

        for (String figure : FigureEngine.FIGURES) {
            for (Queries q : List.of(period("2023-10-01", "2024-03-31").censusOn("2024-01-04").daily(),
                    period("2024-01-01", "2024-01-10").by(Breakdown.PATHWAY).censusOn("2024-01-02"))) {
                FigureQuery query = q.knownAt(t).build();
                String past = json(ENGINE.compute(figure, factsOf(thenOnTheLog), query));
                String now = json(ENGINE.compute(figure, factsOf(allSoFar), query));
                assertThat(now).as("%s as known at %s", figure, t).isEqualTo(past);
            }
        }
    }

    @Test
    void aDischargeRecordedAfterTheAsKnownAtTimeIsIgnored() {
        TestLog log = aLog().referral("r1").admitted("2024-01-20").submitted()
                .at("2024-04-02T08:00:00Z").dischargedHome("2024-02-01"); // keyed in after the quarter's return was made

        FigureQuery asReturned = period("2024-01-01", "2024-03-31").knownAt("2024-04-01T00:00:00Z").build();
        FigureQuery now = period("2024-01-01", "2024-03-31").knownAt(LATER).build();

        assertThat(ENGINE.compute(DISCHARGE_TO_USUAL_RESIDENCE, log.facts(), asReturned).denominator()).isEqualTo(0L);
        assertThat(ENGINE.compute(DISCHARGE_TO_USUAL_RESIDENCE, log.facts(), now).denominator()).isEqualTo(1L);
        // and the census still has the patient in hospital as then known
        assertThat(ENGINE.compute(FigureEngine.LENGTH_OF_STAY_CENSUS, log.facts(),
                Queries.census("2024-03-31").knownAt("2024-04-01T00:00:00Z").build()).measures()).containsEntry("count", 1L);
    }

    @Test
    void anEventAtExactlyTheAsKnownAtInstantIsKnown() {
        TestLog log = aLog().referral("r1").admitted("2024-01-20").submitted().at("2024-02-01T10:00:00Z").dischargedHome("2024-02-01");

        FigureQuery atTheInstant = period("2024-02-01", "2024-02-01").knownAt("2024-02-01T10:00:00Z").build();
        FigureQuery aMomentBefore = period("2024-02-01", "2024-02-01").knownAt("2024-02-01T09:59:59.999Z").build();

        assertThat(ENGINE.compute(DISCHARGE_TO_USUAL_RESIDENCE, log.facts(), atTheInstant).denominator()).isEqualTo(1L);
        assertThat(ENGINE.compute(DISCHARGE_TO_USUAL_RESIDENCE, log.facts(), aMomentBefore).denominator()).isEqualTo(0L);
    }

    @Test
    void sameInputsGiveTheSameBytes() {
        for (String figure : FigureEngine.FIGURES) {
            assertThat(render(figure, EVERYTHING)).isEqualTo(render(figure, EVERYTHING));
        }
    }
}
