package org.d2aflow.kit.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a national return covers, first to last day inclusive, with the label it is asked for and named by. Quarters and years
 * are the financial year's (1 April to 31 March), as the council and BCF returns count them; weeks are ISO-8601's (Monday to
 * Sunday, numbered within the week-based year, whose week 1 is the one holding the year's first Thursday).
 */
public record ReturnPeriod(Kind kind, LocalDate first, LocalDate last, String label) {

    /** How a period is written. */
    public enum Kind {
        DAY("a date between 0001-01-01 and 9999-12-31 (yyyy-MM-dd)", Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})")),
        MONTH("a month between 0001-01 and 9999-12 (yyyy-MM)", Pattern.compile("(\\d{4})-(\\d{2})")),
        QUARTER("a financial-year quarter such as 2024-25-Q1 (Q1 is April to June)", Pattern.compile("(\\d{4})-(\\d{2})-Q([1-4])")),
        FINANCIAL_YEAR("a financial year such as 2024-25 (1 April 2024 to 31 March 2025)", Pattern.compile("(\\d{4})-(\\d{2})")),
        WEEK("an ISO-8601 week such as 2024-W05 (yyyy-Www, Monday to Sunday)", Pattern.compile("(\\d{4})-W(\\d{2})"));

        private final String description;
        private final Pattern pattern;

        Kind(String description, Pattern pattern) {
            this.description = description;
            this.pattern = pattern;
        }

        /** What a valid value looks like, for an error message. */
        public String description() {
            return description;
        }

        /** The period the text names, or empty when it is not one of this kind. */
        public Optional<ReturnPeriod> parse(String raw) {
            if (raw == null) {
                return Optional.empty();
            }
            String s = raw.strip();
            Matcher m = pattern.matcher(s);
            if (!m.matches() || m.group(1).equals("0000")) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(switch (this) {
                    case DAY -> {
                        LocalDate d = LocalDate.parse(s);
                        yield new ReturnPeriod(this, d, d, s);
                    }
                    case MONTH -> {
                        YearMonth ym = YearMonth.parse(s);
                        yield new ReturnPeriod(this, ym.atDay(1), ym.atEndOfMonth(), s);
                    }
                    case QUARTER -> {
                        int year = startYear(m);
                        if (year < 0) {
                            yield null;
                        }
                        int q = Integer.parseInt(m.group(3));
                        LocalDate first = LocalDate.of(year, 4, 1).plusMonths(3L * (q - 1));
                        yield new ReturnPeriod(this, first, first.plusMonths(3).minusDays(1), s);
                    }
                    case FINANCIAL_YEAR -> {
                        int year = startYear(m);
                        yield year < 0 ? null : new ReturnPeriod(this, LocalDate.of(year, 4, 1), LocalDate.of(year + 1, 3, 31), s);
                    }
                    case WEEK -> {
                        int week = Integer.parseInt(m.group(2));
                        // 4 January is always in week 1 of its week-based year; the year has 52 weeks, or 53 when it has a 53rd Thursday.
                        LocalDate fourthOfJanuary = LocalDate.of(Integer.parseInt(m.group(1)), 1, 4);
                        if (week < 1 || week > fourthOfJanuary.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
                            yield null;
                        }
                        LocalDate monday = fourthOfJanuary.with(DayOfWeek.MONDAY).plusWeeks(week - 1L);
                        yield new ReturnPeriod(this, monday, monday.plusDays(6), s);
                    }
                });
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }

        /** The first year of "yyyy-yy", or -1 when the second part is not the next year's last two digits (or past 9998). */
        private static int startYear(Matcher m) {
            int year = Integer.parseInt(m.group(1));
            return year < 9999 && (year + 1) % 100 == Integer.parseInt(m.group(2)) ? year : -1;
        }
    }

    /** The financial year (April to March) a day falls in, e.g. "2024-25" for 2025-02-01. */
    public static ReturnPeriod financialYearOf(LocalDate day) {
        int start = day.getMonthValue() >= 4 ? day.getYear() : day.getYear() - 1;
        return Kind.FINANCIAL_YEAR.parse(String.format("%04d-%02d", start, (start + 1) % 100)).orElseThrow();
    }

    /** The ISO-8601 week (Monday to Sunday) a day falls in, e.g. "2025-W01" for 2024-12-30. */
    public static ReturnPeriod weekOf(LocalDate day) {
        return Kind.WEEK.parse(String.format("%04d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)))
                .orElseThrow();
    }

    /** Whether the day is inside the period. */
    public boolean contains(LocalDate day) {
        return !day.isBefore(first) && !day.isAfter(last);
    }
}
