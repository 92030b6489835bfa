package org.d2aflow.metrics.domain.cells;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureQuery;

/**
 * Builds the {@link Figure} of a query from cells (STREAMS.md section 2): the period is the sum of its days' cells, a
 * breakdown reads that dimension's cells, the options and time-dependent rules apply here, at query time. The answer is
 * the very record the reference computes over all facts, so that both print the same bytes.
 */
public interface FigureAssembler {

    /** The figures this assembler answers. */
    List<String> figures();

    /** The family whose cells (and whose {@code members} days, for the drill-down) the figures read. */
    Family family();

    /**
     * Every family whose cells the figures read: the figure's own family, except for a figure built from several
     * (capacity-demand: SERVICE_DAY from the service side, DECISION, PLACEMENT_END and WAITING from the referral side).
     */
    default List<Family> families() {
        return List.of(family());
    }

    /** Business days from {@code from} to {@code to}, inclusive. */
    record Days(LocalDate from, LocalDate to) {
    }

    /**
     * The business days whose {@code members} are the drill-down candidates of the query: the period's by default; a census
     * reads the stays that end after its day.
     */
    default Days memberDays(FigureQuery q) {
        return new Days(q.from(), q.to());
    }

    /**
     * The families whose {@code members} days give the drill-down's candidates: the figure's own family, except for a figure
     * that lists referrals of several (capacity-demand: DECISION and PLACEMENT_END).
     */
    default List<Family> memberFamilies() {
        return List.of(family());
    }

    /** The figure from the cells (any may be given: only the query's family, dimension and days are read), without drill-down. */
    default Figure assemble(String figure, FigureQuery q, Map<CellKey, CellValue> cells) {
        return assemble(figure, q, cells, null);
    }

    /**
     * The figure with its drill-down: the referral ids come from the candidates (the {@code members} index of the period's
     * days), each evaluated as known at the query's instant ({@code candidates}: referral id → its contribution then; null: no
     * drill-down).
     */
    Figure assemble(String figure, FigureQuery q, Map<CellKey, CellValue> cells, Map<String, Contribution> candidates);
}
