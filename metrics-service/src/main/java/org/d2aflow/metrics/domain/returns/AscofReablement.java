package org.d2aflow.metrics.domain.returns;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.DischargedSpell;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.ReablementCases.Ascof2dCase;
import org.d2aflow.metrics.domain.ReablementCases.Exclusion;
import org.d2aflow.metrics.domain.ReablementCases.LegacyCase;
import org.d2aflow.metrics.domain.ReablementCases;

/**
 * The ASCOF reablement measures of a financial year (RETURNS.md section 5): ASCOF 2D, the national measure from 2024-25 (65+
 * discharges of the whole year into ST-Max reablement, remained in the community 84 days later), next to the legacy 2B(1)
 * (65+ discharges of 1 October to 31 December into reablement or rehabilitation, at home 91 days later). One row per measure
 * and breakdown group; the cases are {@link ReablementCases}', as the figures' are. Pure and ordered by the cases' ids.
 */
public final class AscofReablement extends DescribedReturn {

    public static final String NAME = "ascof-reablement";
    private static final String REFERRAL = "referral:";
    static final String MEASURE_2D = "ASCOF 2D";
    static final String MEASURE_LEGACY = "ASCOF 2B(1) legacy";
    static final List<String> AGE_BANDS = List.of("65-74", "75-84", "85+");
    /** RETURNS.md's 2D client types; the log cannot tell them apart (see the notes). */
    static final List<String> CLIENT_TYPES = List.of("Those in LT community support", "Those not in any LTS");

    private static final List<ReturnColumn> COLUMNS = List.of(
            new ReturnColumn("Measure", "\"" + MEASURE_2D + "\" (2024-25 on: 84 days, the whole financial year of discharges) or \""
                    + MEASURE_LEGACY + "\" (to 2023-24: 91 days, discharges of 1 October to 31 December in the year)."),
            new ReturnColumn("Breakdown", "\"All\", \"Age\" (at discharge, else at admission) or \"Client type\" (ASCOF 2D only)."),
            new ReturnColumn("Group", "\"All\"; for Age 65-74, 75-84 or 85+; for Client type \"" + CLIENT_TYPES.get(0) + "\" or \""
                    + CLIENT_TYPES.get(1) + "\"."),
            new ReturnColumn("Discharges from", "The first discharge date the measure counts (yyyy-MM-dd)."),
            new ReturnColumn("Discharges to", "The last discharge date the measure counts (yyyy-MM-dd)."),
            new ReturnColumn("Follow-up days", "The days after discharge within which the outcome is looked at: 84 or 91."),
            new ReturnColumn("Discharges aged 65+", "2D: discharges in the period of people aged 65 or over, before the exclusions (a"
                    + " discharge whose referral is not known as at asKnownAt is left out). Empty for 2B(1)."),
            new ReturnColumn("Excluded: zero-day stays", "2D: of those, admitted on or after the discharge date. Empty for 2B(1)."),
            new ReturnColumn("Excluded: admission method", "2D: then, admission method 31, 32, 82 or 83. Empty for 2B(1)."),
            new ReturnColumn("Excluded: discharge method", "2D: then, discharge method 4 or 5. Empty for 2B(1)."),
            new ReturnColumn("Excluded: discharge destination", "2D: then, discharge destination 49, 50, 51, 52, 79, 87 or 88."
                    + " Empty for 2B(1)."),
            new ReturnColumn("Eligible discharges", "2D: discharges aged 65+ less the exclusions. Empty for 2B(1)."),
            new ReturnColumn("Discharged into reablement", "2D: eligible discharges from 7 days before to 3 days after the start of a"
                    + " reablement service (home or bedded), admitted on or before that start. 2B(1): discharges aged 65+ with a"
                    + " reablement or rehabilitation service started. Both include the pending."),
            new ReturnColumn("Provision (%)", "2D part 2: discharged into reablement as a percentage of eligible discharges (1 place)."
                    + " Empty for 2B(1)."),
            new ReturnColumn("Pending", "Discharged into reablement but the follow-up day (discharge date + 84 or + 91) is after the"
                    + " London date of asKnownAt: in neither the numerator nor the denominator."),
            new ReturnColumn("Denominator", "Discharged into reablement, follow-up day reached."),
            new ReturnColumn("Numerator", "2D: of the denominator, remained in the community (no death, emergency readmission or"
                    + " new long-term residential or nursing care from the discharge date to day 84). 2B(1): follow-up status at home,"
                    + " in extra care housing or in Shared Lives."),
            new ReturnColumn("Value (%)", "Numerator as a percentage of the denominator (1 place)."),
            new ReturnColumn("Died", "2D: of the denominator, a death dated from the discharge to day 84. 2B(1): follow-up status died."),
            new ReturnColumn("Readmitted", "2D: of the denominator, an emergency admission (methods 21-25, 2A-2D) of the same"
                    + " pseudonymised patient dated from the discharge to day 84. 2B(1): follow-up status in hospital."),
            new ReturnColumn("Entered long-term care", "2D: of the denominator, long-term residential or nursing care from a date"
                    + " from the discharge to day 84. 2B(1): follow-up status care home."),
            new ReturnColumn("Outcome unknown", "2B(1): of the denominator, follow-up status unknown or no follow-up recorded (these stay"
                    + " in the denominator). Empty for 2D."),
            new ReturnColumn("No follow-up recorded", "2B(1): of those, no follow-up recorded at all. Empty for 2D."));

    static final String NOTES = """
            Rows: for ASCOF 2D, All, Age (65-74, 75-84, 85+) and Client type (both types); for 2B(1), All and Age. The key is
            Measure, Breakdown and Group. ASCOF 2D is the national measure for a year from 2024-25, 2B(1) for the years to 2023-24;
            both are given for any year so the change of definition can be seen side by side. The layout is the suite's own: no
            official template for the CLD-based ASCOF outputs was found (RETURNS.md section 5).

            The 2D outcomes are not exclusive (a person can die after an emergency readmission), so Died, Readmitted and Entered
            long-term care can add up to more than the denominator less the numerator. A death is a dated follow-up or a placement
            ended by death; long-term care is a dated follow-up in a care home or a placement ended into a funded care home.

            Not applied, as the log does not hold them: the treatment-function-code exclusions, the exclusion of people in CLD
            long-term residential, nursing or prison support at admission, and the spell's last episode (one discharge per
            referral). The client-type rows are empty: the log holds no long-term community support, so which
            discharges were of people in it is not known, and it is not guessed.
            """;

    public AscofReablement() {
        super(NAME, "ASCOF 2D reablement outcomes, next to the legacy 2B(1)", ReturnPeriod.Kind.FINANCIAL_YEAR, "1", COLUMNS, 3, NOTES);
    }

    @Override
    public ReturnTable compute(LogFacts facts, ReturnPeriod period, Instant asKnownAt) {
        LocalDate known = LocalDate.ofInstant(asKnownAt, FigureQuery.ZONE);
        Map<String, List<ReablementCases.Spell>> byPatient = ReablementCases.spellsByPatient(facts, asKnownAt);
        List<Ascof2dCase> cases2d = DischargedSpell.in(facts, period.first(), period.last(), asKnownAt, id -> { })
                .stream().map(x -> ReablementCases.ascof2d(x, byPatient, asKnownAt, known)).flatMap(Optional::stream)
                .sorted(Comparator.comparing(Ascof2dCase::referralId)).toList();
        LocalDate legacyFrom = LocalDate.of(period.first().getYear(), 10, 1);
        LocalDate legacyTo = LocalDate.of(period.first().getYear(), 12, 31);
        List<LegacyCase> legacy = ReablementCases.legacy(facts, legacyFrom, legacyTo, asKnownAt, known).stream()
                .sorted(Comparator.comparing(LegacyCase::referralId)).toList();

        Rows rows = new Rows();
        rows.add2d("All", "All", period, cases2d);
        for (String band : AGE_BANDS) {
            rows.add2d("Age", band, period, cases2d.stream().filter(c -> c.ageBand().equals(band)).toList());
        }
        for (String type : CLIENT_TYPES) {
            rows.unknown(MEASURE_2D, "Client type", type, period.first(), period.last(), ReablementCases.ASCOF_2D_DAYS);
        }
        rows.addLegacy("All", "All", legacyFrom, legacyTo, legacy);
        for (String band : AGE_BANDS) {
            rows.addLegacy("Age", band, legacyFrom, legacyTo, legacy.stream().filter(c -> c.ageBand().equals(band)).toList());
        }
        return new ReturnTable(NAME, layoutVersion(), COLUMNS, rows.values, rows.sources);
    }

    /** The rows as they are built, each cell with the referrals it was computed from. */
    private static final class Rows {
        final List<List<String>> values = new ArrayList<>();
        final List<List<Set<String>>> sources = new ArrayList<>();
        private List<String> row;
        private List<Set<String>> from;

        private void start(String measure, String breakdown, String group, LocalDate first, LocalDate last, int days) {
            row = new ArrayList<>();
            from = new ArrayList<>();
            for (String constant : List.of(measure, breakdown, group, first.toString(), last.toString(), String.valueOf(days))) {
                cell(constant, Set.of());
            }
            values.add(row);
            sources.add(from);
        }

        private void cell(String value, Set<String> subjects) {
            row.add(value);
            from.add(subjects);
        }

        private <C> void count(List<C> cases, Predicate<C> which, Function<C, String> id) {
            Set<String> ids = subjects(cases, which, id);
            cell(String.valueOf(ids.size()), ids);
        }

        private void empty(int cells) {
            for (int i = 0; i < cells; i++) {
                cell("", Set.of());
            }
        }

        void add2d(String breakdown, String group, ReturnPeriod period, List<Ascof2dCase> cases) {
            start(MEASURE_2D, breakdown, group, period.first(), period.last(), ReablementCases.ASCOF_2D_DAYS);
            Function<Ascof2dCase, String> id = Ascof2dCase::referralId;
            count(cases, c -> true, id);
            for (Exclusion e : Exclusion.values()) {
                count(cases, c -> c.exclusion() == e, id);
            }
            Set<String> eligible = subjects(cases, Ascof2dCase::eligible, id);
            count(cases, Ascof2dCase::eligible, id);
            Set<String> linked = subjects(cases, Ascof2dCase::linked, id);
            count(cases, Ascof2dCase::linked, id);
            cell(Csv.ratio(linked.size(), eligible.size(), 1, true), eligible);
            count(cases, Ascof2dCase::pending, id);
            List<Ascof2dCase> counted = cases.stream().filter(Ascof2dCase::counted).toList();
            Set<String> denominator = subjects(counted, c -> true, id);
            cell(String.valueOf(denominator.size()), denominator);
            // whether each counted case remained depends on its own facts and on those of its readmissions
            Set<String> outcomeSources = new TreeSet<>(denominator);
            counted.forEach(c -> c.readmissions().forEach(r -> outcomeSources.add(REFERRAL + r)));
            long remained = counted.stream().filter(Ascof2dCase::remained).count();
            cell(String.valueOf(remained), outcomeSources);
            cell(Csv.ratio(remained, counted.size(), 1, true), outcomeSources);
            count(counted, Ascof2dCase::died, id);
            Set<String> readmitted = new TreeSet<>();
            counted.stream().filter(Ascof2dCase::readmitted).forEach(c -> {
                readmitted.add(REFERRAL + c.referralId());
                c.readmissions().forEach(r -> readmitted.add(REFERRAL + r));
            });
            cell(String.valueOf(counted.stream().filter(Ascof2dCase::readmitted).count()), readmitted);
            count(counted, Ascof2dCase::longTermCare, id);
            empty(2);
        }

        void addLegacy(String breakdown, String group, LocalDate first, LocalDate last, List<LegacyCase> cases) {
            start(MEASURE_LEGACY, breakdown, group, first, last, ReablementCases.LEGACY_DAYS);
            Function<LegacyCase, String> id = LegacyCase::referralId;
            empty(6);
            count(cases, c -> true, id);
            empty(1);
            count(cases, LegacyCase::pending, id);
            List<LegacyCase> counted = cases.stream().filter(c -> !c.pending()).toList();
            Set<String> denominator = subjects(counted, c -> true, id);
            cell(String.valueOf(denominator.size()), denominator);
            long atHome = counted.stream().filter(LegacyCase::atHome).count();
            cell(String.valueOf(atHome), denominator);
            cell(Csv.ratio(atHome, counted.size(), 1, true), denominator);
            count(counted, c -> c.counted() == Day91Status.DIED, id);
            count(counted, c -> c.counted() == Day91Status.IN_HOSPITAL, id);
            count(counted, c -> c.counted() == Day91Status.CARE_HOME, id);
            count(counted, c -> c.counted() == Day91Status.UNKNOWN, id);
            count(counted, LegacyCase::missingFollowUp, id);
        }

        /** A row the log cannot fill: its labels and dates, every count empty. */
        void unknown(String measure, String breakdown, String group, LocalDate first, LocalDate last, int days) {
            start(measure, breakdown, group, first, last, days);
            empty(COLUMNS.size() - 6);
        }

        private static <C> Set<String> subjects(List<C> cases, Predicate<C> which, Function<C, String> id) {
            return cases.stream().filter(which).map(c -> REFERRAL + id.apply(c)).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
