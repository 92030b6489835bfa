package org.d2aflow.metrics.query;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.cells.Dimension;
import org.d2aflow.metrics.domain.cells.Family;
import org.d2aflow.metrics.domain.cells.FigureAssembler;

/**
 * A figure from cells (STREAMS.md sections 4 and 5): asks the partials for each family the figure's assembler reads
 * ({@link FigureAssembler#families()}; capacity-demand's SERVICE_DAY comes from the service side), the dimensions an
 * assembler may read (the query's breakdown and {@code NONE}), the query's days and instant, with the drill-down's candidates
 * from its {@link FigureAssembler#memberFamilies()}, then assembles the figure with the same {@link FigureAssembler} the
 * differential tests hold to the reference. Families dated by one event (discharge, decision,
 * placement end) read the period's days; the others (stays, waits and service days, whose census reads days outside the
 * period) read every day of the family until their assemblers say which.
 */
public final class CellFigures {

    private static final Set<Family> DATED_BY_ONE_EVENT = EnumSet.of(Family.DISCHARGE, Family.DECISION, Family.PLACEMENT_END);

    private final List<FigureAssembler> assemblers;
    private final CellPartials partials;

    public CellFigures(List<FigureAssembler> assemblers, CellPartials partials) {
        this.assemblers = List.copyOf(assemblers);
        this.partials = partials;
    }

    /** Whether an assembler answers the figure from cells. */
    public boolean answers(String figure) {
        return assemblers.stream().anyMatch(a -> a.figures().contains(figure));
    }

    /** The figure as known at the query's instant, with its drill-down when asked. */
    public Figure figure(String figure, FigureQuery q, boolean drillDown) {
        return assemble(figure, q, drillDown, false);
    }

    /**
     * The figure as known now (every bucket of the cells, no tail; the query's instant still sets the time-dependent rules,
     * as the 91-day pending split).
     */
    public Figure figureNow(String figure, FigureQuery q, boolean drillDown) {
        return assemble(figure, q, drillDown, true);
    }

    private Figure assemble(String figure, FigureQuery q, boolean drillDown, boolean now) {
        FigureAssembler a = assemblers.stream().filter(x -> x.figures().contains(figure)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cells assemble " + figure));
        Set<Family> families = new LinkedHashSet<>(a.families());
        families.addAll(a.memberFamilies());
        CellPartials.Partial p = CellPartials.Partial.EMPTY;
        for (Family f : families) {
            boolean dated = DATED_BY_ONE_EVENT.contains(f);
            Set<Dimension> dimensions = dated ? EnumSet.of(Dimension.NONE, Dimension.of(q.breakdown())) : EnumSet.allOf(Dimension.class);
            p = p.plus(partials.fetch(new CellPartials.Request(f, dimensions, dated ? q.from() : null, dated ? q.to() : null,
                    now ? null : q.asKnownAt(), drillDown && a.memberFamilies().contains(f))));
        }
        return a.assemble(figure, q, p.cells(), p.candidatesOrNull(drillDown));
    }
}
