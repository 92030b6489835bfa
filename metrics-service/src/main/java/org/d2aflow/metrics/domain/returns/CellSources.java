package org.d2aflow.metrics.domain.returns;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The sources of each cell of a row being computed: the subjects of the facts each value was computed from. */
final class CellSources {

    private final List<Set<String>> cells = new ArrayList<>();

    CellSources(int columns) {
        for (int i = 0; i < columns; i++) {
            cells.add(new TreeSet<>());
        }
    }

    /** The subject a referral's facts are named by in a revision report. */
    static String referral(String referralId) {
        return "referral:" + referralId;
    }

    void add(int column, String subject) {
        cells.get(column).add(subject);
    }

    List<Set<String>> cells() {
        return cells;
    }
}
