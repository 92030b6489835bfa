package org.d2aflow.kit.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ReturnPeriodTest {

    @Test
    void aFinancialQuarterRunsFromAprilInThreeMonthSteps() {
        ReturnPeriod q1 = ReturnPeriod.Kind.QUARTER.parse("2024-25-Q1").orElseThrow();
        ReturnPeriod q4 = ReturnPeriod.Kind.QUARTER.parse("2024-25-Q4").orElseThrow();
        assertThat(q1.first()).isEqualTo(LocalDate.of(2024, 4, 1));
        assertThat(q1.last()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(q4.first()).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(q4.last()).isEqualTo(LocalDate.of(2025, 3, 31));
        assertThat(ReturnPeriod.Kind.QUARTER.parse("1999-00-Q2").orElseThrow().first()).isEqualTo(LocalDate.of(1999, 7, 1));
    }

    @Test
    void aFinancialYearRunsFromAprilToMarch() {
        ReturnPeriod year = ReturnPeriod.Kind.FINANCIAL_YEAR.parse(" 2024-25 ").orElseThrow();
        assertThat(year.first()).isEqualTo(LocalDate.of(2024, 4, 1));
        assertThat(year.last()).isEqualTo(LocalDate.of(2025, 3, 31));
        assertThat(year.label()).isEqualTo("2024-25");
        assertThat(year.contains(LocalDate.of(2025, 3, 31))).isTrue();
        assertThat(year.contains(LocalDate.of(2025, 4, 1))).isFalse();
        assertThat(ReturnPeriod.financialYearOf(LocalDate.of(2025, 2, 1))).isEqualTo(year);
        assertThat(ReturnPeriod.financialYearOf(LocalDate.of(2024, 4, 1))).isEqualTo(year);
    }

    @Test
    void whatIsNotAPeriodOfTheKindIsRefused() {
        for (String bad : new String[] {"2024-26", "2024-25-Q5", "2024-25-Q0", "0000-01", "2024-13", "2024-02-30", "2024-2-01", "", "x",
                "2024-25 Q1", "9999-00"}) {
            assertThat(ReturnPeriod.Kind.QUARTER.parse(bad)).as(bad).isEmpty();
            assertThat(ReturnPeriod.Kind.DAY.parse(bad)).as(bad).isEmpty();
        }
        assertThat(ReturnPeriod.Kind.FINANCIAL_YEAR.parse("2024-26")).isEmpty();
        assertThat(ReturnPeriod.Kind.FINANCIAL_YEAR.parse("9999-00")).isEmpty();
        assertThat(ReturnPeriod.Kind.MONTH.parse("2024-13")).isEmpty();
        assertThat(ReturnPeriod.Kind.MONTH.parse(null)).isEmpty();
    }

    @Test
    void anIsoWeekRunsMondayToSundayInItsWeekBasedYear() {
        ReturnPeriod w05 = ReturnPeriod.Kind.WEEK.parse(" 2024-W05 ").orElseThrow();
        assertThat(w05.first()).isEqualTo(LocalDate.of(2024, 1, 29));
        assertThat(w05.last()).isEqualTo(LocalDate.of(2024, 2, 4));
        assertThat(w05.label()).isEqualTo("2024-W05");
        // Week 1 of 2025 starts in December 2024; 2020 has a week 53 that ends in January 2021.
        assertThat(ReturnPeriod.Kind.WEEK.parse("2025-W01").orElseThrow().first()).isEqualTo(LocalDate.of(2024, 12, 30));
        assertThat(ReturnPeriod.Kind.WEEK.parse("2020-W53").orElseThrow().last()).isEqualTo(LocalDate.of(2021, 1, 3));
        assertThat(ReturnPeriod.Kind.WEEK.parse("2017-W19").orElseThrow().first()).isEqualTo(LocalDate.of(2017, 5, 8));
        assertThat(ReturnPeriod.weekOf(LocalDate.of(2024, 12, 30)).label()).isEqualTo("2025-W01");
        assertThat(ReturnPeriod.weekOf(LocalDate.of(2021, 1, 3)).label()).isEqualTo("2020-W53");
        assertThat(ReturnPeriod.weekOf(LocalDate.of(2023, 1, 1)).label()).isEqualTo("2022-W52");
    }

    @Test
    void whatIsNotAnIsoWeekIsRefused() {
        for (String bad : new String[] {"2024-W00", "2024-W54", "2024-W53", "2021-W53", "0000-W01", "2024-W5", "2024W05", "2024-w05",
                "2024-05", "2024-01-29", "2024-W05-1", "", "x", null}) {
            assertThat(ReturnPeriod.Kind.WEEK.parse(bad)).as(bad).isEmpty();
        }
        assertThat(ReturnPeriod.Kind.WEEK.parse("2026-W53")).isPresent();
        assertThat(ReturnPeriod.Kind.WEEK.parse("0001-W01").orElseThrow().first()).isEqualTo(LocalDate.of(1, 1, 1));
        assertThat(ReturnPeriod.Kind.MONTH.parse("2024-W05")).isEmpty();
    }

    @Property
    void everyDayFallsInExactlyOneWeek(@ForAll @IntRange(min = 2, max = 9998) int year, @ForAll @IntRange(min = 1, max = 365) int dayOfYear) {
        LocalDate day = LocalDate.ofYearDay(year, dayOfYear);
        ReturnPeriod week = ReturnPeriod.weekOf(day);
        ReturnPeriod before = ReturnPeriod.weekOf(day.minusDays(7));
        ReturnPeriod after = ReturnPeriod.weekOf(day.plusDays(7));
        assertThat(week.first().getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
        assertThat(week.last()).isEqualTo(week.first().plusDays(6));
        assertThat(ReturnPeriod.Kind.WEEK.parse(week.label())).contains(week);
        // The neighbouring weeks touch this one and hold none of its days: the day is in this week and no other.
        assertThat(before.last().plusDays(1)).isEqualTo(week.first());
        assertThat(after.first()).isEqualTo(week.last().plusDays(1));
        assertThat(week.contains(day)).isTrue();
        assertThat(before.contains(day) || after.contains(day)).isFalse();
        assertThat(before.label()).isNotEqualTo(week.label()).isNotEqualTo(after.label());
    }

    @Property
    void everyDayFallsInExactlyOneQuarterOfItsFinancialYear(@ForAll @IntRange(min = 2, max = 9998) int year,
            @ForAll @IntRange(min = 1, max = 365) int dayOfYear) {
        LocalDate day = LocalDate.ofYearDay(year, dayOfYear);
        ReturnPeriod fy = ReturnPeriod.financialYearOf(day);
        assertThat(fy.contains(day)).isTrue();
        long holding = 0;
        for (int q = 1; q <= 4; q++) {
            ReturnPeriod quarter = ReturnPeriod.Kind.QUARTER.parse(fy.label() + "-Q" + q).orElseThrow();
            assertThat(fy.contains(quarter.first()) && fy.contains(quarter.last())).isTrue();
            holding += quarter.contains(day) ? 1 : 0;
        }
        assertThat(holding).isEqualTo(1);
    }
}
