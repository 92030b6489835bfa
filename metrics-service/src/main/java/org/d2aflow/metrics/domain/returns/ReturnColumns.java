package org.d2aflow.metrics.domain.returns;

import java.util.List;

/** The published column dictionaries of the returns, as markdown (RETURNS-COLUMNS.md is this text, checked by a test). */
public final class ReturnColumns {

    private ReturnColumns() {
    }

    /** The dictionary of one return, or of every return when {@code name} is null. */
    public static String markdown(String name) {
        StringBuilder sb = new StringBuilder();
        if (name == null) {
            sb.append("# Returns: column dictionaries\n\n")
                    .append("Generated from the code (`ReturnColumns.markdown`); a test keeps this file equal to it. Each return is\n")
                    .append("served at `GET /returns/{name}?period=...&asKnownAt=instant` and its dictionary at `GET /returns/{name}/columns`.\n\n");
        }
        for (NationalReturn r : NationalReturns.ALL) {
            if (name != null && !name.equals(r.name())) {
                continue;
            }
            sb.append("## ").append(r.name()).append(": ").append(r.title()).append("\n\n")
                    .append("Layout version ").append(r.layoutVersion()).append(". `GET /returns/").append(r.name())
                    .append("?period=...`, the period being ").append(r.periodKind().description()).append(".\n\n");
            table(sb, r.columns());
            if (!r.notes().isEmpty()) {
                sb.append('\n').append(r.notes());
            }
            sb.append('\n');
        }
        sb.append("Percentages and averages round half up; a ratio with a zero denominator is empty. Unless a return says\n")
                .append("otherwise, rows hold counts only: no NHS number, name or referral id.\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<ReturnColumn> columns) {
        sb.append("| # | Column | Meaning |\n|---|---|---|\n");
        for (int i = 0; i < columns.size(); i++) {
            sb.append("| ").append(i + 1).append(" | ").append(columns.get(i).name().replace("|", "\\|")).append(" | ")
                    .append(columns.get(i).meaning().replace("|", "\\|")).append(" |\n");
        }
    }
}
