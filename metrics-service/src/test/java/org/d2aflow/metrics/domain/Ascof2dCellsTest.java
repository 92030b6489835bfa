package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.contracts.ServiceType.REABLEMENT_HOME;
import static org.d2aflow.contracts.placement.Day91Status.AT_HOME;
import static org.d2aflow.contracts.placement.Day91Status.DIED;
import static org.d2aflow.metrics.domain.FigureEngine.ASCOF_2D;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.d2aflow.metrics.domain.cells.Ascof2dCells;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.CellValue;
import org.d2aflow.metrics.domain.cells.Dimension;
import org.d2aflow.metrics.domain.cells.Family;
import org.d2aflow.metrics.domain.cells.PatientContributions;
import org.d2aflow.metrics.domain.cells.ReferralContributions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code ASCOF_2D} cells at the edges of the measure (STREAMS.md 10g): a function of the person, not of one referral, so
 * a change of the person's other referral moves an earlier discharge's class (−1 old, +1 new); the London date that makes day
 * 84 reached; outcomes dated on the discharge day and the day before; a late follow-up and its correction; a corrected
 * discharge date moving both the cell and its 84 days; a withdrawn readmission; a voided discharge of a person with two
 * linked referrals. Every figure goes through {@link Queries#compute(String, TestLog)}: the reference and both cells paths
 * (Σ of(person, T), and the incremental store fed with the log as it was at T) print the same bytes.
 */
class Ascof2dCellsTest {

    private static final String REMAINED = Ascof2dCells.linked("75-84", false, false, false);
    private static final String READMITTED = Ascof2dCells.linked("75-84", false, true, false);

    private static Queries year() {
        return period("2024-04-01", "2025-03-31");
    }

    /** Ann, 80: admitted 1 Jun 2024 (emergency), discharged home 10 Jun into home reablement started that day; recorded 10 Jun. */
    private static TestLog ann() {
        return aLog().on("2024-06-10").referral("r1").patient("pk-ann").aged(80).admitted("2024-06-01").admissionMethod("21")
                .dischargedHome("2024-06-10").placement("p1", "hf", REABLEMENT_HOME, "2024-06-10");
    }

    /** The incremental store's ASCOF_2D cells of dimension none fed with the events recorded by the instant: day → counters. */
    private static Map<LocalDate, Map<String, Long>> storedCells(TestLog log, Instant at) {
        CellsTwin.IncrementalStore store = new CellsTwin.IncrementalStore()
                .applyAll(log.envelopes().stream().filter(e -> !e.time().truncatedTo(ChronoUnit.MICROS).isAfter(at)).toList());
        Map<LocalDate, Map<String, Long>> out = new TreeMap<>();
        store.cells.forEach((k, v) -> {
            if (k.family() == Family.ASCOF_2D && k.dimension() == Dimension.NONE) {
                out.put(k.businessDay(), v.counters());
            }
        });
        return out;
    }

    @Test
    void aLateEmergencyReadmissionMovesTheEarlierDischargeFromRemainedToReadmitted() {
        TestLog log = ann().on("2024-09-20").referral("r2").patient("pk-ann").aged(80).admitted("2024-08-01").admissionMethod("21")
                .submitted();
        Instant before = Instant.parse("2024-09-19T12:00:00Z");

        assertThat(storedCells(log, before)).containsExactly(Map.entry(LocalDate.parse("2024-06-10"), Map.of(REMAINED, 1L)));
        // the person's cells moved when their other referral was submitted: the old class out, the new one in
        assertThat(storedCells(log, ReferralContributions.ALWAYS))
                .containsExactly(Map.entry(LocalDate.parse("2024-06-10"), Map.of(READMITTED, 1L)));
        Figure then = year().knownAt(before).compute(ASCOF_2D, log);
        assertThat(then.numerator()).isEqualTo(1L);
        assertThat(measure(then, "readmitted")).isEqualTo(0L);
        Figure now = year().compute(ASCOF_2D, log);
        assertThat(now.numerator()).isZero();
        assertThat(now.denominator()).isEqualTo(1L);
        assertThat(now.drillDown().other().get("readmitted")).containsExactly("r1");
        // r2 has no discharge: it adds no cell, but it is in r1's person
        LogFacts facts = log.facts();
        List<ReferralFacts> person = List.of(facts.referralOrNull("r1"), facts.referralOrNull("r2"));
        assertThat(PatientContributions.of(facts.referralOrNull("r2"), person, ReferralContributions.ALWAYS).isEmpty()).isTrue();
        assertThat(PatientContributions.of(person, ReferralContributions.ALWAYS))
                .isEqualTo(PatientContributions.of(facts.referralOrNull("r1"), person, ReferralContributions.ALWAYS));
    }

    @ParameterizedTest(name = "as known at {0} -> pending {1}")
    @CsvSource(textBlock = """
            2024-09-01T22:59:59.999999Z, 1
            2024-09-01T23:00:00Z,        0
            2024-09-01T23:30:00Z,        0
            """)
    void day84IsReachedAtLondonMidnightNotUtcMidnight(String knownAt, long pending) {
        // 10 Jun + 84 = 2 Sep 2024, which begins in London (BST) at 23:00 UTC on 1 Sep
        Figure f = year().knownAt(knownAt).compute(ASCOF_2D, ann());

        assertThat(measure(f, "pending")).isEqualTo(pending);
        assertThat(f.denominator()).isEqualTo(1L - pending);
        assertThat(f.drillDown().other().containsKey("pending")).isEqualTo(pending == 1);
    }

    @ParameterizedTest(name = "died since {0} -> remained {1}")
    @CsvSource(textBlock = """
            2024-06-09, 1
            2024-06-10, 0
            """)
    void anOutcomeCountsFromTheDischargeDayNotTheDayBefore(String since, long remained) {
        Figure f = year().compute(ASCOF_2D, ann().followUpSince("p1", DIED, "2024-09-10", since));

        assertThat(f.numerator()).isEqualTo(remained);
        assertThat(measure(f, "died")).isEqualTo(1L - remained);
    }

    @Test
    void aLateFollowUpCountsFromWhenItWasRecordedAndItsCorrectionUndoesIt() {
        TestLog log = ann().on("2024-10-15").forReferral("r1").followUpSince("p1", DIED, "2024-10-15", "2024-08-01")
                .on("2024-10-20").forReferral("r1").correctedFollowUp("p1", AT_HOME, "2024-10-20");

        assertThat(year().knownAt("2024-10-14T12:00:00Z").compute(ASCOF_2D, log).numerator()).isEqualTo(1L);
        Figure died = year().knownAt("2024-10-16T12:00:00Z").compute(ASCOF_2D, log);
        assertThat(died.numerator()).isZero();
        assertThat(died.drillDown().other().get("died")).containsExactly("r1");
        assertThat(year().compute(ASCOF_2D, log).numerator()).isEqualTo(1L);
        assertThat(storedCells(log, Instant.parse("2024-10-16T12:00:00Z")).get(LocalDate.parse("2024-06-10")))
                .isEqualTo(Map.of(Ascof2dCells.linked("75-84", true, false, false), 1L));
    }

    @Test
    void aCorrectedDischargeDateMovesTheCellAndItsEightyFourDays() {
        // r2 is admitted on day 85 of the discharge as first keyed (not a readmission), day 83 of the corrected one (a readmission)
        TestLog log = ann().referral("r2").patient("pk-ann").aged(80).admitted("2024-09-03").admissionMethod("2A")
                .on("2024-09-10").forReferral("r1").correctedDischarge("2024-06-12", "19", "1");
        Instant before = Instant.parse("2024-09-09T12:00:00Z"); // day 84 reached for both dates

        assertThat(storedCells(log, before)).containsExactly(Map.entry(LocalDate.parse("2024-06-10"), Map.of(REMAINED, 1L)));
        assertThat(storedCells(log, ReferralContributions.ALWAYS))
                .containsExactly(Map.entry(LocalDate.parse("2024-06-12"), Map.of(READMITTED, 1L)));
        assertThat(year().knownAt(before).compute(ASCOF_2D, log).numerator()).isEqualTo(1L);
        assertThat(measure(year().compute(ASCOF_2D, log), "readmitted")).isEqualTo(1L);
        // the period of the old day alone, as known before and after the correction: the drill-down finds r1 only before
        assertThat(period("2024-06-10", "2024-06-10").knownAt(before).compute(ASCOF_2D, log).drillDown().denominator()).containsExactly("r1");
        assertThat(period("2024-06-10", "2024-06-10").compute(ASCOF_2D, log).drillDown().denominator()).isEmpty();
    }

    @Test
    void aWithdrawnEmergencyReferralIsStillAReadmission() {
        // as the reference: a spell is its submission; a withdrawal ends the referral, not the admission
        TestLog log = ann().on("2024-07-02").referral("r2").patient("pk-ann").aged(80).admitted("2024-07-01").admissionMethod("21")
                .withdrawn("no longer needed");

        assertThat(measure(year().compute(ASCOF_2D, log), "readmitted")).isEqualTo(1L);
    }

    @Test
    void aPersonWithTwoLinkedDischargesAndAVoid() {
        // r1 discharged 10 Jun, r2 an emergency admission on 1 Jul (r1's readmission), discharged 10 Jul into reablement:
        // r1 readmitted, r2 remained (r1 was admitted before r2's discharge, so it is not r2's readmission)
        TestLog log = ann().on("2024-07-10").referral("r2").patient("pk-ann").aged(70).admitted("2024-07-01").admissionMethod("21")
                .dischargedHome("2024-07-10").placement("p2", "hf", REABLEMENT_HOME, "2024-07-12")
                .on("2024-10-15").forReferral("r1").voidedDischarge();
        Instant beforeVoid = Instant.parse("2024-10-14T12:00:00Z"); // day 84 reached for both

        Figure both = year().knownAt(beforeVoid).compute(ASCOF_2D, log);
        assertThat(both.drillDown().denominator()).containsExactly("r1", "r2");
        assertThat(both.drillDown().numerator()).containsExactly("r2");
        assertThat(both.drillDown().other().get("readmitted")).containsExactly("r1");
        assertThat(measure(both, "ageBands.65-74.numerator")).isEqualTo(1L);
        assertThat(storedCells(log, beforeVoid)).containsExactly(Map.entry(LocalDate.parse("2024-06-10"), Map.of(READMITTED, 1L)),
                Map.entry(LocalDate.parse("2024-07-10"), Map.of(Ascof2dCells.linked("65-74", false, false, false), 1L)));

        Figure voided = year().compute(ASCOF_2D, log);
        assertThat(voided.drillDown().denominator()).containsExactly("r2");
        assertThat(voided.numerator()).isEqualTo(1L);
        assertThat(storedCells(log, ReferralContributions.ALWAYS)).containsOnlyKeys(LocalDate.parse("2024-07-10"));
    }

    @Test
    void aDischargeWithoutItsSubmissionHasNoPersonAndCountsOnlyAsIncomplete() {
        TestLog log = ann().referral("r3").withoutSubmission().dischargedHome("2024-06-11");

        Figure f = year().compute(ASCOF_2D, log);

        assertThat(f.incomplete()).containsEntry("dischargedWithoutSubmission", 1L);
        assertThat(f.drillDown().other().get("dischargedWithoutSubmission")).containsExactly("r3");
        assertThat(PatientContributions.personOf(log.facts().referralOrNull("r3"))).isNull();
        assertThat(storedCells(log, ReferralContributions.ALWAYS)).containsOnlyKeys(LocalDate.parse("2024-06-10"));
    }

    /** The cell keys of a case: one group of every dimension on the discharge day. */
    @Test
    void oneCellPerDimensionOnTheDischargeDay() {
        LogFacts facts = ann().facts();
        ReferralFacts r1 = facts.referralOrNull("r1");
        Map<CellKey, CellValue> cells = PatientContributions.of(List.of(r1), ReferralContributions.ALWAYS).cells();

        assertThat(cells).hasSize(Dimension.values().length);
        assertThat(cells.keySet()).allSatisfy(k -> assertThat(k.businessDay()).isEqualTo(LocalDate.parse("2024-06-10")));
        assertThat(cells.values()).containsOnly(CellValue.count(REMAINED));
    }
}
