package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.domain.returns.DischargeSitrep;
import org.d2aflow.metrics.domain.returns.DrdTimeliness;
import org.d2aflow.metrics.domain.returns.ReturnColumns;
import org.d2aflow.metrics.domain.returns.ReturnRow;
import org.junit.jupiter.api.Test;

/**
 * The two returns of issue 20 on a small hand-worked log: the daily discharge sitrep for 10 March 2024 and the DRD
 * timeliness of March 2024, then a late discharge and a DRD correction recorded in April, which change the returns as known
 * later but leave the returns as known before them byte for byte the same.
 */
class DischargeReturnsTest {

    private static final LocalDate DAY = LocalDate.parse("2024-03-10");
    private static final YearMonth MARCH = YearMonth.of(2024, 3);
    private static final Instant END_OF_DAY = endOf("2024-03-10");
    private static final Instant END_OF_MARCH = endOf("2024-03-31");
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    private static Instant endOf(String date) {
        return LocalDate.parse(date).plusDays(1).atStartOfDay(FigureQuery.ZONE).toInstant();
    }

    /** The log as it stood at the end of March. */
    static TestLog march() {
        return aLog().on("2024-03-10")
                // NCTR, discharged home on P1 on the day (delay 5)
                .referral("ref-a").admitted("2024-03-01").submitted().drd("2024-03-05").decided(Pathway.P1, ServiceType.REABLEMENT_HOME,
                        "2024-03-05").dischargedHome("2024-03-10")
                // a care-home resident back to a care home on P3 (delay 8)
                .referral("ref-b").admitted("2024-02-20").livesIn(UsualResidence.CARE_HOME).submitted().drd("2024-03-02")
                .decided(Pathway.P3, ServiceType.SHORT_TERM_CARE_HOME, "2024-03-02").discharged("2024-03-10", "85", "1")
                // remaining, a 24-day stay awaiting a care home (code 15)
                .referral("ref-c").admitted("2024-02-15").submitted().drd("2024-03-01").delayReason("15", "2024-03-01")
                // remaining, a 9-day stay awaiting transport (code 8)
                .referral("ref-d").admitted("2024-03-01").submitted().drd("2024-03-03").delayReason("8", "2024-03-03")
                // not yet discharge ready on the day
                .referral("ref-e").admitted("2024-03-01").submitted().drd("2024-03-11")
                // discharged the day before (delay 28)
                .referral("ref-f").admitted("2024-02-01").submitted().drd("2024-02-10").dischargedHome("2024-03-09")
                // died in hospital on the day: discharged, no destination column (delay 6)
                .referral("ref-g").admitted("2024-03-02").submitted().drd("2024-03-04").decided(Pathway.P0, ServiceType.SOCIAL_SUPPORT,
                        "2024-03-04").discharged("2024-03-10", "79", "4")
                // to a community hospital ward on P2 (delay 2)
                .referral("ref-h").admitted("2024-03-05").submitted().drd("2024-03-08").decided(Pathway.P2, ServiceType.BEDDED_REHAB,
                        "2024-03-08").discharged("2024-03-10", "51", "1")
                // discharged on its DRD later in the month (delay 0)
                .on("2024-03-15").referral("ref-i").admitted("2024-03-12").submitted().drd("2024-03-15").dischargedHome("2024-03-15");
    }

    /** The same log with what April brought: d's discharge on the 10th keyed late, and c's DRD corrected to the 12th. */
    static TestLog april() {
        return march().on("2024-04-02").forReferral("ref-d").decided(Pathway.P1, ServiceType.REABLEMENT_HOME, "2024-03-03")
                .dischargedHome("2024-03-10").forReferral("ref-c").correctedDrd("2024-03-12");
    }

    private static final String REASONS_7 = "0,0,0,0,0,0,0,1,0,0,0,0,0,0,1,0,0,0";
    private static final String REASONS_15_ONLY = "0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0";
    private static final String NO_REASONS = "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0";

    @Test
    void theSitrepCountsNctrDischargesByDestinationRemainingAndReasonsByLengthOfStay() {
        ReturnRow row = DischargeSitrep.compute(march().facts(), DAY, END_OF_DAY);
        // nctr a,b,c,d,g,h = 6; discharged a,b,g,h = 4; P1 home (a), P2 community rehab (h), P3b existing resident (b); 2 remain.
        assertThat(dataLine(row)).isEqualTo("2024-03-10,6,4,0,0,1,0,0,0,0,0,1,0,1,0,2," + REASONS_7 + "," + REASONS_15_ONLY + ","
                + REASONS_15_ONLY + "\r\n");
        assertThat(row.columns()).hasSize(1 + 2 + 12 + 1 + 3 * 18);
        assertThat(row.csv()).startsWith("Date,Number of patients who no longer meet the criteria to reside,Number of patients discharged,"
                + "P0 - Domestic home without reablement support,").doesNotContain("ref-");
    }

    @Test
    void theTimelinessCountsDelayBandsBedDaysAndBothAverages() {
        ReturnRow row = DrdTimeliness.compute(march().facts(), MARCH, END_OF_MARCH);
        // a 5, b 8, f 28, g 6, h 2, i 0: 6 patients, 49 bed days, 5 delayed; 49/6 = 8.17, 49/5 = 9.80.
        assertThat(dataLine(row)).isEqualTo("2024-03,6,49,16.7,83.3,1,16.7,0,0.0,1,16.7,2,33.3,1,16.7,0,0.0,1,16.7,8.17,9.80\r\n");
        assertThat(row.asMap()).containsEntry("Average days from DRD to DoD (exc 0-day delays)", "9.80");
    }

    @Test
    void aLateDischargeAndACorrectionChangeTheReturnsAsKnownLaterButNotAsKnownBefore() {
        String sitrepThen = DischargeSitrep.compute(march().facts(), DAY, END_OF_DAY).csv();
        String timelinessThen = DrdTimeliness.compute(march().facts(), MARCH, END_OF_MARCH).csv();
        LogFacts now = april().facts();

        assertThat(DischargeSitrep.compute(now, DAY, END_OF_DAY).csv()).isEqualTo(sitrepThen);
        assertThat(DrdTimeliness.compute(now, MARCH, END_OF_MARCH).csv()).isEqualTo(timelinessThen);

        // As known later: c was not yet discharge ready on the 10th, d left that day on P1 home; nobody remains.
        assertThat(dataLine(DischargeSitrep.compute(now, DAY, LATER))).isEqualTo("2024-03-10,5,5,0,0,2,0,0,0,0,0,1,0,1,0,0,"
                + NO_REASONS + "," + NO_REASONS + "," + NO_REASONS + "\r\n");
        // d adds a 7-day delay: 7 patients, 56 bed days, 6 delayed; 56/7 = 8.00, 56/6 = 9.33.
        assertThat(dataLine(DrdTimeliness.compute(now, MARCH, LATER)))
                .isEqualTo("2024-03,7,56,14.3,85.7,1,14.3,0,0.0,1,14.3,2,28.6,2,28.6,0,0.0,1,14.3,8.00,9.33\r\n");
    }

    @Test
    void anEmptyMonthHasZeroCountsAndEmptyRatios() {
        assertThat(dataLine(DrdTimeliness.compute(march().facts(), YearMonth.of(2024, 1), LATER)))
                .isEqualTo("2024-01,0,0,,,0,,0,,0,,0,,0,,0,,0,,,\r\n");
    }

    @Test
    void destinationsMapOntoThePublishedColumnsOnly() {
        assertThat(DischargeSitrep.destination(Pathway.P0, "29", UsualResidence.PRIVATE_HOME)).contains(DischargeSitrep.DESTINATIONS.get(1));
        assertThat(DischargeSitrep.destination(Pathway.P0, "19", UsualResidence.CARE_HOME)).contains(DischargeSitrep.DESTINATIONS.get(10));
        assertThat(DischargeSitrep.destination(Pathway.P2, "65", null)).contains(DischargeSitrep.DESTINATIONS.get(5));
        assertThat(DischargeSitrep.destination(Pathway.P2, "88", null)).contains(DischargeSitrep.DESTINATIONS.get(7));
        assertThat(DischargeSitrep.destination(Pathway.P3, "54", UsualResidence.PRIVATE_HOME)).contains(DischargeSitrep.DESTINATIONS.get(9));
        assertThat(DischargeSitrep.destination(Pathway.P3, "19", UsualResidence.PRIVATE_HOME)).isEmpty();
        assertThat(DischargeSitrep.destination(Pathway.P1, "99", null)).isEmpty();
        assertThat(DischargeSitrep.destination(null, "19", null)).isEmpty();
    }

    @Test
    void thePublishedColumnDictionaryIsTheOneInTheCode() throws IOException {
        Path file = Path.of("RETURNS-COLUMNS.md");
        if (Boolean.getBoolean("returns.writeColumns")) {
            Files.writeString(file, ReturnColumns.markdown(null));
        }
        assertThat(Files.readString(file)).isEqualTo(ReturnColumns.markdown(null));
        for (var c : DischargeSitrep.COLUMNS) {
            assertThat(ReturnColumns.markdown("discharge-sitrep")).contains(c.name());
        }
    }

    private static String dataLine(ReturnRow row) {
        String csv = row.csv();
        return csv.substring(csv.indexOf("\r\n") + 2);
    }
}
