package org.d2aflow.metrics.domain.cells;

import java.util.List;

/**
 * Every {@link FigureAssembler} the service serves figures with (STREAMS.md section 10f): a figure one of them answers is
 * read from the cells in an instance that serves from Kafka Streams; any other figure (ASCOF 2D until its assembler is
 * added here) still comes from the heap engine. The differential tests hold each of them to the reference.
 */
public final class FigureAssemblers {

    public static final List<FigureAssembler> ALL = List.of(new DischargeFamilyAssembler(), new DecisionFamilyAssembler(),
            new PlacementEndFamilyAssembler(), new InHospitalFamilyAssembler(), new CapacityDemandAssembler());

    /** Every figure the cells answer. */
    public static final List<String> FIGURES = ALL.stream().flatMap(a -> a.figures().stream()).toList();

    private FigureAssemblers() {
    }
}
