package org.d2aflow.metrics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.d2aflow.metrics.config.FigureJson;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.d2aflow.metrics.domain.FigureQuery.Granularity;
import org.d2aflow.metrics.domain.FigureQuery.Options;

/** A fluent {@link FigureQuery} builder and small readers for figures. */
final class Queries {

    /** Well after every event of the tests: "as known now". */
    static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

    static final ObjectMapper JSON = FigureJson.register(new ObjectMapper()).registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private LocalDate from;
    private LocalDate to;
    private Instant asKnownAt = LATER;
    private Breakdown breakdown = Breakdown.NONE;
    private boolean count29AsHome;
    private boolean excludeUnknown99;
    private LocalDate censusDate;
    private Granularity granularity;

    static Queries period(String from, String to) {
        Queries q = new Queries();
        q.from = LocalDate.parse(from);
        q.to = LocalDate.parse(to);
        return q;
    }

    /** A census query: the period is the census day itself. */
    static Queries census(String day) {
        return period(day, day).censusOn(day);
    }

    Queries knownAt(String instant) {
        asKnownAt = Instant.parse(instant);
        return this;
    }

    Queries knownAt(Instant instant) {
        asKnownAt = instant;
        return this;
    }

    /** As known at a wall-clock time on a date in Europe/London, e.g. ("2024-03-01", "00:00"). */
    Queries knownAtLondon(String date, String time) {
        asKnownAt = LocalDate.parse(date).atTime(LocalTime.parse(time)).atZone(FigureQuery.ZONE).toInstant();
        return this;
    }

    Queries by(Breakdown b) {
        breakdown = b;
        return this;
    }

    Queries count29AsHome(boolean on) {
        count29AsHome = on;
        return this;
    }

    Queries excludeUnknown99(boolean on) {
        excludeUnknown99 = on;
        return this;
    }

    Queries censusOn(String day) {
        censusDate = LocalDate.parse(day);
        return this;
    }

    Queries daily() {
        granularity = Granularity.DAY;
        return this;
    }

    Queries weekly() {
        granularity = Granularity.WEEK;
        return this;
    }

    FigureQuery build() {
        return new FigureQuery(from, to, asKnownAt, breakdown, new Options(count29AsHome, excludeUnknown99), censusDate, granularity);
    }

    /** The reference's figure; for a figure that cells answer, also checked against the cells as known at the instant. */
    Figure compute(String figure, LogFacts facts) {
        return CellsTwin.checked(figure, facts, null, build());
    }

    /** The same, and checked against the incremental cells path fed with the log's events too. */
    Figure compute(String figure, TestLog log) {
        List<org.d2aflow.contracts.EventEnvelope<? extends org.d2aflow.contracts.D2aEvent>> events = log.envelopes();
        return CellsTwin.checked(figure, TestLog.factsOf(events), events, build());
    }

    // --- readers -------------------------------------------------------------------------------------------

    /** A value inside the measures by a dotted path, e.g. "bands.2-3" or "endReasons.DIED.share". */
    static Object measure(Figure f, String path) {
        return dig(f.measures(), path);
    }

    @SuppressWarnings("unchecked")
    static Object dig(Object root, String path) {
        Object cur = root;
        for (String key : path.split("\\.")) {
            if (!(cur instanceof Map)) {
                throw new AssertionError("no map at '" + key + "' of '" + path + "' in " + root);
            }
            Map<String, Object> m = (Map<String, Object>) cur;
            if (!m.containsKey(key)) {
                throw new AssertionError("no key '" + key + "' of '" + path + "' in " + m.keySet());
            }
            cur = m.get(key);
        }
        return cur;
    }

    static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    static Figure.Group group(Figure f, String key) {
        return f.groups().stream().filter(g -> g.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + key + " in " + f.groups()));
    }

    static List<String> groupKeys(Figure f) {
        return f.groups().stream().map(Figure.Group::key).toList();
    }

    static String json(Figure f) {
        try {
            return JSON.writeValueAsString(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
