package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The inputs of a figure besides the log: the period (business dates, inclusive), the as-known-at instant
 * (only events recorded at or before it count, inclusive), a breakdown, the options, and for census figures the date.
 * Recorded times are kept to the microsecond, so the as-known-at instant is too: finer digits are dropped (an event
 * recorded at T.123456 is known at T.123456789, as it is at T.123456, and not at T.123455).
 */
public record FigureQuery(LocalDate from, LocalDate to, Instant asKnownAt, Breakdown breakdown, Options options, LocalDate censusDate,
        Granularity granularity) {

    public static final ZoneId ZONE = ZoneId.of("Europe/London");

    /** How a figure can be split. */
    public enum Breakdown {
        NONE, LOCALITY, SITE, PATHWAY, SERVICE_TYPE, AGE_BAND
    }

    public enum Granularity {
        DAY, WEEK
    }

    /** The figure options of METRICS.md, reported with every figure. */
    public record Options(boolean count29AsHome, boolean excludeUnknown99) {
    }

    public FigureQuery {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to");
        }
        asKnownAt = asKnownAt.truncatedTo(ChronoUnit.MICROS);
        if (censusDate == null) {
            censusDate = to;
        }
        if (breakdown == null) {
            breakdown = Breakdown.NONE;
        }
        if (granularity == null) {
            granularity = Granularity.WEEK;
        }
    }

    public boolean inPeriod(LocalDate d) {
        return d != null && !d.isBefore(from) && !d.isAfter(to);
    }

    /** The calendar date of the as-known-at instant. */
    public LocalDate knownDate() {
        return LocalDate.ofInstant(asKnownAt, ZONE);
    }

    public static LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZONE);
    }
}
