package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.CellValue;
import org.d2aflow.metrics.domain.cells.Contribution;
import org.d2aflow.metrics.domain.cells.FigureAssembler;
import org.d2aflow.metrics.domain.cells.FigureAssemblers;
import org.d2aflow.metrics.domain.cells.MembersIndex;
import org.d2aflow.metrics.domain.cells.ReferralContributions;
import org.d2aflow.metrics.domain.cells.ServiceContributions;

/**
 * The cells path next to the reference (issue 17 point 5, pieces B1 and B2): an in-memory store that applies each event to the
 * referral's facts and moves the cells by {@code of(after, ∞) − of(before, ∞)} (the incremental path), and the as-known-at
 * path, {@code Σ of(facts, T)} over the referrals. Both must print the reference's bytes; a difference fails with the
 * figure, the query, both JSONs and the referral ids whose drill-down lists differ.
 */
final class CellsTwin {

    /** The service's list: what the differential tests check is what the service serves from cells. */
    static final List<FigureAssembler> ASSEMBLERS = FigureAssemblers.ALL;
    /** Every figure the cells answer. */
    static final List<String> FIGURES = ASSEMBLERS.stream().flatMap(a -> a.figures().stream()).toList();
    private static final FigureEngine ENGINE = new FigureEngine();

    private CellsTwin() {
    }

    static boolean covers(String figure) {
        return FIGURES.contains(figure);
    }

    static FigureAssembler assembler(String figure) {
        return ASSEMBLERS.stream().filter(a -> a.figures().contains(figure)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cells for " + figure));
    }

    /** Facts, cells and the members index, kept up to date event by event as the streaming processor will. */
    static final class IncrementalStore {
        final LogFacts facts = new LogFacts();
        final TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        final MembersIndex members = new MembersIndex();

        IncrementalStore applyAll(List<EventEnvelope<? extends D2aEvent>> events) {
            events.forEach(this::apply);
            return this;
        }

        void apply(EventEnvelope<? extends D2aEvent> e) {
            String id = LogFacts.referralOf(e.event());
            ReferralFacts r = id == null ? null : facts.referralOrNull(id);
            Contribution before = r == null ? Contribution.EMPTY : ReferralContributions.of(r, ReferralContributions.ALWAYS);
            // the service side (sub-topology S): a capacity event moves its service's cells the same way
            String serviceId = e.event() instanceof CapacityEvent c ? c.serviceId() : null;
            ServiceFacts s = serviceId == null ? null : facts.serviceOrNull(serviceId);
            Contribution serviceBefore = s == null ? Contribution.EMPTY : ServiceContributions.of(s, ReferralContributions.ALWAYS);
            if (!facts.apply(e)) {
                return; // a duplicate changes nothing
            }
            if (serviceId != null) {
                ServiceContributions.of(facts.serviceOrNull(serviceId), ReferralContributions.ALWAYS).minus(serviceBefore).addTo(cells);
            }
            if (id == null) {
                return;
            }
            ReferralFacts after = facts.referralOrNull(id);
            ReferralContributions.of(after, ReferralContributions.ALWAYS).minus(before).addTo(cells);
            // every business day the referral has at any instant: its contribution as of each of its recorded times
            TreeMap<Instant, Contribution> timeline = new TreeMap<>();
            for (Instant t : recordedTimes(facts, id)) {
                timeline.put(t, ReferralContributions.of(after, t));
            }
            members.record(id, timeline);
        }

        /** The figure as known now (the cells hold every fact), with its drill-down from the members index. */
        Figure figure(String figure, FigureQuery q) {
            return figure(figure, q, cells);
        }

        /** The figure from the given cells (e.g. Σ of(r, T)), its drill-down from this store's members evaluated at the query's instant. */
        Figure figure(String figure, FigureQuery q, Map<CellKey, CellValue> cellsThen) {
            FigureAssembler a = assembler(figure);
            FigureAssembler.Days days = a.memberDays(q);
            Set<String> ids = new TreeSet<>();
            a.memberFamilies().forEach(f -> ids.addAll(members.candidates(f, days.from(), days.to(), q.asKnownAt())));
            return a.assemble(figure, q, cellsThen, candidates(facts, ids, q));
        }
    }

    private static Set<Instant> recordedTimes(LogFacts facts, String referralId) {
        TreeSet<Instant> out = new TreeSet<>();
        facts.factsAbout(List.of("referral:" + referralId), Instant.MIN, Instant.MAX).forEach(s -> out.add(s.fact().recordedAt()));
        return out;
    }

    private static Map<String, Contribution> candidates(LogFacts facts, Set<String> ids, FigureQuery q) {
        Map<String, Contribution> out = new TreeMap<>();
        ids.forEach(id -> out.put(id, ReferralContributions.of(facts.referralOrNull(id), q.asKnownAt())));
        return out;
    }

    /** Σ of(r, T) over every referral: the cells as known at T, without the log. */
    static NavigableMap<CellKey, CellValue> cellsAsKnownAt(LogFacts facts, Instant t) {
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        facts.referrals().forEach(r -> ReferralContributions.of(r, t).addTo(cells));
        facts.services().forEach(s -> ServiceContributions.of(s, t).addTo(cells));
        return cells;
    }

    /** The figure as known at the query's instant from Σ of(r, T), the drill-down from every referral's contribution then. */
    static Figure asKnownAt(String figure, LogFacts facts, FigureQuery q) {
        return new AsKnownAt(facts, q.asKnownAt()).figure(figure, q);
    }

    /** Σ of(r, T) and every referral's contribution at T, computed once for the many queries of one instant. */
    static final class AsKnownAt {
        final NavigableMap<CellKey, CellValue> cells;
        final Map<String, Contribution> candidates = new TreeMap<>();

        AsKnownAt(LogFacts facts, Instant t) {
            cells = cellsAsKnownAt(facts, t);
            facts.referrals().forEach(r -> candidates.put(r.referralId, ReferralContributions.of(r, t)));
        }

        Figure figure(String figure, FigureQuery q) {
            return assembler(figure).assemble(figure, q, cells, candidates);
        }
    }

    /** The incremental path fed with the events recorded by the query's instant, in the order given. */
    static Figure incremental(String figure, List<EventEnvelope<? extends D2aEvent>> events, FigureQuery q) {
        List<EventEnvelope<? extends D2aEvent>> known = events.stream().filter(e -> !e.time().truncatedTo(java.time.temporal.ChronoUnit.MICROS).isAfter(q.asKnownAt())).toList();
        return new IncrementalStore().applyAll(known).figure(figure, q);
    }

    /** Fails unless both print the same bytes, naming the figure, the query, both JSONs and the ids whose lists differ. */
    static void assertSame(String path, String figure, FigureQuery q, Figure reference, Figure cells) {
        String expected = Queries.json(reference);
        String actual = Queries.json(cells);
        if (!expected.equals(actual)) {
            throw new AssertionError("cells (" + path + ") differ from the reference for " + figure + ", " + q
                    + "\n  referrals in differing lists: " + differingIds(reference.drillDown(), cells.drillDown())
                    + "\n  reference: " + expected + "\n  cells:     " + actual);
        }
    }

    /** The reference figure, after checking both cells paths against it (the incremental one when the log is given). */
    static Figure checked(String figure, LogFacts facts, List<EventEnvelope<? extends D2aEvent>> log, FigureQuery q) {
        Figure reference = ENGINE.compute(figure, facts, q);
        if (covers(figure)) {
            assertSame("as known at", figure, q, reference, asKnownAt(figure, facts, q));
            if (log != null) {
                assertSame("incremental", figure, q, reference, incremental(figure, log, q));
            }
        }
        return reference;
    }

    private static Map<String, List<String>> differingIds(Figure.DrillDown a, Figure.DrillDown b) {
        Map<String, List<String>> out = new TreeMap<>();
        if (a == null || b == null) {
            return out;
        }
        diff(out, "numerator", a.numerator(), b.numerator());
        diff(out, "denominator", a.denominator(), b.denominator());
        TreeSet<String> lists = new TreeSet<>(a.other().keySet());
        lists.addAll(b.other().keySet());
        lists.forEach(l -> diff(out, l, a.other().get(l), b.other().get(l)));
        return out;
    }

    private static void diff(Map<String, List<String>> out, String list, List<String> a, List<String> b) {
        TreeSet<String> sym = new TreeSet<>(a == null ? List.of() : a);
        sym.addAll(b == null ? List.of() : b);
        List<String> differing = new ArrayList<>();
        for (String id : sym) {
            if ((a != null && a.contains(id)) != (b != null && b.contains(id))) {
                differing.add(id);
            }
        }
        if (!differing.isEmpty()) {
            out.put(list, differing);
        }
    }
}
