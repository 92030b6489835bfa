package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.returns.NationalReturn;
import org.d2aflow.metrics.domain.returns.NationalReturns;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.junit.jupiter.api.Test;

/**
 * The two Better Care Fund returns on small hand-worked logs: the quarterly metrics of 2024-25 Q1 (a late discharge keyed
 * in October) and the capacity-and-demand sheet of 2024-25 (a capacity change and a decision keyed in late, in June). Each
 * late fact is absent from the return as known before it was recorded, byte for byte, and present after.
 */
class BcfReturnsTest {

    private static final NationalReturn BCF = NationalReturns.byName("bcf-quarterly").orElseThrow();
    private static final NationalReturn CAPACITY = NationalReturns.byName("capacity-demand").orElseThrow();
    private static final ReturnPeriod Q1 = ReturnPeriod.Kind.QUARTER.parse("2024-25-Q1").orElseThrow();
    private static final ReturnPeriod YEAR = ReturnPeriod.Kind.FINANCIAL_YEAR.parse("2024-25").orElseThrow();
    private static final Instant END_OF_MAY = endOf("2024-05-31");
    private static final Instant END_OF_SEPTEMBER = endOf("2024-09-30");
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    private static final String DELAY = "Average length of discharge delay (days)";
    private static final String ON_DRD = "Discharged on their discharge ready date (%)";
    private static final String DELAYED = "Average delay of those not discharged on their discharge ready date (days)";
    private static final String ASCOF_2D = "ASCOF 2D: aged 65+ discharged into reablement, remained in the community after 84 days (%)";
    private static final String LEGACY_91 = "Legacy ASCOF 2B(1): aged 65+ discharged into reablement or rehabilitation, still at home after 91 days (%)";
    private static final String HOME = "Discharge to usual place of residence (%)";

    private static Instant endOf(String date) {
        return LocalDate.parse(date).plusDays(1).atStartOfDay(FigureQuery.ZONE).toInstant();
    }

    /** The first quarter of 2024-25 as the log stood at the end of September. */
    private static TestLog quarter() {
        return aLog().on("2024-04-05")
                // 80, discharged home on the DRD (delay 0) into reablement from the next day; at home at day 91, in the community at day 84
                .referral("ref-a").admitted("2024-04-01").aged(80).submitted().drd("2024-04-05")
                .decided(Pathway.P1, ServiceType.REABLEMENT_HOME, "2024-04-05").dischargedHome("2024-04-05")
                .placement("pl-a", "svc-r", ServiceType.REABLEMENT_HOME, "2024-04-06")
                // 85, home 4 days after the DRD into reablement the same day; died in it on 1 May; no follow-up at day 91
                .on("2024-04-12").referral("ref-b").admitted("2024-04-02").aged(85).submitted().drd("2024-04-08").dischargedHome("2024-04-12")
                .placement("pl-b", "svc-r", ServiceType.REABLEMENT_HOME, "2024-04-12")
                .on("2024-05-01").forReferral("ref-b").placementEnded("pl-b", "2024-05-01", EndReason.DIED)
                // 60, to a care home 7 days after the DRD: not home; too young for 2D and 2B(1)
                .on("2024-05-10").referral("ref-c").admitted("2024-05-01").aged(60).submitted().drd("2024-05-03").discharged("2024-05-10", "54", "1")
                // 70, discharge ready on 17 May; its discharge on the 20th is keyed in only in October (later())
                .referral("ref-l").admitted("2024-05-10").aged(70).submitted().drd("2024-05-17")
                // 90, died in hospital on the DRD: a delay of 0, left out of home and of 2D (method 4, destination 79)
                .on("2024-06-10").referral("ref-d").admitted("2024-06-01").aged(90).submitted().drd("2024-06-10").discharged("2024-06-10", "79", "4")
                // 75, home with no DRD recorded: incomplete for the delay; eligible for 2D but not into reablement
                .on("2024-06-20").referral("ref-e").admitted("2024-06-05").aged(75).submitted().dischargedHome("2024-06-20")
                .on("2024-07-10").forReferral("ref-a").followUp("pl-a", Day91Status.AT_HOME, "2024-07-08");
    }

    private static TestLog october() {
        return quarter().on("2024-10-05").forReferral("ref-l").dischargedHome("2024-05-20");
    }

    @Test
    void theQuarterlyMetricsAreReadFromTheFiguresPerMonthAndForTheQuarter() {
        ReturnTable t = BCF.compute(quarter().facts(), Q1, END_OF_SEPTEMBER);
        Map<String, String> expected = new LinkedHashMap<>();
        // delays: April a 0, b 4; May c 7; June d 0 (e has no DRD); the quarter 11 days over 4, 2 of them on the DRD
        expected.put(DELAY + "|2024-04", "4|2|2.00|");
        expected.put(DELAY + "|2024-05", "7|1|7.00|");
        expected.put(DELAY + "|2024-06", "0|1|0.00|dischargedWithoutDrd=1");
        expected.put(DELAY + "|2024-25-Q1", "11|4|2.75|dischargedWithoutDrd=1");
        expected.put(ON_DRD + "|2024-04", "1|2|50.0|");
        expected.put(ON_DRD + "|2024-05", "0|1|0.0|");
        expected.put(ON_DRD + "|2024-06", "1|1|100.0|dischargedWithoutDrd=1");
        expected.put(ON_DRD + "|2024-25-Q1", "2|4|50.0|dischargedWithoutDrd=1");
        expected.put(DELAYED + "|2024-04", "4|1|4.00|");
        expected.put(DELAYED + "|2024-05", "7|1|7.00|");
        expected.put(DELAYED + "|2024-06", "0|0||dischargedWithoutDrd=1");
        expected.put(DELAYED + "|2024-25-Q1", "11|2|5.50|dischargedWithoutDrd=1");
        // 2D: a remained, b died within 84 days; c too young, d excluded, e not into reablement
        expected.put(ASCOF_2D + "|2024-04", "1|2|50.0|");
        expected.put(ASCOF_2D + "|2024-05", "0|0||");
        expected.put(ASCOF_2D + "|2024-06", "0|0||");
        expected.put(ASCOF_2D + "|2024-25-Q1", "1|2|50.0|");
        // 2B(1): a at home; b has no follow-up, so unknown: in the denominator, not at home, and reported
        expected.put(LEGACY_91 + "|2024-04", "1|2|50.0|missingFollowUps=1");
        expected.put(LEGACY_91 + "|2024-05", "0|0||");
        expected.put(LEGACY_91 + "|2024-06", "0|0||");
        expected.put(LEGACY_91 + "|2024-25-Q1", "1|2|50.0|missingFollowUps=1");
        // home: a, b, e home; c to a care home; d died (left out)
        expected.put(HOME + "|2024-04", "2|2|100.0|");
        expected.put(HOME + "|2024-05", "0|1|0.0|");
        expected.put(HOME + "|2024-06", "1|1|100.0|");
        expected.put(HOME + "|2024-25-Q1", "3|4|75.0|");
        assertThat(cells(t, 2, 6)).containsExactlyEntriesOf(expected);

        assertThat(source(t, DELAY + "|2024-25-Q1", 2)).containsExactly("referral:ref-a", "referral:ref-b", "referral:ref-c", "referral:ref-d");
        assertThat(source(t, ON_DRD + "|2024-25-Q1", 2)).containsExactly("referral:ref-a", "referral:ref-d");
        assertThat(source(t, DELAYED + "|2024-25-Q1", 3)).containsExactly("referral:ref-b", "referral:ref-c");
        assertThat(source(t, DELAY + "|2024-06", 5)).containsExactly("referral:ref-e");
        assertThat(source(t, ASCOF_2D + "|2024-04", 2)).containsExactly("referral:ref-a");
        assertThat(source(t, ASCOF_2D + "|2024-04", 4)).containsExactly("referral:ref-a", "referral:ref-b");
        assertThat(source(t, LEGACY_91 + "|2024-04", 5)).containsExactly("referral:ref-b");
        assertThat(source(t, HOME + "|2024-25-Q1", 3)).containsExactly("referral:ref-a", "referral:ref-b", "referral:ref-c", "referral:ref-e");
        assertThat(t.sources().get(0).get(0)).isEmpty();
        assertThat(t.sources().get(0).get(6)).isEmpty();
        assertThat(t.rows().get(0).get(6)).contains("METRICS.md 4");
        assertThat(t.csv()).doesNotContain("ref-");
    }

    @Test
    void aDischargeKeyedInLateIsAbsentAsKnownBeforeItAndPresentAfter() {
        String then = BCF.compute(quarter().facts(), Q1, END_OF_SEPTEMBER).csv();
        LogFacts now = october().facts();
        ReturnTable before = BCF.compute(now, Q1, END_OF_SEPTEMBER);
        assertThat(before.csv()).isEqualTo(then);
        assertThat(before.sources().toString()).doesNotContain("ref-l");

        ReturnTable after = BCF.compute(now, Q1, LATER);
        Map<String, String> cells = cells(after, 2, 6);
        // l: 70, home on 20 May, 3 days after the DRD, not into reablement: May and the quarter change, 2D and 2B(1) do not
        assertThat(cells).containsEntry(DELAY + "|2024-05", "10|2|5.00|").containsEntry(DELAY + "|2024-25-Q1", "14|5|2.80|dischargedWithoutDrd=1")
                .containsEntry(ON_DRD + "|2024-25-Q1", "2|5|40.0|dischargedWithoutDrd=1")
                .containsEntry(DELAYED + "|2024-25-Q1", "14|3|4.67|dischargedWithoutDrd=1")
                .containsEntry(ASCOF_2D + "|2024-25-Q1", "1|2|50.0|").containsEntry(LEGACY_91 + "|2024-25-Q1", "1|2|50.0|missingFollowUps=1")
                .containsEntry(HOME + "|2024-05", "1|2|50.0|").containsEntry(HOME + "|2024-25-Q1", "4|5|80.0|")
                .containsEntry(HOME + "|2024-04", "2|2|100.0|");
        assertThat(source(after, DELAYED + "|2024-05", 3)).containsExactly("referral:ref-c", "referral:ref-l");
        assertThat(source(after, HOME + "|2024-05", 2)).containsExactly("referral:ref-l");
        assertThat(source(after, ASCOF_2D + "|2024-25-Q1", 3)).doesNotContain("referral:ref-l");
    }

    /** The capacity-and-demand log of April and May 2024, as it stood at the end of May. */
    private static TestLog spring() {
        return aLog().on("2024-04-01")
                .service("svc-rh", ServiceType.REABLEMENT_HOME, "East", CapacityUnit.PACKAGE).capacity("svc-rh", 10, "2024-04-01")
                .service("svc-bed", ServiceType.BEDDED_REHAB, "West", CapacityUnit.BED).capacity("svc-bed", 4, "2024-04-11")
                // r1: reablement decided 5 April, placed 8 April, released 18 April (10 package-days)
                .on("2024-04-05").referral("r1").admitted("2024-04-01").submitted().decided(Pathway.P1, ServiceType.REABLEMENT_HOME, "2024-04-05")
                .on("2024-04-08").forReferral("r1").claimed("svc-rh", "c1", "2024-04-08")
                .on("2024-04-18").released("svc-rh", "c1", "2024-04-18")
                // r2: reablement decided 20 April, declined: not met
                .on("2024-04-20").referral("r2").admitted("2024-04-15").submitted().decided(Pathway.P1, ServiceType.REABLEMENT_HOME, "2024-04-20")
                .declinedBy("svc-rh", ServiceType.REABLEMENT_HOME, "East", "2024-04-21")
                // r3: a rehab bed decided 28 April, claimed that day for the 29th and never released
                .on("2024-04-28").referral("r3").admitted("2024-04-20").submitted().decided(Pathway.P2, ServiceType.BEDDED_REHAB, "2024-04-28")
                .claimed("svc-bed", "c3", "2024-04-29")
                // r4: rehab at home decided 2 May, for which no service is registered
                .on("2024-05-02").referral("r4").admitted("2024-04-25").submitted().decided(Pathway.P1, ServiceType.REHAB_HOME, "2024-05-02");
    }

    /** What June brought: svc-rh's rise to 12 packages from 16 May, and r5's reablement decision of 10 May, both keyed in late. */
    private static TestLog june() {
        return spring().on("2024-06-20").capacity("svc-rh", 12, "2024-05-16")
                .referral("r5").admitted("2024-05-01").submitted().decided(Pathway.P1, ServiceType.REABLEMENT_HOME, "2024-05-10");
    }

    @Test
    void theSheetSetsDemandByMonthAndServiceTypeAgainstDeclaredCapacity() {
        ReturnTable t = CAPACITY.compute(spring().facts(), YEAR, END_OF_MAY);
        assertThat(t.rows()).hasSize(12 * 6);
        assertThat(t.rows().get(0).subList(0, 3)).containsExactly("2024-04", "P1", "REABLEMENT_HOME");
        assertThat(t.rows().get(71).subList(0, 3)).containsExactly("2025-03", "P3", "SHORT_TERM_CARE_HOME");
        Map<String, String> cells = cells(t, 3, 10);
        // April: 10 packages x 30 days; r1 held one 8-17 April; r2 not met
        assertThat(cells).containsEntry("2024-04|P1|REABLEMENT_HOME", "2|1|1|300|10.00|10|290")
                .containsEntry("2024-04|P1|REHAB_HOME", "0|0|0|0|0.00|0|0")
                // beds from 11 April: 4 x 20 days, 80/30 = 2.67; r3 held one on 29 and 30 April
                .containsEntry("2024-04|P2|BEDDED_REHAB", "1|1|0|80|2.67|2|78")
                .containsEntry("2024-05|P1|REABLEMENT_HOME", "0|0|0|310|10.00|0|310")
                .containsEntry("2024-05|P1|REHAB_HOME", "1|0|1|0|0.00|0|0")
                .containsEntry("2024-05|P2|BEDDED_REHAB", "0|0|0|124|4.00|31|93")
                .containsEntry("2024-06|P2|BEDDED_REHAB", "0|0|0|120|4.00|30|90")
                .containsEntry("2024-04|P2|BEDDED_REABLEMENT", "0|0|0|0|0.00|0|0");

        assertThat(source(t, "2024-04|P1|REABLEMENT_HOME", 3)).containsExactly("referral:r1", "referral:r2");
        assertThat(source(t, "2024-04|P1|REABLEMENT_HOME", 4)).containsExactly("referral:r1");
        assertThat(source(t, "2024-04|P1|REABLEMENT_HOME", 5)).containsExactly("referral:r2");
        assertThat(source(t, "2024-04|P1|REABLEMENT_HOME", 6)).containsExactly("service:svc-rh");
        assertThat(source(t, "2024-04|P1|REABLEMENT_HOME", 8)).containsExactly("referral:r1", "service:svc-rh");
        assertThat(source(t, "2024-05|P1|REABLEMENT_HOME", 8)).isEmpty();
        assertThat(source(t, "2024-05|P2|BEDDED_REHAB", 9)).containsExactly("referral:r3", "service:svc-bed");
        assertThat(t.sources().get(0).subList(0, 3)).allMatch(Set::isEmpty);
        assertThat(t.csv()).startsWith("Month,Pathway,Service type,Demand (referrals),").doesNotContain("r1").doesNotContain("svc-");
    }

    @Test
    void aCapacityChangeAndADecisionKeyedInLateAreAbsentAsKnownBeforeThemAndPresentAfter() {
        String then = CAPACITY.compute(spring().facts(), YEAR, END_OF_MAY).csv();
        LogFacts now = june().facts();
        assertThat(CAPACITY.compute(now, YEAR, END_OF_MAY).csv()).isEqualTo(then);

        ReturnTable after = CAPACITY.compute(now, YEAR, LATER);
        // May: 10 x 15 days + 12 x 16 days = 342 package-days, 342/31 = 11.03; r5 decided in May and not placed
        assertThat(cells(after, 3, 10)).containsEntry("2024-05|P1|REABLEMENT_HOME", "1|0|1|342|11.03|0|342")
                .containsEntry("2024-06|P1|REABLEMENT_HOME", "0|0|0|360|12.00|0|360")
                .containsEntry("2024-04|P1|REABLEMENT_HOME", "2|1|1|300|10.00|10|290");
        assertThat(source(after, "2024-05|P1|REABLEMENT_HOME", 5)).containsExactly("referral:r5");
    }

    @Test
    void eachCsvHeaderIsItsPublishedDictionary() throws IOException {
        String dictionary = Files.readString(Path.of("RETURNS-COLUMNS.md"));
        for (var check : List.of(List.of(BCF, Q1, quarter().facts()), List.of(CAPACITY, YEAR, spring().facts()))) {
            NationalReturn r = (NationalReturn) check.get(0);
            String csv = r.compute((LogFacts) check.get(2), (ReturnPeriod) check.get(1), LATER).csv();
            List<String> header = Arrays.asList(csv.substring(0, csv.indexOf("\r\n")).split(",", -1));
            assertThat(header).as(r.name()).isEqualTo(publishedColumns(dictionary, r.name())).hasSize(r.columns().size());
            assertThat(header.subList(0, r.keyColumns())).as(r.name()).isNotEmpty();
        }
    }

    @Test
    void theKeyColumnsMakeEveryRowUnique() {
        for (ReturnTable t : List.of(BCF.compute(october().facts(), Q1, LATER), CAPACITY.compute(june().facts(), YEAR, LATER))) {
            int keys = NationalReturns.byName(t.name()).orElseThrow().keyColumns();
            assertThat(t.rows().stream().map(r -> r.subList(0, keys)).distinct().count()).as(t.name()).isEqualTo(t.rows().size());
        }
    }

    @Test
    void theOrderTheEventsArriveInChangesNeitherCellsNorSources() {
        for (long seed = 1; seed <= 5; seed++) {
            for (var c : List.of(List.of(BCF, Q1, october()), List.of(CAPACITY, YEAR, june()))) {
                NationalReturn r = (NationalReturn) c.get(0);
                ReturnPeriod p = (ReturnPeriod) c.get(1);
                TestLog log = (TestLog) c.get(2);
                for (Instant at : List.of(END_OF_MAY, END_OF_SEPTEMBER, LATER)) {
                    ReturnTable inOrder = r.compute(log.facts(), p, at);
                    ReturnTable shuffled = r.compute(TestLog.factsOf(TestLog.shuffled(log.envelopes(), seed)), p, at);
                    assertThat(shuffled.csv()).as(r.name() + " " + at).isEqualTo(inOrder.csv());
                    assertThat(shuffled.sources()).as(r.name() + " " + at).isEqualTo(inOrder.sources());
                }
            }
        }
    }

    /** The "Column" cells of the table under "## name:" in the dictionary, unescaped. */
    static List<String> publishedColumns(String dictionary, String name) {
        List<String> lines = dictionary.lines().toList();
        int i = lines.indexOf(lines.stream().filter(l -> l.startsWith("## " + name + ":")).findFirst().orElseThrow());
        while (!lines.get(i).startsWith("| # | Column |")) {
            i++;
        }
        List<String> columns = new ArrayList<>();
        for (i += 2; i < lines.size() && lines.get(i).startsWith("| "); i++) {
            String[] cells = lines.get(i).split("(?<!\\\\)\\|");
            columns.add(cells[2].strip().replace("\\|", "|"));
        }
        return columns;
    }

    /** Each row's key columns joined by "|" to its cells {@code from} to {@code to} (exclusive) joined by "|". */
    private static Map<String, String> cells(ReturnTable t, int keys, int to) {
        Map<String, String> m = new LinkedHashMap<>();
        for (List<String> row : t.rows()) {
            m.put(String.join("|", row.subList(0, keys)), String.join("|", row.subList(keys, to)));
        }
        return m;
    }

    /** The sources of one cell, sorted, by the row's key as in {@link #cells}. */
    private static List<String> source(ReturnTable t, String key, int column) {
        for (int i = 0; i < t.rows().size(); i++) {
            int keys = NationalReturns.byName(t.name()).orElseThrow().keyColumns();
            if (String.join("|", t.rows().get(i).subList(0, keys)).equals(key)) {
                return t.sources().get(i).get(column).stream().sorted().toList();
            }
        }
        throw new AssertionError("no row " + key);
    }
}
