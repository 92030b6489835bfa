package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.returns.DischargeSitrep;
import org.d2aflow.metrics.domain.returns.NationalReturn;
import org.d2aflow.metrics.domain.returns.NationalReturns;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.d2aflow.metrics.domain.returns.Revisions;
import org.junit.jupiter.api.Test;

/**
 * Per-cell sources of the two discharge returns and the revision report between two as-known-at instants, on the
 * hand-worked log of {@link DischargeReturnsTest}: April's late discharge of ref-d and the DRD correction of ref-c.
 */
class ReturnRevisionsTest {

    private static final NationalReturn SITREP = NationalReturns.byName("discharge-sitrep").orElseThrow();
    private static final NationalReturn TIMELINESS = NationalReturns.byName("drd-timeliness").orElseThrow();
    private static final ReturnPeriod DAY = ReturnPeriod.Kind.DAY.parse("2024-03-10").orElseThrow();
    private static final ReturnPeriod MARCH = ReturnPeriod.Kind.MONTH.parse("2024-03").orElseThrow();
    private static final Instant T1 = LocalDate.parse("2024-03-11").atStartOfDay(FigureQuery.ZONE).toInstant();
    private static final Instant T2 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void eachSitrepCountNamesTheReferralsCountedInIt() {
        ReturnTable t = SITREP.compute(DischargeReturnsTest.march().facts(), DAY, T1);
        Map<String, Set<String>> sources = sourcesByColumn(t);
        assertThat(sources.get("Date")).isEmpty();
        assertThat(sources.get("Number of patients who no longer meet the criteria to reside"))
                .containsExactlyInAnyOrder(refs("a", "b", "c", "d", "g", "h"));
        assertThat(sources.get("Number of patients discharged")).containsExactlyInAnyOrder(refs("a", "b", "g", "h"));
        assertThat(sources.get("P1 - Domestic home with reablement support")).containsExactly(refs("a"));
        assertThat(sources.get("P3b - Care Home (existing resident discharged back)")).containsExactly(refs("b"));
        assertThat(sources.get("Number of patients remaining in hospital who no longer meet the criteria to reside"))
                .containsExactlyInAnyOrder(refs("c", "d"));
        // Every count equals the number of its sources.
        for (int c = 1; c < t.columns().size(); c++) {
            assertThat(t.sources().get(0).get(c)).as(t.columns().get(c).name()).hasSize(Integer.parseInt(t.rows().get(0).get(c)));
        }
    }

    @Test
    void eachTimelinessBandNamesItsReferralsAndTheTotalsNameThemAll() {
        ReturnTable t = TIMELINESS.compute(DischargeReturnsTest.march().facts(), MARCH, T2);
        Map<String, Set<String>> sources = sourcesByColumn(t);
        // Discharged in March with a DRD: a (5), b (8), f (28), g (6), h (2), i (0).
        assertThat(sources.get("Total # of patients discharged")).containsExactlyInAnyOrder(refs("a", "b", "f", "g", "h", "i"));
        assertThat(sources.get("No delay (#)")).containsExactly(refs("i"));
        assertThat(sources.get("4-6 days (#)")).containsExactlyInAnyOrder(refs("a", "g"));
        assertThat(sources.get("21+ days (#)")).containsExactly(refs("f"));
        assertThat(sources.get("Average days from DRD to DoD (exc 0-day delays)")).hasSize(6);
        assertThat(sources.get("Month")).isEmpty();
    }

    @Test
    void theRevisionReportListsExactlyTheChangedCellsAndTheLateAndCorrectedFactsBehindThem() {
        LogFacts facts = DischargeReturnsTest.april().facts();
        ReturnTable before = SITREP.compute(facts, DAY, T1);
        ReturnTable after = SITREP.compute(facts, DAY, T2);
        assertThat(before.csv()).isEqualTo(SITREP.compute(DischargeReturnsTest.march().facts(), DAY, T1).csv());

        List<Revisions.Change> changes = Revisions.between(SITREP, before, after, facts, T1, T2);

        // ref-d discharged home on P1 on the 10th (keyed in April); ref-c's DRD corrected to the 12th: no longer NCTR on the 10th.
        assertThat(changes).extracting(c -> c.column() + ": " + c.oldValue() + " -> " + c.newValue()).containsExactly(
                "Number of patients who no longer meet the criteria to reside: 6 -> 5",
                "Number of patients discharged: 4 -> 5",
                "P1 - Domestic home with reablement support: 1 -> 2",
                "Number of patients remaining in hospital who no longer meet the criteria to reside: 2 -> 0",
                "LoS 7+ days: " + label("8") + ": 1 -> 0",
                "LoS 7+ days: " + label("15") + ": 1 -> 0",
                "LoS 14+ days: " + label("15") + ": 1 -> 0",
                "LoS 21+ days: " + label("15") + ": 1 -> 0");
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(Revisions.Kind.CHANGED);
            assertThat(c.row()).containsExactly(Map.entry("Date", "2024-03-10"));
        });

        Revisions.Change nctr = changes.get(0);
        assertThat(nctr.sources()).containsExactly(refs("a", "b", "c", "d", "g", "h"));
        assertThat(nctr.facts()).extracting(f -> f.subject() + " " + f.type() + " " + f.businessDate()).containsExactly(
                "referral:ref-c " + DischargeReadyDateCorrected.TYPE + " 2024-03-12",
                "referral:ref-d " + PathwayDecided.TYPE + " 2024-03-03",
                "referral:ref-d " + PatientDischarged.TYPE + " 2024-03-10");
        assertThat(nctr.facts()).allSatisfy(f -> {
            assertThat(f.recordedAt()).isAfter(T1).isBeforeOrEqualTo(T2);
            assertThat(f.eventId()).isNotBlank();
        });
        // A cell only ref-d moved names only ref-d's facts.
        assertThat(changes.get(2).facts()).extracting(Revisions.Fact::subject).containsOnly("referral:ref-d").hasSize(2);
        assertThat(changes.get(6).facts()).extracting(Revisions.Fact::type).containsExactly(DischargeReadyDateCorrected.TYPE);

        // Nothing changes between an instant and itself; the CSV has one line per change and fact.
        assertThat(Revisions.between(SITREP, after, after, facts, T2, T2)).isEmpty();
        String csv = Revisions.csv(changes);
        assertThat(csv.split("\r\n")).hasSize(1 + 3 + 2 + 2 + 3 + 2 + 1 + 1 + 1);
        assertThat(csv).startsWith("Row,Column,Change,Old value,New value,Fact type,Subject,Business date,Recorded at,Event id\r\n"
                + "2024-03-10,Number of patients who no longer meet the criteria to reside,changed,6,5," + DischargeReadyDateCorrected.TYPE
                + ",referral:ref-c,2024-03-12,");
    }

    @Test
    void rowsAddedAndRemovedAreListedCellByCell() {
        ReturnTable one = new ReturnTable("t", "1", SITREP.columns().subList(0, 2), List.of(List.of("2024-03-10", "3")),
                List.of(List.of(Set.of(), Set.of("referral:ref-a"))));
        ReturnTable other = new ReturnTable("t", "1", SITREP.columns().subList(0, 2), List.of(List.of("2024-03-11", "1")),
                List.of(List.of(Set.of(), Set.of("referral:ref-b"))));
        List<Revisions.Change> changes = Revisions.between(SITREP, one, other, new LogFacts(), T1, T2);
        assertThat(changes).extracting(c -> c.row().get("Date") + " " + c.kind() + " " + c.oldValue() + " " + c.newValue())
                .containsExactly("2024-03-10 ROW_REMOVED 3 null", "2024-03-11 ROW_ADDED null 1");
    }

    private static String label(String code) {
        return DischargeSitrep.REASONS.codes().stream().filter(c -> c.code().equals(code)).findFirst().orElseThrow().label();
    }

    private static String[] refs(String... letters) {
        return java.util.Arrays.stream(letters).map(l -> "referral:ref-" + l).toArray(String[]::new);
    }

    private static Map<String, Set<String>> sourcesByColumn(ReturnTable t) {
        Map<String, Set<String>> m = new java.util.LinkedHashMap<>();
        for (int c = 0; c < t.columns().size(); c++) {
            m.put(t.columns().get(c).name(), t.sources().get(0).get(c));
        }
        return m;
    }
}
