package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.returns.CldReablement;
import org.d2aflow.metrics.domain.returns.NationalReturn;
import org.d2aflow.metrics.domain.returns.NationalReturns;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.junit.jupiter.api.Test;

/**
 * The CLD reablement extract on a hand-worked log for the quarter October to December 2024 (2024-25-Q3): one reablement
 * placement ending in each end reason, one running from Q2 into Q4, one whose start was keyed in only in February, a death
 * from a placement end and one from a follow-up, and a person with two episodes; placements that are not reablement, that
 * fall outside the quarter or whose referral is not known leave no row.
 */
class CldReablementTest {

    private static final NationalReturn CLD = NationalReturns.byName("cld-reablement").orElseThrow();
    private static final ReturnPeriod Q2 = period("2024-25-Q2");
    private static final ReturnPeriod Q3 = period("2024-25-Q3");
    private static final ReturnPeriod Q4 = period("2024-25-Q4");
    /** After everything below was recorded. */
    private static final Instant LATER = Instant.parse("2025-03-01T00:00:00Z");
    /** Before the follow-up of 10 January that gives pk-two's death. */
    private static final Instant EARLY_JANUARY = Instant.parse("2025-01-05T00:00:00Z");
    /** Before the start of r10's placement was keyed in, on 10 February. */
    private static final Instant END_OF_JANUARY = Instant.parse("2025-01-31T00:00:00Z");

    private static final String HEADER = "LA_Person_Unique_Identifier,Event_Type,Event_Reference,NHS_Number,Date_of_Birth,Date_of_Death,"
            + "Client_Type,Event_Start_Date,Event_End_Date,Event_Outcome,Request_Route_of_Access,Service_Type,Service_Component,"
            + "Reporting_Period_Start_Date,Reporting_Period_End_Date";
    private static final String REQUEST = "Progress to Reablement/ST-Max,Discharge from Hospital,,";
    private static final String SERVICE = "Short Term Support: ST-Max,Reablement";
    private static final String IN_Q3 = ",2024-10-01,2024-12-31";

    private static ReturnPeriod period(String label) {
        return ReturnPeriod.Kind.QUARTER.parse(label).orElseThrow();
    }

    /** A referral recorded on one day, decided on another and discharged into a placement on its start day, each keyed on its day. */
    private static TestLog episode(TestLog log, String ref, String person, ServiceType type, String recorded, String decided, String start) {
        return log.on(recorded).referral(ref).patient(person).admitted(LocalDate.parse(recorded).minusDays(5).toString()).submitted()
                .on(decided).forReferral(ref).decided(type.pathway(), type, decided)
                .on(start).forReferral(ref).dischargedHome(start).placement("pl-" + ref, "svc-" + type, type, start);
    }

    private static TestLog ended(TestLog log, String ref, String date, EndReason reason) {
        return log.on(date).forReferral(ref).placementEnded("pl-" + ref, date, reason);
    }

    private static TestLog theLog() {
        TestLog log = aLog();
        ServiceType home = ServiceType.REABLEMENT_HOME;
        ended(episode(log, "r01", "pk-01", home, "2024-09-28", "2024-09-30", "2024-10-03"), "r01", "2024-10-30", EndReason.NO_ONGOING_SUPPORT);
        ended(episode(log, "r02", "pk-02", home, "2024-10-01", "2024-10-02", "2024-10-04"), "r02", "2024-11-01", EndReason.LONG_TERM_HOME_CARE);
        ended(episode(log, "r03", "pk-03", home, "2024-10-01", "2024-10-02", "2024-10-04"), "r03", "2024-11-05", EndReason.LA_FUNDED_PLACEMENT);
        ended(episode(log, "r04", "pk-04", ServiceType.BEDDED_REABLEMENT, "2024-10-01", "2024-10-02", "2024-10-04"), "r04", "2024-11-06",
                EndReason.NHS_FUNDED_PLACEMENT);
        ended(episode(log, "r05", "pk-05", home, "2024-10-01", "2024-10-02", "2024-10-04"), "r05", "2024-11-07", EndReason.SELF_FUNDED_PLACEMENT);
        ended(episode(log, "r06", "pk-06", home, "2024-10-01", "2024-10-02", "2024-10-04"), "r06", "2024-11-08", EndReason.READMITTED);
        ended(episode(log, "r07", "pk-07", home, "2024-10-01", "2024-10-02", "2024-10-04"), "r07", "2024-11-15", EndReason.DIED);
        ended(episode(log, "r08", "pk-08", home, "2024-10-01", "2024-10-02", "2024-10-04"), "r08", "2024-11-09", EndReason.OTHER);
        // Q2 into Q4
        ended(episode(log, "r09", "pk-09", home, "2024-09-15", "2024-09-18", "2024-09-20"), "r09", "2025-01-15", EndReason.NO_ONGOING_SUPPORT);
        // the start of the placement (1 November) keyed in on 10 February
        log.on("2024-10-28").referral("r10").patient("pk-10").admitted("2024-10-20").submitted()
                .on("2024-10-30").forReferral("r10").decided(home.pathway(), home, "2024-10-30")
                .on("2024-11-01").forReferral("r10").dischargedHome("2024-11-01")
                .on("2025-02-10").forReferral("r10").placement("pl-r10", "svc-late", home, "2024-11-01");
        // one person, two episodes; a follow-up of the first, on 10 January, says the person died on 28 December
        ended(episode(log, "r11", "pk-two", home, "2024-10-05", "2024-10-07", "2024-10-08"), "r11", "2024-10-25", EndReason.NO_ONGOING_SUPPORT);
        ended(episode(log, "r12", "pk-two", home, "2024-12-01", "2024-12-01", "2024-12-02"), "r12", "2024-12-27", EndReason.READMITTED);
        log.on("2025-01-10").forReferral("r11").followUpSince("pl-r11", Day91Status.DIED, "2025-01-10", "2024-12-28");
        // no row: rehabilitation is not reablement; ended the day before the quarter; started the day after it; no submission
        episode(log, "x1", "pk-x1", ServiceType.REHAB_HOME, "2024-10-01", "2024-10-02", "2024-10-04");
        ended(episode(log, "x2", "pk-x2", home, "2024-06-01", "2024-06-01", "2024-06-01"), "x2", "2024-09-30", EndReason.NO_ONGOING_SUPPORT);
        episode(log, "x3", "pk-x3", home, "2024-12-20", "2024-12-30", "2025-01-01");
        log.on("2024-10-10").referral("x4").withoutSubmission().placement("pl-x4", "svc-home", home, "2024-10-10");
        return log;
    }

    private static String csv(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    private static String request(String person, String ref, String death, String from, String to) {
        return person + ",Request," + ref + ",,," + death + ",," + from + "," + to + "," + REQUEST + IN_Q3;
    }

    private static String service(String person, String ref, String death, String from, String to, String outcome) {
        return person + ",Service,pl-" + ref + ",,," + death + ",," + from + "," + to + "," + outcome + ",," + SERVICE + IN_Q3;
    }

    /** The requests of r02-r08: recorded on 1 October, decided on the 2nd, reablement from the 4th. */
    private static String request1002(String n, String death) {
        return request("pk-" + n, "r" + n, death, "2024-10-01", "2024-10-02");
    }

    @Test
    void eachEndReasonMapsToItsReleaseOneOutcomeAndTheQuarterShowsWhatWasKnown() {
        ReturnTable t = CLD.compute(theLog().facts(), Q3, LATER);
        assertThat(t.csv()).isEqualTo(csv(HEADER,
                request("pk-01", "r01", "", "2024-09-28", "2024-09-30"),
                service("pk-01", "r01", "", "2024-10-03", "2024-10-30", "Service ended as planned"),
                request1002("02", ""),
                service("pk-02", "r02", "", "2024-10-04", "2024-11-01", "Progress to Support Planning / Services"),
                request1002("03", ""),
                service("pk-03", "r03", "", "2024-10-04", "2024-11-05", "Progress to Support Planning / Services"),
                request1002("04", ""),
                service("pk-04", "r04", "", "2024-10-04", "2024-11-06", "NFA - 100% NHS funded care"),
                request1002("05", ""),
                service("pk-05", "r05", "", "2024-10-04", "2024-11-07", "NFA - Self-funded client (Inc. 12wk disregard)"),
                request1002("06", ""),
                service("pk-06", "r06", "", "2024-10-04", "2024-11-08", "Admitted to hospital"),
                request1002("07", "2024-11-15"),
                service("pk-07", "r07", "2024-11-15", "2024-10-04", "2024-11-15", "NFA - Deceased"),
                request1002("08", ""),
                service("pk-08", "r08", "", "2024-10-04", "2024-11-09", ""),
                // from Q2, ending in Q4: open at the end of Q3
                request("pk-09", "r09", "", "2024-09-15", "2024-09-18"),
                service("pk-09", "r09", "", "2024-09-20", "", ""),
                // keyed in late, known by now; still open
                request("pk-10", "r10", "", "2024-10-28", "2024-10-30"),
                service("pk-10", "r10", "", "2024-11-01", "", ""),
                request("pk-two", "r11", "2024-12-28", "2024-10-05", "2024-10-07"),
                service("pk-two", "r11", "2024-12-28", "2024-10-08", "2024-10-25", "Service ended as planned"),
                request("pk-two", "r12", "2024-12-28", "2024-12-01", "2024-12-01"),
                service("pk-two", "r12", "2024-12-28", "2024-12-02", "2024-12-27", "Admitted to hospital")));
        assertThat(CLD.keyColumns()).isEqualTo(3);
        assertThat(t.rows().stream().map(r -> r.subList(0, 3)).distinct().count()).isEqualTo(t.rows().size());
    }

    @Test
    void aPlacementCrossingQuarterEndsIsInEachQuarterOpenUntilTheOneItEndsIn() {
        TestLog log = aLog();
        ended(episode(log, "r09", "pk-09", ServiceType.REABLEMENT_HOME, "2024-09-15", "2024-09-18", "2024-09-20"), "r09", "2025-01-15",
                EndReason.NO_ONGOING_SUPPORT);
        LogFacts facts = log.facts();
        String q2 = ",2024-07-01,2024-09-30";
        String q4 = ",2025-01-01,2025-03-31";
        assertThat(CLD.compute(facts, Q2, LATER).csv()).isEqualTo(csv(HEADER,
                "pk-09,Request,r09,,,,,2024-09-15,2024-09-18," + REQUEST + q2,
                "pk-09,Service,pl-r09,,,,,2024-09-20,,,," + SERVICE + q2));
        assertThat(CLD.compute(facts, Q4, LATER).csv()).isEqualTo(csv(HEADER,
                "pk-09,Request,r09,,,,,2024-09-15,2024-09-18," + REQUEST + q4,
                "pk-09,Service,pl-r09,,,,,2024-09-20,2025-01-15,Service ended as planned,," + SERVICE + q4));
        // as known before the end was keyed in, Q4 shows it open
        assertThat(CLD.compute(facts, Q4, Instant.parse("2025-01-10T00:00:00Z")).csv()).contains("pk-09,Service,pl-r09,,,,,2024-09-20,,,,");
    }

    @Test
    void aLateEntryAndALateDeathAreAbsentAsKnownBeforeTheyWereRecordedAndTheOldExtractIsUnchangedByteForByte() {
        TestLog log = theLog();
        LogFacts all = log.facts();
        String atEndOfJanuary = CLD.compute(all, Q3, END_OF_JANUARY).csv();
        assertThat(atEndOfJanuary).doesNotContain("pk-10").contains(service("pk-two", "r11", "2024-12-28", "2024-10-08", "2024-10-25",
                "Service ended as planned"));
        assertThat(CLD.compute(all, Q3, LATER).csv()).contains(service("pk-10", "r10", "", "2024-11-01", "", ""));

        String inEarlyJanuary = CLD.compute(all, Q3, EARLY_JANUARY).csv();
        assertThat(inEarlyJanuary).contains(request("pk-two", "r11", "", "2024-10-05", "2024-10-07"),
                service("pk-two", "r12", "", "2024-12-02", "2024-12-27", "Admitted to hospital")).doesNotContain("2024-12-28");

        // the same extract from only what had been recorded by then: the facts recorded later change nothing
        List<org.d2aflow.contracts.EventEnvelope<? extends org.d2aflow.contracts.D2aEvent>> known = log.envelopes().stream()
                .filter(e -> !e.time().isAfter(END_OF_JANUARY)).toList();
        assertThat(CLD.compute(TestLog.factsOf(known), Q3, END_OF_JANUARY).csv()).isEqualTo(atEndOfJanuary);
        assertThat(CLD.compute(TestLog.factsOf(TestLog.shuffled(log.envelopes(), 7)), Q3, END_OF_JANUARY).csv()).isEqualTo(atEndOfJanuary);
    }

    @Test
    void aPlacementEndingOnTheFirstDayOrStartingOnTheLastIsInTheQuarterAndOneEndingTheDayBeforeIsNot() {
        TestLog log = aLog();
        ServiceType home = ServiceType.REABLEMENT_HOME;
        ended(episode(log, "r40", "pk-40", home, "2024-09-01", "2024-09-02", "2024-09-03"), "r40", "2024-10-01", EndReason.NO_ONGOING_SUPPORT);
        ended(episode(log, "r41", "pk-41", home, "2024-09-01", "2024-09-02", "2024-09-03"), "r41", "2024-09-30", EndReason.NO_ONGOING_SUPPORT);
        episode(log, "r42", "pk-42", home, "2024-12-30", "2024-12-31", "2024-12-31");
        assertThat(CLD.compute(log.facts(), Q3, LATER).csv()).isEqualTo(csv(HEADER,
                request("pk-40", "r40", "", "2024-09-01", "2024-09-02"),
                service("pk-40", "r40", "", "2024-09-03", "2024-10-01", "Service ended as planned"),
                request("pk-42", "r42", "", "2024-12-30", "2024-12-31"),
                service("pk-42", "r42", "", "2024-12-31", "", "")));
    }

    @Test
    void aDeathAfterTheQuarterIsNotGivenAndADeathInItIsGivenOnEveryRowOfThePerson() {
        TestLog log = aLog();
        ended(episode(log, "r20", "pk-20", ServiceType.REABLEMENT_HOME, "2024-12-01", "2024-12-02", "2024-12-03"), "r20", "2025-01-02",
                EndReason.DIED);
        assertThat(CLD.compute(log.facts(), Q3, LATER).csv()).isEqualTo(csv(HEADER,
                request("pk-20", "r20", "", "2024-12-01", "2024-12-02"),
                service("pk-20", "r20", "", "2024-12-03", "", "")));
        assertThat(CLD.compute(log.facts(), Q4, LATER).csv()).contains("pk-20,Service,pl-r20,,,2025-01-02,,2024-12-03,2025-01-02,NFA - Deceased,,");
    }

    @Test
    void aReferralKeyedInAfterTheEventIsRequestedNoLaterThanItWasDecided() {
        TestLog log = aLog();
        log.on("2024-11-20").referral("r30").patient("pk-30").admitted("2024-10-01").submitted()
                .decided(ServiceType.REABLEMENT_HOME.pathway(), ServiceType.REABLEMENT_HOME, "2024-10-09")
                .dischargedHome("2024-10-10").placement("pl-r30", "svc", ServiceType.REABLEMENT_HOME, "2024-10-10");
        assertThat(CLD.compute(log.facts(), Q3, LATER).csv()).isEqualTo(csv(HEADER,
                request("pk-30", "r30", "", "2024-10-09", "2024-10-09"),
                service("pk-30", "r30", "", "2024-10-10", "", "")));
    }

    @Test
    void eachValueCellNamesTheReferralsItCameFromAndNoCellHoldsAnNhsNumber() {
        ReturnTable t = CLD.compute(theLog().facts(), Q3, LATER);
        List<String> columns = t.columns().stream().map(c -> c.name()).toList();
        int row = t.rows().indexOf(t.rows().stream().filter(r -> r.get(2).equals("pl-r12")).findFirst().orElseThrow());
        List<Set<String>> sources = t.sources().get(row);
        assertThat(sources.get(columns.indexOf("Date_of_Death"))).containsExactlyInAnyOrder("referral:r11", "referral:r12");
        for (String c : List.of("LA_Person_Unique_Identifier", "Event_Reference", "Event_Start_Date", "Event_End_Date", "Event_Outcome")) {
            assertThat(sources.get(columns.indexOf(c))).as(c).containsExactly("referral:r12");
        }
        for (String c : List.of("Event_Type", "NHS_Number", "Service_Type", "Reporting_Period_End_Date")) {
            assertThat(sources.get(columns.indexOf(c))).as(c).isEmpty();
        }
        int nhs = columns.indexOf("NHS_Number");
        assertThat(t.rows()).allSatisfy(r -> assertThat(r.get(nhs)).isEmpty());
        assertThat(t.csv()).doesNotContainPattern("\\d{10}");
    }

    @Test
    void everyEndReasonButOtherHasAListedReleaseOneOutcomeAndTheReablementServicesAreThoseOfAscof2d() throws IOException {
        String dictionary = Files.readString(Path.of("RETURNS-COLUMNS.md"));
        for (EndReason reason : EndReason.values()) {
            String outcome = CldReablement.outcomeOf(reason);
            if (reason == EndReason.OTHER) {
                assertThat(outcome).isEmpty();
            } else {
                // a Release 1 value of RETURNS.md section 5, and in the published mapping table
                assertThat(releaseOneOutcomes()).contains(outcome);
                assertThat(dictionary).contains("| " + reason + " | " + outcome + " |");
            }
        }
        assertThat(releaseOneOutcomes()).contains("Progress to Reablement/ST-Max");
        assertThat(CldReablement.ST_MAX_REABLEMENT).isEqualTo(ReablementCases.ST_MAX_REABLEMENT);
        assertThat(CLD.title()).contains("CLD specification Release 1");
        assertThat(CLD.layoutVersion()).startsWith("R1");
    }

    /** The Release 1 Event_Outcome values, verbatim as ../shared/RETURNS.md section 5 lists them. */
    private static List<String> releaseOneOutcomes() {
        return List.of("Progress to Reablement/ST-Max", "Progress to Assessment", "Admitted to hospital",
                "Progress to Re-assessment / Unplanned Review", "Progress to Support Planning / Services", "Progress to End of Life Care",
                "No change in package", "Service ended as planned", "NFA - Moved to another LA", "NFA - 100% NHS funded care",
                "NFA - Self-funded client (Inc. 12wk disregard)", "NFA - Support declined", "NFA - Information & Advice / Signposting only",
                "NFA - Deceased", "NFA - No services offered: Other reason", "NFA - Support ended: Other reason",
                "Progress to financial assessment", "Provision of service", "NFA - Other");
    }

    @Test
    void theCsvHeaderIsThePublishedDictionaryOfCldReablement() throws IOException {
        String md = Files.readString(Path.of("RETURNS-COLUMNS.md"));
        int from = md.indexOf("## cld-reablement:");
        assertThat(from).isNotNegative();
        int to = md.indexOf("\n## ", from + 1);
        List<String> published = new ArrayList<>();
        for (String line : md.substring(from, to < 0 ? md.length() : to).split("\n")) {
            String[] cells = line.split("\\|");
            if (line.startsWith("| ") && cells.length > 2 && cells[1].strip().matches("\\d+")) {
                published.add(cells[2].strip());
            }
        }
        String header = CLD.compute(theLog().facts(), Q3, LATER).csv().split("\r\n")[0];
        assertThat(published).isEqualTo(List.of(header.split(",")));
    }
}
