package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.returns.DischargeSitrep;
import org.d2aflow.metrics.domain.returns.DischargeSitrepWeeklyReasons;
import org.d2aflow.metrics.domain.returns.NationalReturns;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.junit.jupiter.api.Test;

/**
 * The weekly reasons for delay (Table 5's weekly snapshot average per day) on a hand-worked week, Monday 4 to Sunday 10
 * March 2024, and the same week as known before and after a reason recorded late.
 */
class DischargeSitrepWeeklyReasonsTest {

    private static final ReturnPeriod WEEK = ReturnPeriod.Kind.WEEK.parse("2024-W10").orElseThrow();
    private static final Instant END_OF_WEEK = LocalDate.parse("2024-03-11").atStartOfDay(FigureQuery.ZONE).toInstant();
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private static final DischargeSitrepWeeklyReasons RETURN = new DischargeSitrepWeeklyReasons();

    /** The week as recorded during it. */
    static TestLog week() {
        return aLog().on("2024-03-03")
                // a: stay 32-38 days all week; code 15 until Wednesday, code 8 from Thursday (3 days and 4 days)
                .referral("ref-a").admitted("2024-02-01").submitted().drd("2024-02-20").delayReason("15", "2024-02-20")
                // b: stay 23-24 days, code 13; remains Monday and Tuesday, discharged on Wednesday (2 days)
                .referral("ref-b").admitted("2024-02-10").submitted().drd("2024-02-25").delayReason("13", "2024-02-25")
                // c: code 1 all week; stay 11 on Monday, 14 from Thursday (7 days at 7+, 4 at 14+, none at 21+)
                .referral("ref-c").admitted("2024-02-22").submitted().drd("2024-03-01").delayReason("1", "2024-03-01")
                // d: no reason; discharge ready from Tuesday, stay 8-13 (6 days at 7+)
                .referral("ref-d").admitted("2024-02-26").submitted().drd("2024-03-05")
                // e: not discharge ready during the week
                .referral("ref-e").admitted("2024-02-01").submitted().drd("2024-03-11").delayReason("12", "2024-03-11")
                .on("2024-03-06").forReferral("ref-b").dischargedHome("2024-03-06")
                .on("2024-03-07").forReferral("ref-a").delayReason("8", "2024-03-07");
    }

    @Test
    void eachCellIsTheWeeksAveragePerDayOfThePatientsRemainingByReasonAndLengthOfStay() {
        ReturnTable table = RETURN.compute(week().facts(), WEEK, END_OF_WEEK);

        // 7+: code 1 c 7/7 = 1.0, code 8 a 4/7 = 0.6, code 13 b 2/7 = 0.3, code 15 a 3/7 = 0.4, no reason d 6/7 = 0.9,
        // total 22/7 = 3.1 (the rounded columns add up to 3.2: the total is rounded once).
        // 14+: c 4/7 = 0.6 under code 1; total 13/7 = 1.9. 21+: a and b only; total 9/7 = 1.3.
        assertThat(table.rows()).containsExactly(
                row("2024-W10,7,1.0,0.0,0.0,0.0,0.0,0.0,0.0,0.6,0.0,0.0,0.0,0.0,0.3,0.0,0.4,0.0,0.0,0.0,0.9,3.1"),
                row("2024-W10,14,0.6,0.0,0.0,0.0,0.0,0.0,0.0,0.6,0.0,0.0,0.0,0.0,0.3,0.0,0.4,0.0,0.0,0.0,0.0,1.9"),
                row("2024-W10,21,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.6,0.0,0.0,0.0,0.0,0.3,0.0,0.4,0.0,0.0,0.0,0.0,1.3"));
        assertThat(table.csv()).startsWith("Week,Length of stay (days or more),Awaiting a medical decision/ intervention")
                .contains(",No reason recorded,Total\r\n").doesNotContain("ref-");

        int total = table.columns().size() - 1;
        assertThat(table.sources().get(0).get(total)).containsExactlyInAnyOrder("referral:ref-a", "referral:ref-b", "referral:ref-c",
                "referral:ref-d");
        assertThat(table.sources().get(1).get(2)).containsExactly("referral:ref-c");
        assertThat(table.sources().get(2).get(2)).isEmpty();
        assertThat(table.sources().get(2).get(total)).containsExactlyInAnyOrder("referral:ref-a", "referral:ref-b");
        assertThat(table.sources().get(0).get(0)).isEmpty();
    }

    @Test
    void theWeeklySumIsTheSumOfTheDailySitrepsSnapshots() {
        LogFacts facts = week().facts();
        // Code 15 at 7+ on each day of the daily return: a on Monday to Wednesday, so 3 over the week (3/7 = 0.4 above).
        String column = "LoS 7+ days: " + DischargeSitrep.REASONS.codes().get(14).label();
        int sum = WEEK.first().datesUntil(WEEK.last().plusDays(1))
                .mapToInt(day -> Integer.parseInt(DischargeSitrep.compute(facts, day, END_OF_WEEK).asMap().get(column))).sum();
        assertThat(sum).isEqualTo(3);
    }

    @Test
    void aReasonRecordedLateChangesTheWeekAsKnownLaterButNotAsKnownBefore() {
        String then = RETURN.compute(week().facts(), WEEK, END_OF_WEEK).csv();
        // On the 20th d's reason, code 12 from Tuesday 5 March, is keyed late.
        LogFacts now = week().on("2024-03-20").forReferral("ref-d").delayReason("12", "2024-03-05").facts();

        ReturnTable before = RETURN.compute(now, WEEK, END_OF_WEEK);
        assertThat(before.csv()).isEqualTo(then);
        assertThat(before.sources().get(0).get(2 + 11)).isEmpty();

        ReturnTable after = RETURN.compute(now, WEEK, LATER);
        // d moves from no reason to code 12 (6/7 = 0.9); the total is unchanged.
        assertThat(after.rows().get(0)).isEqualTo(row("2024-W10,7,1.0,0.0,0.0,0.0,0.0,0.0,0.0,0.6,0.0,0.0,0.0,0.9,0.3,0.0,0.4,0.0,0.0,0.0,0.0,3.1"));
        assertThat(after.sources().get(0).get(2 + 11)).containsExactly("referral:ref-d");
        assertThat(after.rows().subList(1, 3)).isEqualTo(before.rows().subList(1, 3));
    }

    @Test
    void itIsRegisteredLastAndSharesTheDailyThresholds() {
        assertThat(NationalReturns.ALL.get(NationalReturns.ALL.size() - 1).name()).isEqualTo("discharge-sitrep-weekly-reasons");
        assertThat(RETURN.periodKind()).isEqualTo(ReturnPeriod.Kind.WEEK);
        assertThat(RETURN.keyColumns()).isEqualTo(2);
        assertThat(RETURN.compute(new LogFacts(), WEEK, END_OF_WEEK).rows()).extracting(r -> r.get(1))
                .containsExactlyElementsOf(DischargeSitrep.STAY_THRESHOLDS.stream().map(String::valueOf).toList());
        assertThat(RETURN.notes()).contains("weekly snapshot average").contains("RETURNS.md");
    }

    private static List<String> row(String csv) {
        return List.of(csv.split(",", -1));
    }
}
