package org.d2aflow.metrics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One computed figure: what it is, for which period and as known when, which clocks it used ({@link Clocks}), with
 * which options, its headline ratio (numerator, denominator, value) or measures, what is incomplete about its inputs,
 * its breakdown groups, and on request the referral ids behind it. Field order and every list order are fixed. Absent parts are left
 * out of its JSON ({@code config.FigureJson}).
 */
public record Figure(String figure, String title, String label, Period period, Instant asKnownAt, LocalDate censusDate,
        Clocks clocks, Map<String, Object> options, Long numerator, Long denominator, BigDecimal value, Map<String, Object> measures,
        Map<String, Long> incomplete, String breakdown, List<Group> groups, DrillDown drillDown) {

    public record Period(LocalDate from, LocalDate to) {
    }

    /** One breakdown group: a ratio, or measures, for the referrals with that key. */
    public record Group(String key, Long numerator, Long denominator, BigDecimal value, Map<String, Object> measures) {
    }

    /** The referral ids behind the figure, sorted; {@code other} holds lists a figure reports besides the two. */
    public record DrillDown(List<String> numerator, List<String> denominator, Map<String, List<String>> other) {
    }

    public Figure withoutDrillDown() {
        return new Figure(figure, title, label, period, asKnownAt, censusDate, clocks, options, numerator, denominator, value, measures,
                incomplete, breakdown, groups, null);
    }
}
