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
