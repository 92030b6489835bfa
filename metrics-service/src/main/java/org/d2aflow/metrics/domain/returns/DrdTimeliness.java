package org.d2aflow.metrics.domain.returns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.ReferralFacts;

/**
 * The monthly timeliness of discharge against the discharge ready date (DRD), for the trust, as known at an instant, in the
 * columns NHS England publishes (RETURNS.md section 3) so a trust can reconcile: the patients discharged in the month with
 * a DRD, the days from DRD to the date of discharge (DoD) by band, the bed days lost, and the average delay with and
 * without zero-day delays. Pure: the same facts, month and instant give the same row, byte for byte.
 */
public final class DrdTimeliness {

    /** A delay band: {@code from} to {@code to} days inclusive ({@code to} null: no upper end). */
    record Band(String label, int from, Integer to) {
        boolean holds(long days) {
            return days >= from && (to == null || days <= to);
        }
    }

    static final List<Band> BANDS = List.of(new Band("No delay", 0, 0), new Band("1 day", 1, 1), new Band("2-3 days", 2, 3),
            new Band("4-6 days", 4, 6), new Band("7-13 days", 7, 13), new Band("14-20 days", 14, 20), new Band("21+ days", 21, null));

    public static final List<ReturnColumn> COLUMNS = columns();

    /** The dictionary's notes: what is left out of the published layout. */
    public static final String NOTES = """
            Headers follow the NHS England time series as RETURNS.md lists them; the wording of the band columns is not
            verified. The provider-count columns and the "discharged within N days" columns are left out (one trust; N not found).
            """;


    private DrdTimeliness() {
    }

    private static List<ReturnColumn> columns() {
        List<ReturnColumn> c = new ArrayList<>();
        c.add(new ReturnColumn("Month", "The calendar month of the discharge date (Europe/London), yyyy-MM."));
        c.add(new ReturnColumn("Total # of patients discharged", "Patients whose discharge (the latest known) is dated in the month and who"
                + " have a discharge ready date (the latest known). Deaths in hospital are included; discharges with no DRD are not."));
        c.add(new ReturnColumn("Total bed days lost to DD", "The sum over those patients of the days from DRD to DoD (DoD minus DRD, 0 when"
                + " the DoD is not after the DRD)."));
        c.add(new ReturnColumn("DoD is same as DRD (%)", "Patients with a delay of 0 days, as a percentage of those discharged (1 place)."));
        c.add(new ReturnColumn("DoD is 1+ days after DRD (%)", "Patients with a delay of 1 day or more, as a percentage (1 place)."));
        for (Band b : BANDS) {
            String range = b.to() == null ? b.from() + " days or more" : b.from() == b.to() ? b.from() + " days" : b.from() + " to " + b.to() + " days";
            c.add(new ReturnColumn(b.label() + " (#)", "Patients whose delay is " + range + "."));
            c.add(new ReturnColumn(b.label() + " (%)", "The same as a percentage of those discharged (1 place)."));
        }
        c.add(new ReturnColumn("Average days from DRD to DoD (inc 0-day delays)", "Bed days lost divided by the patients discharged (2 places)."));
        c.add(new ReturnColumn("Average days from DRD to DoD (exc 0-day delays)",
                "Bed days lost divided by the patients delayed 1 day or more (2 places); empty when none was."));
        return List.copyOf(c);
    }

    /**
     * The row for the month as known at the instant. Each band count has the referrals in the band as sources; every other
     * value (totals, bed days, shares, averages) is computed over all the patients discharged, so has them all.
     */
    public static ReturnRow compute(LogFacts facts, YearMonth month, Instant asKnownAt) {
        long[] perBand = new long[BANDS.size()];
        List<Set<String>> inBand = new ArrayList<>();
        BANDS.forEach(b -> inBand.add(new TreeSet<>()));
        Set<String> all = new TreeSet<>();
        long patients = 0;
        long delayed = 0;
        long bedDays = 0;
        for (ReferralFacts r : facts.referrals()) {
            Optional<ReferralFacts.Discharge> discharge = r.dischargeAt(asKnownAt);
            Optional<LocalDate> drd = r.dischargeReadyDateAt(asKnownAt);
            if (discharge.isEmpty() || drd.isEmpty() || !YearMonth.from(discharge.get().date()).equals(month)) {
                continue;
            }
            long days = Math.max(0, ChronoUnit.DAYS.between(drd.get(), discharge.get().date()));
            patients++;
            bedDays += days;
            all.add(CellSources.referral(r.referralId));
            if (days > 0) {
                delayed++;
            }
            for (int i = 0; i < BANDS.size(); i++) {
                if (BANDS.get(i).holds(days)) {
                    perBand[i]++;
                    inBand.get(i).add(CellSources.referral(r.referralId));
                }
            }
        }
        List<String> values = new ArrayList<>();
        List<Set<String>> sources = new ArrayList<>();
        values.add(month.toString());
        sources.add(Set.of());
        values.add(String.valueOf(patients));
        values.add(String.valueOf(bedDays));
        values.add(Csv.ratio(patients - delayed, patients, 1, true));
        values.add(Csv.ratio(delayed, patients, 1, true));
        for (int i = 0; i < 4; i++) {
            sources.add(all);
        }
        for (int i = 0; i < BANDS.size(); i++) {
            values.add(String.valueOf(perBand[i]));
            values.add(Csv.ratio(perBand[i], patients, 1, true));
            sources.add(inBand.get(i));
            sources.add(all);
        }
        values.add(Csv.ratio(bedDays, patients, 2, false));
        values.add(Csv.ratio(bedDays, delayed, 2, false));
        sources.add(all);
        sources.add(all);
        return new ReturnRow("drd-timeliness", COLUMNS, values, sources);
    }
}
