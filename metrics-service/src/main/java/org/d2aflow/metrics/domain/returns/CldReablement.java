package org.d2aflow.metrics.domain.returns;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.ReablementCases;
import org.d2aflow.metrics.domain.ReferralFacts.Placement;
import org.d2aflow.metrics.domain.ReferralFacts;

/**
 * The council's quarterly Client Level Data (CLD) extract for the reablement part, pseudonymised: for every short-term
 * support to maximise independence (ST-Max) reablement placement whose service event overlaps the quarter, a Service event
 * row, and one Request event row (route of access: discharge from hospital) for the referral it came from, with the person
 * fields the log holds. Field names and values are those RETURNS.md section 5 lists, CLD specification Release 1. Pure: the
 * same facts, quarter and instant give the same table, byte for byte.
 */
public final class CldReablement extends DescribedReturn {

    public static final String NAME = "cld-reablement";
    /** The CLD specification release whose field names and values the layout writes. */
    public static final String RELEASE = "CLD specification Release 1";

    /** The suite's services that are CLD Service_Component "Reablement" of Service_Type ST-Max (as the ascof-2d figure links). */
    public static final Set<ServiceType> ST_MAX_REABLEMENT = ReablementCases.ST_MAX_REABLEMENT;

    static final String EVENT_REQUEST = "Request";
    static final String EVENT_SERVICE = "Service";
    static final String SERVICE_TYPE = "Short Term Support: ST-Max";
    static final String SERVICE_COMPONENT = "Reablement";
    /** The SALT route of access value RETURNS.md lists (V2, weak); the CLD list itself was not found. */
    static final String ROUTE_HOSPITAL_DISCHARGE = "Discharge from Hospital";
    static final String REQUEST_OUTCOME = "Progress to Reablement/ST-Max";

    /** Release 1 Event_Outcome of a service event by the placement's end reason; OTHER has none (see the notes). */
    static final Map<EndReason, String> OUTCOMES = outcomes();

    private static final List<ReturnColumn> COLUMNS = List.of(
            new ReturnColumn("LA_Person_Unique_Identifier", "the person's pseudonymised patient key (keyed hash of the NHS number, "
                    + "from referral-service), the same on every referral of the person"),
            new ReturnColumn("Event_Type", "Request (the hospital's request for support) or Service (the reablement placement)"),
            new ReturnColumn("Event_Reference", "the referral id for a Request, the placement id for a Service"),
            new ReturnColumn("NHS_Number", "always empty in this pseudonymised extract (the identifiable version is made only in "
                    + "referral-service)"),
            new ReturnColumn("Date_of_Birth", "always empty: the log holds the age at admission, not the date of birth"),
            new ReturnColumn("Date_of_Death", "the earliest death known for the person (any of their referrals) dated on or before "
                    + "the quarter's last day; empty if none"),
            new ReturnColumn("Client_Type", "always empty: no CLD Client_Type value can be derived from the log"),
            new ReturnColumn("Event_Start_Date", "Request: the day the request was made; Service: the placement's start date"),
            new ReturnColumn("Event_End_Date", "Request: the day it was decided; Service: the placement's end date, empty while open "
                    + "or when it ends after the quarter"),
            new ReturnColumn("Event_Outcome", "Request: Progress to Reablement/ST-Max; Service: mapped from the placement's end "
                    + "reason (table below), empty while open"),
            new ReturnColumn("Request_Route_of_Access", "Request: Discharge from Hospital; Service: empty"),
            new ReturnColumn("Service_Type", "Service: Short Term Support: ST-Max; Request: empty"),
            new ReturnColumn("Service_Component", "Service: Reablement; Request: empty"),
            new ReturnColumn("Reporting_Period_Start_Date", "the quarter's first day"),
            new ReturnColumn("Reporting_Period_End_Date", "the quarter's last day"));

    private static final String NOTES = """
            Follows the **CLD specification Release 1** (valid from 1 April 2023): the Service_Type spelling "Short Term Support:
            ST-Max" and the Event_Outcome values are Release 1's as RETURNS.md section 5 lists them. From October 2025 the
            collectors map Release 1 submissions forward to Release 2; the Release 2 equivalents are given below for a reader, but
            the extract writes Release 1. Only field names RETURNS.md lists are used; dates are written yyyy-MM-dd (the
            specification's date format was not found).

            **Pseudonymised.** Unlike the other returns, rows hold identifiers: the patient key (a keyed hash of the NHS number)
            and the referral and placement ids, never an NHS number, name or date of birth. `NHS_Number` is an empty column;
            an admin-only version that fills it from the patient key is produced inside referral-service alone.

            **Which events.** The ST-Max reablement services are placements of REABLEMENT_HOME or BEDDED_REABLEMENT (the same
            ones the `ascof-2d` figure links a discharge to; rehabilitation and short-term domiciliary or care-home placements
            are not reablement). A Service row is written for each such placement started as known at `asKnownAt`, whose
            referral's submission is known (it gives the person), on or before the quarter's last day and not ended (as
            known) before its first day: a placement crossing a quarter end is in both quarters. One Request row is written
            per referral with at least one Service row. The request is dated the London day its referral was recorded, or the
            earliest of its decision and ST-Max start dates when one is earlier (a referral keyed in late); it ends on the
            earlier of the latest decision's date and the first ST-Max start. Every referral is a hospital discharge, hence
            the route of access. Events are not clustered (DHSC joins events with gaps of 7 days or less itself).

            **As at the quarter's end.** A business date after the quarter's last day is not written: a placement that ends
            after it is open (no end date, no outcome), a death after it is not given. Facts recorded after `asKnownAt` are
            left out, so a late entry appears only in an extract known after it was recorded.

            **Event_Outcome of a Service event, from the placement's end reason.**

            | End reason | Release 1 (written) | Release 2 equivalent |
            |---|---|---|
            | NO_ONGOING_SUPPORT | Service ended as planned | NFA: Support ended as planned |
            | LONG_TERM_HOME_CARE | Progress to Support Planning / Services | Progress to support planning or services |
            | LA_FUNDED_PLACEMENT | Progress to Support Planning / Services | Progress to support planning or services |
            | NHS_FUNDED_PLACEMENT | NFA - 100% NHS funded care | NFA: Referral to NHS services or NHS funded social care |
            | SELF_FUNDED_PLACEMENT | NFA - Self-funded client (Inc. 12wk disregard) | NFA: Self-funded client or under 12wk disregard |
            | READMITTED | Admitted to hospital | Admitted to hospital |
            | DIED | NFA - Deceased | NFA: Deceased |
            | OTHER | (empty: no value fits) | (none) |

            OTHER says the placement ended for a reason the log does not name, so whether anything followed is unknown: each
            "NFA" value would claim no further action and "Progress to ..." values would claim what followed, so none is
            written. A Request's outcome is Progress to Reablement/ST-Max (Release 2: Progress to reablement/ST-Max).

            **Route of access.** "Discharge from Hospital" is the SALT route-of-access value (RETURNS.md section 5, from
            secondary sources and weak); CLD's own Request_Route_of_Access list was not found, so the value may need mapping.

            **Left out, because the log does not hold them or their CLD codes were not found:** LA_Code (the log holds a
            locality, not a council code), GP_Practice_Code, Gender (the log holds sex, but the CLD Gender codes are not in
            RETURNS.md), Ethnicity, Primary_Support_Reason, Postcode, Accommodation_Status, Employment_Status, Has_Unpaid_Carer,
            the impairment and dementia fields, Client_Funding_Status, Event_Description, Delivery_Mechanism,
            Provider_CQC_Location_ID and the cost fields. Date_of_Birth and Client_Type are kept as empty columns: the log holds
            the age, not the date of birth, and no CLD Client_Type value (RETURNS.md lists only ASCOF's client-type breakdown)
            can be derived.

            **Rows** are ordered by person, event start date, event type and reference; the first three columns identify a row.
            """;

    private static Map<EndReason, String> outcomes() {
        Map<EndReason, String> m = new EnumMap<>(EndReason.class);
        m.put(EndReason.NO_ONGOING_SUPPORT, "Service ended as planned");
        m.put(EndReason.LONG_TERM_HOME_CARE, "Progress to Support Planning / Services");
        m.put(EndReason.LA_FUNDED_PLACEMENT, "Progress to Support Planning / Services");
        m.put(EndReason.NHS_FUNDED_PLACEMENT, "NFA - 100% NHS funded care");
        m.put(EndReason.SELF_FUNDED_PLACEMENT, "NFA - Self-funded client (Inc. 12wk disregard)");
        m.put(EndReason.READMITTED, "Admitted to hospital");
        m.put(EndReason.DIED, "NFA - Deceased");
        return Map.copyOf(m);
    }

    /** The Release 1 Event_Outcome written for a service event that ended for the reason; empty for OTHER. */
    public static String outcomeOf(EndReason reason) {
        return OUTCOMES.getOrDefault(reason, "");
    }

    /** Layout "R1.1" (CLD Release 1, this layout's first version); rows keyed by person, event type and event reference. */
    public CldReablement() {
        super(NAME, "quarterly Client Level Data (CLD) extract, reablement (ST-Max) after hospital discharge, " + RELEASE
                + ", pseudonymised", ReturnPeriod.Kind.QUARTER, "R1.1", COLUMNS, 3, NOTES);
    }

    /** A row being built, with its cells' sources, and how it sorts. */
    private record Row(List<String> values, List<Set<String>> sources) {
        String value(int column) {
            return values.get(column);
        }
    }

    private static final Comparator<Row> ORDER = Comparator.comparing((Row r) -> r.value(0)).thenComparing(r -> r.value(7))
            .thenComparing(r -> r.value(1)).thenComparing(r -> r.value(2));

    @Override
    public ReturnTable compute(LogFacts facts, ReturnPeriod period, Instant asKnownAt) {
        List<ReferralFacts> referrals = facts.referrals().stream().sorted(Comparator.comparing((ReferralFacts r) -> r.referralId)).toList();
        Map<String, List<ReferralFacts>> byPerson = new TreeMap<>();
        for (ReferralFacts r : referrals) {
            r.submittedAt(asKnownAt).ifPresent(s -> byPerson.computeIfAbsent(s.patientKey(), k -> new ArrayList<>()).add(r));
        }
        List<Row> rows = new ArrayList<>();
        byPerson.forEach((person, theirs) -> {
            Set<String> personSources = subjects(theirs);
            String death = theirs.stream().flatMap(r -> r.outcomesAt(asKnownAt).stream())
                    .filter(o -> o.kind() == ReferralFacts.OutcomeKind.DIED && !o.date().isAfter(period.last()))
                    .map(ReferralFacts.Outcome::date).min(Comparator.naturalOrder()).map(LocalDate::toString).orElse("");
            for (ReferralFacts r : theirs) {
                Set<String> own = Set.of("referral:" + r.referralId);
                List<Placement> reablement = r.placements().stream()
                        .filter(p -> p.startedAt(asKnownAt).filter(st -> ST_MAX_REABLEMENT.contains(st.serviceType())).isPresent())
                        .toList();
                List<Placement> inQuarter = reablement.stream().filter(p -> overlaps(p, period, asKnownAt)).toList();
                if (inQuarter.isEmpty()) {
                    continue;
                }
                Cells cells = new Cells(person, own, death, personSources);
                LocalDate firstStart = reablement.stream().map(p -> p.startedAt(asKnownAt).orElseThrow().startDate())
                        .min(Comparator.naturalOrder()).orElseThrow();
                Optional<LocalDate> decided = r.decisionAt(asKnownAt).map(ReferralFacts.Decision::decidedAt);
                LocalDate ended = decided.filter(d -> d.isBefore(firstStart)).orElse(firstStart);
                LocalDate recordedOn = FigureQuery.dateOf(r.submittedRecordedAt().orElseThrow());
                LocalDate started = Stream.of(recordedOn, ended).min(Comparator.naturalOrder()).orElseThrow();
                rows.add(cells.row(EVENT_REQUEST, r.referralId, started.toString(), ended.toString(), REQUEST_OUTCOME,
                        ROUTE_HOSPITAL_DISCHARGE, "", "", period));
                for (Placement p : inQuarter) {
                    ReferralFacts.Started st = p.startedAt(asKnownAt).orElseThrow();
                    Optional<ReferralFacts.Ended> end = p.endedAt(asKnownAt).filter(e -> !e.endDate().isAfter(period.last()));
                    rows.add(cells.row(EVENT_SERVICE, p.placementId, st.startDate().toString(),
                            end.map(e -> e.endDate().toString()).orElse(""),
                            end.map(e -> outcomeOf(e.endReason())).orElse(""), "", SERVICE_TYPE, SERVICE_COMPONENT, period));
                }
            }
        });
        rows.sort(ORDER);
        return new ReturnTable(NAME, layoutVersion(), COLUMNS, rows.stream().map(Row::values).toList(),
                rows.stream().map(Row::sources).toList());
    }

    /** The cells every row of one referral shares, and how its rows are written. */
    private record Cells(String person, Set<String> own, String death, Set<String> personSources) {

        Row row(String eventType, String reference, String start, String end, String outcome, String route, String serviceType,
                String component, ReturnPeriod period) {
            Set<String> none = Set.of();
            List<String> values = List.of(person, eventType, reference, "", "", death, "", start, end, outcome, route, serviceType,
                    component, period.first().toString(), period.last().toString());
            List<Set<String>> sources = List.of(own, none, own, none, none, personSources, none, own, own, own, none, none, none,
                    none, none);
            return new Row(values, sources);
        }
    }

    /** Whether the placement, as known at the instant, started by the quarter's last day and had not ended before its first. */
    private static boolean overlaps(Placement p, ReturnPeriod period, Instant asKnownAt) {
        LocalDate start = p.startedAt(asKnownAt).orElseThrow().startDate();
        Optional<LocalDate> end = p.endedAt(asKnownAt).map(ReferralFacts.Ended::endDate);
        return !start.isAfter(period.last()) && end.map(e -> !e.isBefore(period.first())).orElse(true);
    }

    private static Set<String> subjects(List<ReferralFacts> referrals) {
        Set<String> s = new TreeSet<>();
        referrals.forEach(r -> s.add("referral:" + r.referralId));
        return s;
    }
}
