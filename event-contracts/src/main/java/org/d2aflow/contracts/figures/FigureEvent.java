package org.d2aflow.contracts.figures;

import org.d2aflow.contracts.D2aEvent;

/** Facts about published figures; the stream id is the figure and its breakdown. */
public sealed interface FigureEvent extends D2aEvent permits FigureSnapshotPublished {
}
