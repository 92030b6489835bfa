package org.d2aflow.metrics.domain.returns;

import java.time.Instant;
import java.util.List;

import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.LogFacts;

/**
 * One return the suite produces from the log. Pure: the same facts, period and instant give the same table, byte for byte,
 * however many facts were recorded after the instant. Registered in {@link NationalReturns}.
 */
public interface NationalReturn {

    /** The name in URLs and file names, e.g. {@code discharge-sitrep}. */
    String name();

    /** A one-line title for the dictionary and the dashboard. */
    String title();

    /** The kind of period it is asked for. */
    ReturnPeriod.Kind periodKind();

    /** The version of its layout (columns and their meaning); changes whenever a column is added, removed or redefined. */
    String layoutVersion();

    List<ReturnColumn> columns();

    /**
     * How many leading columns identify a row (1 by default): a revision report matches the rows of two submissions by
     * these values, so a return of many rows must make them unique within a table.
     */
    default int keyColumns() {
        return 1;
    }

    /** Markdown written after the column table in the dictionary: mappings, sources, what is left out; may be empty. */
    String notes();

    /** The return for the period as known at the instant. */
    ReturnTable compute(LogFacts facts, ReturnPeriod period, Instant asKnownAt);
}
