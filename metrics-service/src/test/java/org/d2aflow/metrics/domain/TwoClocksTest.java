package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.d2aflow.contracts.Pathway.P1;
import static org.d2aflow.contracts.ServiceType.REABLEMENT_HOME;
import static org.d2aflow.contracts.capacity.CapacityUnit.PACKAGE;
import static org.d2aflow.contracts.placement.Day91Status.AT_HOME;
import static org.d2aflow.contracts.placement.Day91Status.IN_HOSPITAL;
import static org.d2aflow.metrics.domain.FigureEngine.CAPACITY_DEMAND;
import static org.d2aflow.metrics.domain.FigureEngine.DELAY_CENSUS;
import static org.d2aflow.metrics.domain.FigureEngine.DISCHARGE_DELAY;
import static org.d2aflow.metrics.domain.FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE;
import static org.d2aflow.metrics.domain.FigureEngine.FLOW_TIMES;
import static org.d2aflow.metrics.domain.FigureEngine.LENGTH_OF_STAY;
import static org.d2aflow.metrics.domain.FigureEngine.LENGTH_OF_STAY_CENSUS;
import static org.d2aflow.metrics.domain.FigureEngine.STILL_AT_HOME_91;
import static org.d2aflow.metrics.domain.Queries.LATER;
import static org.d2aflow.metrics.domain.Queries.census;
import static org.d2aflow.metrics.domain.Queries.json;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;
import static org.d2aflow.metrics.domain.TestLog.factsOf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.junit.jupiter.api.Test;

/**
 * Both clocks (issue 15): corrections and voids read as known at an instant, business dates on declines, releases,
 * claims and follow-ups, the waiting list, the inclusive microsecond as-known-at rule, and the clocks every figure reports.
 */
class TwoClocksTest {

    // --- discharge corrections and voids -----------------------------------------------------------------------

    /** r1 discharged home on 10 Jan, corrected on 3 Feb to 2 Feb; r2 discharged home on 12 Jan, corrected on 4 Feb to a care home. */
    private static TestLog correctedDischarges() {
        return aLog().on("2024-01-10").referral("r1").admitted("2024-01-01").dischargedHome("2024-01-10")
                .on("2024-01-12").referral("r2").admitted("2024-01-02").dischargedHome("2024-01-12")
                .on("2024-02-03").forReferral("r1").correctedDischarge("2024-02-02", "19", "1")
                .on("2024-02-04").forReferral("r2").correctedDischarge("2024-01-12", "54", "1");
    }

    @Test
    void aCorrectedDischargeDateMovesTheDischargeToItsNewPeriodOnlyFromTheCorrection() {
        TestLog log = correctedDischarges();

        Figure januaryAsReturned = period("2024-01-01", "2024-01-31").knownAt("2024-02-01T00:00:00Z").compute(DISCHARGE_TO_USUAL_RESIDENCE, log);
        Figure januaryNow = period("2024-01-01", "2024-01-31").compute(DISCHARGE_TO_USUAL_RESIDENCE, log);
        Figure februaryNow = period("2024-02-01", "2024-02-29").compute(DISCHARGE_TO_USUAL_RESIDENCE, log);

        assertThat(januaryAsReturned.drillDown().denominator()).containsExactly("r1", "r2");
        assertThat(januaryAsReturned.numerator()).isEqualTo(2L);
        assertThat(januaryNow.drillDown().denominator()).containsExactly("r2");
        assertThat(januaryNow.numerator()).isZero(); // r2's destination was corrected to a care home
        assertThat(februaryNow.drillDown().numerator()).containsExactly("r1");
        // length of stay follows the corrected date: 1 Jan to 2 Feb = 32 days
        assertThat(measure(period("2024-02-01", "2024-02-29").compute(LENGTH_OF_STAY, log), "max")).isEqualTo(32);
    }

    @Test
    void aCorrectionThatArrivesBeforeWhatItCorrectsStillWinsByStreamVersion() {
        List<EventEnvelope<? extends D2aEvent>> events = new ArrayList<>(correctedDischarges().envelopes());
        Collections.reverse(events);

        Figure f = period("2024-01-01", "2024-01-31").compute(DISCHARGE_TO_USUAL_RESIDENCE, factsOf(events));

        assertThat(f.drillDown().denominator()).containsExactly("r2");
        assertThat(f.numerator()).isZero();
    }

    /**
     * r1 (P1 reablement, East) discharged on 5 Jan, the discharge voided on 8 Jan (wrong patient), discharged again on 20 Jan.
     */
    private static TestLog voidedThenDischargedAgain() {
        return aLog().on("2024-01-02").referral("r1").admitted("2024-01-01").locality("East").decided(P1, REABLEMENT_HOME, "2024-01-02")
                .on("2024-01-05").forReferral("r1").dischargedHome("2024-01-05")
                .on("2024-01-08").forReferral("r1").voidedDischarge()
                .on("2024-01-20").forReferral("r1").dischargedHome("2024-01-20");
    }

    @Test
    void aVoidedDischargeLeavesTheFiguresFromTheVoidUntilTheNextDischarge() {
        TestLog log = voidedThenDischargedAgain();
        Queries january = period("2024-01-01", "2024-01-31");

        assertThat(january.knownAt("2024-01-06T00:00:00Z").compute(DISCHARGE_TO_USUAL_RESIDENCE, log).denominator()).isEqualTo(1L);
        assertThat(january.knownAt("2024-01-09T00:00:00Z").compute(DISCHARGE_TO_USUAL_RESIDENCE, log).denominator()).isZero();
        Figure now = january.knownAt(LATER).compute(LENGTH_OF_STAY, log);
        assertThat(now.denominator()).isNull();
        assertThat(measure(now, "count")).isEqualTo(1L);
        assertThat(measure(now, "max")).isEqualTo(19); // the later discharge, 1 Jan to 20 Jan
    }

    @Test
    void aVoidedDischargePutsThePatientBackInHospitalAndOnTheWaitingList() {
        TestLog log = voidedThenDischargedAgain();

        // census on 7 Jan: as known on 6 Jan the patient had left on 5 Jan; as known on 9 Jan they never had
        assertThat(census("2024-01-07").knownAt("2024-01-06T00:00:00Z").compute(LENGTH_OF_STAY_CENSUS, log).measures())
                .containsEntry("count", 0L);
        assertThat(census("2024-01-07").knownAt("2024-01-09T00:00:00Z").compute(LENGTH_OF_STAY_CENSUS, log).measures())
                .containsEntry("count", 1L);
        assertThat(waitingRows(census("2024-01-07").knownAt("2024-01-06T00:00:00Z"), log)).isEmpty();
        assertThat(waitingRows(census("2024-01-07").knownAt("2024-01-09T00:00:00Z"), log)).containsExactly("REABLEMENT_HOME/East/1/5");
        assertThat(waitingRows(census("2024-01-21"), log)).isEmpty(); // discharged again on 20 Jan
    }

    // --- discharge ready date and follow-up corrections --------------------------------------------------------

    @Test
    void aCorrectedDischargeReadyDateCountsFromTheCorrectionOn() {
        TestLog log = aLog().on("2024-03-01").referral("r1").admitted("2024-02-20").locality("East").drd("2024-03-03")
                .on("2024-03-04").forReferral("r1").correctedDrd("2024-03-05")
                .on("2024-03-06").forReferral("r1").dischargedHome("2024-03-06");
        Queries march = period("2024-03-01", "2024-03-31");

        assertThat(measure(march.knownAt("2024-03-07T00:00:00Z").compute(DISCHARGE_DELAY, log), "bedDaysLost")).isEqualTo(1L);
        assertThat(measure(march.knownAt("2024-03-04T00:00:00Z").compute(DISCHARGE_DELAY, log), "count")).isEqualTo(0L);
        // census on 4 Mar: past the DRD of 3 Mar as then known (1 day), not past the corrected one of 5 Mar
        assertThat(measure(census("2024-03-04").knownAt("2024-03-04T08:00:00Z").compute(DELAY_CENSUS, log), "count")).isEqualTo(1L);
        assertThat(measure(census("2024-03-04").knownAt("2024-03-05T00:00:00Z").compute(DELAY_CENSUS, log), "count")).isEqualTo(0L);
    }

    /** An 80-year-old discharged on 1 Nov 2023 into home reablement (day 91 = 31 Jan 2024). */
    private static TestLog reablementFrom1November() {
        return aLog().on("2023-11-01").referral("r1").aged(80).admitted("2023-10-20").dischargedHome("2023-11-01")
                .placement("p1", "hf", REABLEMENT_HOME, "2023-11-01");
    }

    @Test
    void aCorrectedFollowUpChangesTheNinetyOneDayFigureOnlyFromTheCorrection() {
        TestLog log = reablementFrom1November().on("2024-02-01").forReferral("r1").followUp("p1", AT_HOME, "2024-01-31")
                .on("2024-02-10").forReferral("r1").correctedFollowUp("p1", IN_HOSPITAL, "2024-01-31");
        Queries quarter = period("2023-10-01", "2023-12-31");

        Figure before = quarter.knownAt("2024-02-05T00:00:00Z").compute(STILL_AT_HOME_91, log);
        Figure after = quarter.knownAt(LATER).compute(STILL_AT_HOME_91, log);

        assertThat(before.numerator()).isEqualTo(1L);
        assertThat(before.denominator()).isEqualTo(1L);
        assertThat(after.numerator()).isZero();
        assertThat(after.denominator()).isEqualTo(1L);
        assertThat(measure(after, "statuses.IN_HOSPITAL")).isEqualTo(1L);
        assertThat(after.incomplete()).containsEntry("missingFollowUps", 0L);
    }

    @Test
    void acrossPlacementsTheStatusObtainedLastCountsNotTheOneRecordedLast() {
        TestLog log = reablementFrom1November().placement("p2", "br", org.d2aflow.contracts.ServiceType.BEDDED_REABLEMENT, "2023-11-15")
                .on("2024-02-06").forReferral("r1").followUp("p1", AT_HOME, "2024-02-05")
                .on("2024-02-10").forReferral("r1").followUp("p2", IN_HOSPITAL, "2024-02-01"); // keyed in later, obtained earlier

        Figure f = period("2023-10-01", "2023-12-31").compute(STILL_AT_HOME_91, log);

        assertThat(f.numerator()).isEqualTo(1L);
        assertThat(measure(f, "statuses.AT_HOME")).isEqualTo(1L);
    }

    // --- business dates on declines, releases and claims -------------------------------------------------------

    /** Service s (1 unit from 1 Jun 2024); r1 decided P1 on 2 Jun; its decline entered on 10 Jun, dated 3 Jun. */
    private static TestLog lateDecline() {
        return aLog().on("2024-06-01").service("s", REABLEMENT_HOME, "East", PACKAGE).capacity("s", 1, "2024-06-01")
                .on("2024-06-02").referral("r1").locality("East").decided(P1, REABLEMENT_HOME, "2024-06-02")
                .on("2024-06-10").forReferral("r1").declinedBy("s", REABLEMENT_HOME, "East", "2024-06-03");
    }

    @Test
    void aLateDeclineCountsOnItsBusinessDateInTheSeriesTheShareAndTheWaitingList() {
        TestLog log = lateDecline();

        Figure f = period("2024-06-01", "2024-06-10").daily().compute(CAPACITY_DEMAND, log);
        assertThat(CapacityDemandTest.series(f, "s")).extracting(d -> d.get("date"), d -> d.get("declines")).contains(
                tuple("2024-06-03", 1L), tuple("2024-06-10", 0L));
        assertThat(measure(f, "p1DeclinedForCapacity.numerator")).isEqualTo(1L);
        // waiting on 5 Jun: as known now, no (declined on 3 Jun); as known on 9 Jun, yes (3 days since the decision)
        assertThat(waitingRows(census("2024-06-05"), log)).isEmpty();
        assertThat(waitingRows(census("2024-06-05").knownAt("2024-06-09T00:00:00Z"), log)).containsExactly("REABLEMENT_HOME/East/1/3");
    }

    @Test
    void aLateReleaseFreesTheUnitFromItsReleaseDate() {
        TestLog log = aLog().on("2024-06-01").service("s", REABLEMENT_HOME, "East", PACKAGE).capacity("s", 1, "2024-06-01")
                .referral("r1").claimed("s", "k1", "2024-06-01")
                .on("2024-06-10").released("s", "k1", "2024-06-04");

        List<Map<String, Object>> now = CapacityDemandTest.series(period("2024-06-03", "2024-06-05").daily().compute(CAPACITY_DEMAND, log), "s");
        List<Map<String, Object>> before = CapacityDemandTest.series(
                period("2024-06-03", "2024-06-05").daily().knownAt("2024-06-09T00:00:00Z").compute(CAPACITY_DEMAND, log), "s");

        assertThat(now).extracting(d -> d.get("occupied")).containsExactly(1L, 0L, 0L);
        assertThat(before).extracting(d -> d.get("occupied")).containsExactly(1L, 1L, 1L);
    }

    @Test
    void aClaimEndsTheWaitOnTheEarlierOfItsStartDateAndTheDayItWasRecorded() {
        TestLog log = aLog().on("2024-06-01").referral("late").locality("East").decided(P1, REABLEMENT_HOME, "2024-06-01")
                .referral("ahead").locality("East").decided(P1, REABLEMENT_HOME, "2024-06-01")
                .on("2024-06-02").forReferral("ahead").claimed("s", "k2", "2024-06-08") // claimed on 2 Jun for a start on 8 Jun
                .on("2024-06-10").forReferral("late").claimed("s", "k1", "2024-06-04"); // keyed in on 10 Jun, started 4 Jun

        assertThat(waitingRows(census("2024-06-03"), log)).containsExactly("REABLEMENT_HOME/East/1/2"); // late only
        assertThat(waitingRows(census("2024-06-05"), log)).isEmpty();
        assertThat(waitingRows(census("2024-06-05").knownAt("2024-06-09T00:00:00Z"), log)).containsExactly("REABLEMENT_HOME/East/1/4");
        // decision to claim: ahead 1 day (2 Jun), late 3 days (4 Jun)
        Figure flow = period("2024-06-01", "2024-06-30").compute(FLOW_TIMES, log);
        assertThat(measure(flow, "decisionToClaimDays.min")).isEqualTo(1);
        assertThat(measure(flow, "decisionToClaimDays.max")).isEqualTo(3);
    }

    @Test
    void aDeclineOfAnEarlierDecisionNeitherEndsTheNewWaitNorCountsInTheP1Share() {
        TestLog log = aLog().on("2024-06-01").referral("r1").locality("East").decided(org.d2aflow.contracts.Pathway.P2,
                        org.d2aflow.contracts.ServiceType.BEDDED_REABLEMENT, "2024-06-01")
                .on("2024-06-02").forReferral("r1").declinedBy("s", org.d2aflow.contracts.ServiceType.BEDDED_REABLEMENT, "East", "2024-06-02")
                .on("2024-06-05").forReferral("r1").decided(P1, REABLEMENT_HOME, "2024-06-05"); // new demand

        assertThat(waitingRows(census("2024-06-07"), log)).containsExactly("REABLEMENT_HOME/East/1/2");
        assertThat(measure(period("2024-06-01", "2024-06-30").compute(CAPACITY_DEMAND, log), "p1DeclinedForCapacity.numerator"))
                .isEqualTo(0L);
        // a decline of the new decision ends the wait again and counts
        TestLog declinedAgain = log.on("2024-06-08").forReferral("r1").declinedBy("s", REABLEMENT_HOME, "East", "2024-06-06");
        assertThat(waitingRows(census("2024-06-07"), declinedAgain)).isEmpty();
        assertThat(measure(period("2024-06-01", "2024-06-30").compute(CAPACITY_DEMAND, declinedAgain), "p1DeclinedForCapacity.numerator"))
                .isEqualTo(1L);
    }

    /** The complaint of issue 15: one referral shown as waiting for 400 days. Discharged, died or withdrawn, nobody waits. */
    @Test
    void nobodyWaitsFourHundredDaysAfterLeavingHospitalDyingOrWithdrawing() {
        TestLog log = aLog().on("2023-01-10").referral("died").locality("East").decided(P1, REABLEMENT_HOME, "2023-01-10")
                .referral("elsewhere").locality("East").decided(P1, REABLEMENT_HOME, "2023-01-10")
                .referral("withdrawn").locality("East").decided(P1, REABLEMENT_HOME, "2023-01-10")
                .on("2023-01-20").forReferral("died").discharged("2023-01-20", "79", "4")
                .forReferral("elsewhere").discharged("2023-01-19", "51", "1")
                .forReferral("withdrawn").withdrawn("family arranged care")
                .on("2024-02-01").referral("control").locality("East").decided(P1, REABLEMENT_HOME, "2024-02-01");

        // 2023-01-10 + 400 days = 2024-02-14; only the control, decided on 1 Feb 2024, waits (13 days)
        assertThat(waitingRows(census("2024-02-14"), log)).containsExactly("REABLEMENT_HOME/East/1/13");
        // on 15 Jan 2023 all three were still waiting
        assertThat(waitingRows(census("2023-01-15"), log)).containsExactly("REABLEMENT_HOME/East/3/5");
    }

    // --- the as-known-at instant: inclusive, to the microsecond ------------------------------------------------

    private static final String T = "2024-02-01T10:00:00.123456Z";

    @Test
    void anEventRecordedAtTIsKnownAtTAndNotAMicrosecondBefore() {
        TestLog log = aLog().referral("r1").admitted("2024-01-20").submitted().at(T).dischargedHome("2024-02-01");
        Queries day = period("2024-02-01", "2024-02-01");

        assertThat(day.knownAt(T).compute(DISCHARGE_TO_USUAL_RESIDENCE, log).denominator()).isEqualTo(1L);
        assertThat(day.knownAt("2024-02-01T10:00:00.123455Z").compute(DISCHARGE_TO_USUAL_RESIDENCE, log).denominator()).isZero();
    }

    @Test
    void nanosecondsOfTheAsKnownAtInstantAreDroppedNotRounded() {
        TestLog log = aLog().referral("r1").admitted("2024-01-20").submitted().at(T).dischargedHome("2024-02-01");

        Figure f = period("2024-02-01", "2024-02-01").knownAt("2024-02-01T10:00:00.123456999Z").compute(DISCHARGE_TO_USUAL_RESIDENCE, log);
        Figure justBefore = period("2024-02-01", "2024-02-01").knownAt("2024-02-01T10:00:00.123455999Z")
                .compute(DISCHARGE_TO_USUAL_RESIDENCE, log);

        assertThat(f.asKnownAt()).isEqualTo(Instant.parse(T));
        assertThat(f.clocks().asKnownAt()).isEqualTo(Instant.parse(T));
        assertThat(f.denominator()).isEqualTo(1L);
        assertThat(justBefore.denominator()).isZero();
    }

    @Test
    void anOlderRecordWithNanosecondsIsKnownAtTheMicrosecondItDisplays() {
        TestLog log = aLog().referral("r1").admitted("2024-01-20").submitted().at("2024-02-01T10:00:00.123456789Z").dischargedHome("2024-02-01");

        assertThat(period("2024-02-01", "2024-02-01").knownAt(T).compute(DISCHARGE_TO_USUAL_RESIDENCE, log).denominator()).isEqualTo(1L);
    }

    // --- every figure says which clocks it used ----------------------------------------------------------------

    @Test
    void everyFigureReportsItsPeriodClockAndTheAsKnownAtRule() {
        LogFacts facts = correctedDischarges().facts();
        for (String id : FigureEngine.FIGURES) {
            Figure f = period("2024-01-01", "2024-01-31").knownAt(T).censusOn("2024-01-15").compute(id, facts);

            assertThat(f.clocks().asKnownAt()).as(id).isEqualTo(Instant.parse(T));
            assertThat(f.clocks().asKnownAtRule()).as(id).isEqualTo(Clocks.AS_KNOWN_AT_RULE);
            boolean census = id.equals(LENGTH_OF_STAY_CENSUS) || id.equals(DELAY_CENSUS);
            assertThat(f.clocks().period() == null).as(id + " has no period clock").isEqualTo(census);
            assertThat(f.clocks().census() != null).as(id + " has a census clock").isEqualTo(census || id.equals(CAPACITY_DEMAND));
        }
        Figure dtur = period("2024-01-01", "2024-01-31").knownAt(T).compute(DISCHARGE_TO_USUAL_RESIDENCE, facts);
        assertThat(json(dtur)).contains("\"clocks\":{\"period\":\"hospital discharge date (latest patient-discharged or "
                + "discharge-corrected by stream version; none if voided)\",\"asKnownAt\":\"" + T + "\",\"asKnownAtRule\":\""
                + Clocks.AS_KNOWN_AT_RULE + "\"}");
    }

    @SuppressWarnings("unchecked")
    private static List<String> waitingRows(Queries q, TestLog log) {
        Figure f = q.compute(CAPACITY_DEMAND, log);
        return ((List<Map<String, Object>>) measure(f, "waitingList")).stream()
                .map(r -> r.get("serviceType") + "/" + r.get("locality") + "/" + r.get("size") + "/" + r.get("oldestDaysWaiting"))
                .toList();
    }
}
