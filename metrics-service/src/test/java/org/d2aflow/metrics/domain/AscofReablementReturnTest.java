package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.contracts.ServiceType.BEDDED_REABLEMENT;
import static org.d2aflow.contracts.ServiceType.BEDDED_REHAB;
import static org.d2aflow.contracts.ServiceType.REABLEMENT_HOME;
import static org.d2aflow.contracts.ServiceType.REHAB_HOME;
import static org.d2aflow.contracts.placement.Day91Status.AT_HOME;
import static org.d2aflow.contracts.placement.Day91Status.CARE_HOME;
import static org.d2aflow.contracts.placement.Day91Status.DIED;
import static org.d2aflow.contracts.placement.Day91Status.EXTRA_CARE_HOUSING;
import static org.d2aflow.contracts.placement.Day91Status.IN_HOSPITAL;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.returns.NationalReturn;
import org.d2aflow.metrics.domain.returns.NationalReturns;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.junit.jupiter.api.Test;

/**
 * The ascof-reablement return (RETURNS.md §5) on a hand-computed 2024-25, built on {@link Ascof2dTest#aYear()} (A remained,
 * B died, C readmitted, D long-term care, E not into reablement, F before the year) with a case for each ASCOF 2D exclusion
 * and October to December discharges for each 2B(1) outcome, as known at noon on 31 March 2025.
 */
class AscofReablementReturnTest {

    private static final NationalReturn RETURN = NationalReturns.byName("ascof-reablement").orElseThrow();
    private static final ReturnPeriod YEAR = ReturnPeriod.Kind.FINANCIAL_YEAR.parse("2024-25").orElseThrow();
    private static final Instant KNOWN = Instant.parse("2025-03-31T12:00:00Z");
    private static final Instant LATER = Instant.parse("2025-04-03T12:00:00Z");
    private static final String EMPTY_COUNTS = ",".repeat(17);

    /**
     * 2D, beyond aYear: G zero-day stay, H admission method 31, I discharge method 4, J destination 87, K aged 64 (not
     * counted at all); P discharged 20 March 2025 into reablement, day 84 not reached. October to December (2B(1) and 2D):
     * L1 70 rehab at home at day 91 (2D: eligible, rehab is not ST-Max); L2 80 died 1 Nov; L3 86 bedded rehab, in hospital;
     * L4 90 in a care home from 15 Jan; L5 75 no follow-up (2D: remained); L6 80 discharged 31 Dec, day 91 not reached
     * (2D: day 84 reached, remained); L7 68 bedded reablement, extra care housing.
     */
    static TestLog log() {
        return Ascof2dTest.aYear()
                .referral("G").aged(80).admitted("2024-06-10").dischargedHome("2024-06-10").placement("pG", "hf", REABLEMENT_HOME, "2024-06-10")
                .referral("H").aged(80).admitted("2024-06-01").admissionMethod("31").dischargedHome("2024-06-10")
                .placement("pH", "hf", REABLEMENT_HOME, "2024-06-10")
                .referral("I").aged(80).admitted("2024-06-01").discharged("2024-06-10", "79", "4")
                .referral("J").aged(80).admitted("2024-06-01").discharged("2024-06-10", "87", "1")
                .referral("K").aged(64).admitted("2024-06-01").dischargedHome("2024-06-10").placement("pK", "hf", REABLEMENT_HOME, "2024-06-10")
                .referral("P").aged(75).admitted("2025-03-10").dischargedHome("2025-03-20").placement("pP", "hf", REABLEMENT_HOME, "2025-03-20")
                .referral("L1").aged(70).admitted("2024-10-01").dischargedHome("2024-10-05").placement("p1", "rh", REHAB_HOME, "2024-10-05")
                .followUp("p1", AT_HOME, "2025-01-05")
                .referral("L2").aged(80).admitted("2024-10-01").dischargedHome("2024-10-10").placement("p2", "hf", REABLEMENT_HOME, "2024-10-10")
                .followUpSince("p2", DIED, "2025-01-10", "2024-11-01")
                .referral("L3").aged(86).admitted("2024-10-20").dischargedHome("2024-11-01").placement("p3", "bh", BEDDED_REHAB, "2024-11-01")
                .followUp("p3", IN_HOSPITAL, "2025-02-01")
                .referral("L4").aged(90).admitted("2024-11-20").dischargedHome("2024-12-01").placement("p4", "hf", REABLEMENT_HOME, "2024-12-01")
                .followUpSince("p4", CARE_HOME, "2025-03-05", "2025-01-15")
                .referral("L5").aged(75).admitted("2024-12-10").dischargedHome("2024-12-20").placement("p5", "hf", REABLEMENT_HOME, "2024-12-20")
                .referral("L6").patient("pk-l6").aged(80).admitted("2024-12-20").dischargedHome("2024-12-31")
                .placement("p6", "hf", REABLEMENT_HOME, "2024-12-31")
                .referral("L7").aged(68).admitted("2024-10-10").dischargedHome("2024-10-20").placement("p7", "br", BEDDED_REABLEMENT, "2024-10-20")
                .followUp("p7", EXTRA_CARE_HOUSING, "2025-01-20");
    }

    @Test
    void eachExclusionAndEachOutcomeIsCountedAsHandComputed() {
        ReturnTable t = RETURN.compute(log().facts(), YEAR, KNOWN);
        String d = "2024-04-01,2025-03-31,84,";
        String l = "2024-10-01,2024-12-31,91,";
        // 2D: 17 aged 65+ (A-E, G-J, L1-L7, P); 4 excluded, 13 eligible; 10 into reablement (A B C D L2 L4 L5 L6 L7 P), 10 of 13
        // = 76.9%; P pending; of 9, remained A L5 L6 L7 = 44.4%; died B L2; readmitted C; long-term care D L4.
        // 2B(1): L1-L7; L6 pending; of 6, at home L1 L7 = 33.3%; died L2, in hospital L3, care home L4, no follow-up L5.
        assertThat(t.csv().split("\r\n")).containsExactly(t.csv().split("\r\n")[0],
                "ASCOF 2D,All,All," + d + "17,1,1,1,1,13,10,76.9,1,9,4,44.4,2,1,2,,",
                "ASCOF 2D,Age,65-74," + d + "3,0,0,0,0,3,2,66.7,0,2,2,100.0,0,0,0,,",
                "ASCOF 2D,Age,75-84," + d + "10,1,1,1,1,6,5,83.3,1,4,2,50.0,2,0,0,,",
                "ASCOF 2D,Age,85+," + d + "4,0,0,0,0,4,3,75.0,0,3,0,0.0,0,1,2,,",
                "ASCOF 2D,Client type,Those in LT community support," + d.substring(0, d.length() - 1) + EMPTY_COUNTS,
                "ASCOF 2D,Client type,Those not in any LTS," + d.substring(0, d.length() - 1) + EMPTY_COUNTS,
                "ASCOF 2B(1) legacy,All,All," + l + ",,,,,,7,,1,6,2,33.3,1,1,1,1,1",
                "ASCOF 2B(1) legacy,Age,65-74," + l + ",,,,,,2,,0,2,2,100.0,0,0,0,0,0",
                "ASCOF 2B(1) legacy,Age,75-84," + l + ",,,,,,3,,1,2,0,0.0,1,0,0,1,1",
                "ASCOF 2B(1) legacy,Age,85+," + l + ",,,,,,2,,0,2,0,0.0,0,1,1,0,0");
    }

    @Test
    void eachCountNamesTheReferralsItWasComputedFrom() {
        ReturnTable t = RETURN.compute(log().facts(), YEAR, KNOWN);
        List<Set<String>> all2d = t.sources().get(0);

        assertThat(cell(t, all2d, "Measure")).isEmpty();
        assertThat(cell(t, all2d, "Discharges from")).isEmpty();
        assertThat(cell(t, all2d, "Excluded: zero-day stays")).containsExactly("referral:G");
        assertThat(cell(t, all2d, "Excluded: admission method")).containsExactly("referral:H");
        assertThat(cell(t, all2d, "Excluded: discharge method")).containsExactly("referral:I");
        assertThat(cell(t, all2d, "Excluded: discharge destination")).containsExactly("referral:J");
        assertThat(cell(t, all2d, "Pending")).containsExactly("referral:P");
        assertThat(cell(t, all2d, "Died")).containsExactlyInAnyOrder("referral:B", "referral:L2");
        // the readmission's own referral changed the cell too
        assertThat(cell(t, all2d, "Readmitted")).containsExactlyInAnyOrder("referral:C", "referral:C2");
        assertThat(cell(t, all2d, "Entered long-term care")).containsExactlyInAnyOrder("referral:D", "referral:L4");
        assertThat(cell(t, all2d, "Numerator")).containsExactlyInAnyOrder("referral:A", "referral:B", "referral:C", "referral:C2",
                "referral:D", "referral:L2", "referral:L4", "referral:L5", "referral:L6", "referral:L7");
        assertThat(cell(t, all2d, "Discharges aged 65+")).hasSize(17).doesNotContain("referral:K", "referral:F", "referral:C2");
        assertThat(t.sources().get(4)).allMatch(Set::isEmpty);
        assertThat(cell(t, t.sources().get(6), "Outcome unknown")).containsExactly("referral:L5");
        assertThat(cell(t, t.sources().get(6), "Readmitted")).containsExactly("referral:L3");
    }

    @Test
    void theAllRowsAreTheFiguresOfTheSameCases() {
        ReturnTable t = RETURN.compute(log().facts(), YEAR, KNOWN);
        Figure f2d = period("2024-04-01", "2025-03-31").knownAt(KNOWN).compute(FigureEngine.ASCOF_2D, log());
        Figure legacy = period("2024-10-01", "2024-12-31").knownAt(KNOWN).compute(FigureEngine.STILL_AT_HOME_91, log());

        var row2d = t.asMaps().get(0);
        assertThat(row2d.get("Numerator")).isEqualTo(f2d.numerator().toString());
        assertThat(row2d.get("Denominator")).isEqualTo(f2d.denominator().toString());
        assertThat(row2d.get("Eligible discharges")).isEqualTo(measure(f2d, "eligibleDischarges").toString());
        assertThat(row2d.get("Died")).isEqualTo(measure(f2d, "died").toString());
        assertThat(row2d.get("Readmitted")).isEqualTo(measure(f2d, "readmitted").toString());
        assertThat(row2d.get("Entered long-term care")).isEqualTo(measure(f2d, "enteredLongTermCare").toString());
        var rowLegacy = t.asMaps().get(6);
        assertThat(rowLegacy.get("Numerator")).isEqualTo(legacy.numerator().toString());
        assertThat(rowLegacy.get("Denominator")).isEqualTo(legacy.denominator().toString());
        assertThat(rowLegacy.get("Pending")).isEqualTo(measure(legacy, "pending").toString());
        assertThat(rowLegacy.get("No follow-up recorded")).isEqualTo(legacy.incomplete().get("missingFollowUps").toString());
    }

    @Test
    void lateFactsChangeTheReturnAsKnownLaterOnly() {
        ReturnTable before = RETURN.compute(log().facts(), YEAR, KNOWN);
        // recorded on 2 April: L6's patient readmitted as an emergency on 1 Feb (day 32); L5 died on 10 Jan (day 21)
        TestLog late = log().on("2025-04-02").referral("L6b").patient("pk-l6").aged(80).admitted("2025-02-01").admissionMethod("21")
                .forReferral("L5").placementEnded("p5", "2025-01-10", org.d2aflow.contracts.placement.EndReason.DIED);

        ReturnTable again = RETURN.compute(late.facts(), YEAR, KNOWN);
        assertThat(again.csv()).isEqualTo(before.csv());
        assertThat(again.sources()).isEqualTo(before.sources());

        ReturnTable after = RETURN.compute(late.facts(), YEAR, LATER);
        var row = after.asMaps().get(0);
        assertThat(row).containsEntry("Numerator", "2").containsEntry("Died", "3").containsEntry("Readmitted", "2")
                .containsEntry("Value (%)", "22.2");
        assertThat(cell(after, after.sources().get(0), "Readmitted")).contains("referral:L6", "referral:L6b");
        assertThat(cell(after, after.sources().get(0), "Numerator")).contains("referral:L6b");
        // the legacy measure looks at follow-ups, not at placement ends or readmissions; as known on 3 April L6 reached day 91
        assertThat(after.asMaps().get(6)).containsEntry("Pending", "0").containsEntry("Denominator", "7");
    }

    @Test
    void rowsAreUniqueByTheirKeyColumns() {
        ReturnTable t = RETURN.compute(log().facts(), YEAR, KNOWN);
        Set<List<String>> keys = new HashSet<>();
        t.rows().forEach(r -> assertThat(keys.add(r.subList(0, RETURN.keyColumns()))).as("key of %s", r).isTrue());
        assertThat(RETURN.periodKind()).isEqualTo(ReturnPeriod.Kind.FINANCIAL_YEAR);
        // Registered after the CLD extract (the weekly sitrep reasons came after it).
        assertThat(NationalReturns.ALL.indexOf(RETURN)).isEqualTo(NationalReturns.ALL.indexOf(NationalReturns.byName("cld-reablement")
                .orElseThrow()) + 1);
    }

    @Test
    void theCsvHeaderIsThePublishedDictionary() throws IOException {
        String md = Files.readString(Path.of("RETURNS-COLUMNS.md"));
        int from = md.indexOf("\n## ascof-reablement:");
        assertThat(from).as("a section for ascof-reablement in RETURNS-COLUMNS.md").isPositive();
        int next = md.indexOf("\n## ", from + 1);
        List<String> published = new ArrayList<>();
        for (String line : md.substring(from, next < 0 ? md.length() : next).split("\n")) {
            if (line.matches("\\| \\d+ \\| .*")) {
                String[] cells = line.split("(?<!\\\\)\\|");
                published.add(cells[2].strip().replace("\\|", "|"));
            }
        }
        String csv = RETURN.compute(log().facts(), YEAR, KNOWN).csv();
        String header = csv.substring(0, csv.indexOf("\r\n"));

        assertThat(header).doesNotContain("\"");
        assertThat(Arrays.asList(header.split(",", -1))).isEqualTo(published).hasSize(23);
    }

    private static Set<String> cell(ReturnTable t, List<Set<String>> row, String column) {
        for (int i = 0; i < t.columns().size(); i++) {
            if (t.columns().get(i).name().equals(column)) {
                return row.get(i);
            }
        }
        throw new AssertionError("no column " + column);
    }
}
