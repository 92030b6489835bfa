package org.d2aflow.metrics.domain.returns;

import java.util.List;

/** The published column dictionaries of the returns, as markdown (RETURNS-COLUMNS.md is this text, checked by a test). */
public final class ReturnColumns {

    private ReturnColumns() {
    }

    /** The dictionary of one return, or of both when {@code name} is null. */
    public static String markdown(String name) {
        StringBuilder sb = new StringBuilder();
        if (name == null) {
            sb.append("# Returns: column dictionaries\n\n")
                    .append("Generated from the code (`ReturnColumns.markdown`); a test keeps this file equal to it. Served at\n")
                    .append("`GET /returns/discharge-sitrep/columns` and `GET /returns/drd-timeliness/columns`.\n\n");
        }
        if (name == null || name.equals("discharge-sitrep")) {
            sb.append("## discharge-sitrep: daily acute discharge situation report\n\n")
                    .append("One row per request: `GET /returns/discharge-sitrep?date=yyyy-MM-dd&asKnownAt=instant`.\n\n");
            table(sb, DischargeSitrep.COLUMNS);
            sb.append("\n### Destination mapping\n\n")
                    .append("From the pathway decided (the latest known) and the NHS Data Dictionary discharge destination code.\n")
                    .append("A care-home resident is one whose usual residence on the referral is CARE_HOME.\n\n")
                    .append("| Pathway | Destination code | Column |\n|---|---|---|\n")
                    .append("| P0 | 19, 54, 65 or 85, care-home resident | P3b - Care Home (existing resident discharged back) |\n")
                    .append("| P0 | 19 | P0 - Domestic home without reablement support |\n")
                    .append("| P0 | any other code but 79, 98, 99 | P0 - Other without reablement support |\n")
                    .append("| P1 | 19 | P1 - Domestic home with reablement support |\n")
                    .append("| P1 | any other code but 79, 98, 99 | P1 - Other with reablement support |\n")
                    .append("| P2 | 54, 65, 85 | P2 - Care Home (24hr support) |\n")
                    .append("| P2 | 88 | P2 - Hospice (24hr support) |\n")
                    .append("| P2 | 49-53 | P2 - Community Rehab Setting (24hr support) |\n")
                    .append("| P3 | 19, 54, 65 or 85, care-home resident | P3b - Care Home (existing resident discharged back) |\n")
                    .append("| P3 | 54, 65, 85 | P3 - Care Home (new admission, likely permanent) |\n")
                    .append("| none decided, or code 79, 98, 99, or any other | none: counted in Number of patients discharged only |\n\n")
                    .append("No fact in the log tells a hotel or a designated setting, so P1 - Hotel and both Designated Setting columns are\n")
                    .append("always 0. The reasons for delay are a snapshot on the day, not the published weekly average; a reason\n")
                    .append("recorded under another list or version, or none, is counted in no reason column.\n\n");
        }
        if (name == null || name.equals("drd-timeliness")) {
            sb.append("## drd-timeliness: monthly discharge-ready-date timeliness\n\n")
                    .append("One row per request: `GET /returns/drd-timeliness?month=yyyy-MM&asKnownAt=instant`. Headers follow the\n")
                    .append("NHS England time series as RETURNS.md lists them; the wording of the band columns is not verified. The\n")
                    .append("provider-count columns and the \"discharged within N days\" columns are left out (one trust; N not found).\n\n");
            table(sb, DrdTimeliness.COLUMNS);
            sb.append('\n');
        }
        sb.append("Percentages and averages round half up; a ratio with a zero denominator is empty. Rows hold counts only:\n")
                .append("no NHS number, name or referral id.\n");
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
