package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.contracts.Pathway.P1;
import static org.d2aflow.contracts.ServiceType.REABLEMENT_HOME;
import static org.d2aflow.metrics.domain.FigureEngine.DELAY_CENSUS;
import static org.d2aflow.metrics.domain.FigureEngine.LENGTH_OF_STAY_CENSUS;
import static org.d2aflow.metrics.domain.Queries.census;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.Family;
import org.d2aflow.metrics.domain.cells.InHospitalCells;
import org.d2aflow.metrics.domain.cells.ReferralContributions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code IN_HOSPITAL} cells at the edges of the census rules (STREAMS.md 10c): where a stay's cell sits (its end day,
 * or OPEN), the London day of a withdrawal, the earlier of a discharge and a withdrawal, a void, a discharge before the
 * admission, a ready date before the admission, and the drill-down of a stay whose end day was corrected away. Every figure
 * here goes through {@link Queries#compute(String, TestLog)}: the reference and both cells paths must print the same bytes.
 */
class InHospitalCensusCellsTest {

    private static List<LocalDate> endDays(TestLog log, String referralId, Instant at) {
        return ReferralContributions.of(log.facts().referralOrNull(referralId), at).cells().keySet().stream()
                .filter(k -> k.family() == Family.IN_HOSPITAL).map(CellKey::businessDay).distinct().toList();
    }

    @Test
    void aStaySitsOnItsEndDayOrOnOpenAndMovesBackToOpenWhenItsDischargeIsVoided() {
        TestLog log = aLog().on("2024-06-01").referral("r1").admitted("2024-06-01").submitted()
                .on("2024-06-05").forReferral("r1").dischargedHome("2024-06-05")
                .on("2024-06-07").forReferral("r1").voidedDischarge();

        assertThat(endDays(log, "r1", Instant.parse("2024-06-02T00:00:00Z"))).containsExactly(InHospitalCells.OPEN);
        assertThat(endDays(log, "r1", Instant.parse("2024-06-06T00:00:00Z"))).containsExactly(LocalDate.parse("2024-06-05"));
        assertThat(endDays(log, "r1", ReferralContributions.ALWAYS)).containsExactly(InHospitalCells.OPEN);
        assertThat(census("2024-06-06").knownAt("2024-06-06T00:00:00Z").compute(LENGTH_OF_STAY_CENSUS, log).measures())
                .containsEntry("count", 0L);
        assertThat(census("2024-06-06").compute(LENGTH_OF_STAY_CENSUS, log).measures()).containsEntry("count", 1L);
    }

    @ParameterizedTest(name = "census on {0}: {1} in hospital")
    @CsvSource(textBlock = """
            2024-06-09, 1
            2024-06-10, 1
            2024-06-11, 0
            """)
    void aWithdrawalEndsTheStayOnTheLondonDayItWasRecorded(String day, long count) {
        // recorded 23:30 UTC on 10 Jun = 00:30 BST on 11 Jun: in hospital on 10 Jun, not on 11 Jun
        TestLog log = aLog().on("2024-06-01").referral("r1").admitted("2024-06-01").submitted()
                .at("2024-06-10T23:30:00Z").forReferral("r1").withdrawn("no longer needs D2A");

        assertThat(endDays(log, "r1", ReferralContributions.ALWAYS)).containsExactly(LocalDate.parse("2024-06-11"));
        assertThat(census(day).compute(LENGTH_OF_STAY_CENSUS, log).measures()).containsEntry("count", count);
    }

    @Test
    void theEarlierOfTheDischargeAndTheWithdrawalEndsTheStay() {
        TestLog log = aLog().on("2024-06-01").referral("w").admitted("2024-06-01").referral("d").admitted("2024-06-01").submitted()
                .on("2024-06-12").forReferral("w").withdrawn("transferred").forReferral("d").dischargedHome("2024-06-12")
                .on("2024-06-20").forReferral("w").dischargedHome("2024-06-20").forReferral("d").withdrawn("keyed after discharge");

        assertThat(endDays(log, "w", ReferralContributions.ALWAYS)).containsExactly(LocalDate.parse("2024-06-12"));
        assertThat(endDays(log, "d", ReferralContributions.ALWAYS)).containsExactly(LocalDate.parse("2024-06-12"));
        assertThat(census("2024-06-11").compute(LENGTH_OF_STAY_CENSUS, log).drillDown().denominator()).containsExactly("d", "w");
        assertThat(census("2024-06-12").compute(LENGTH_OF_STAY_CENSUS, log).measures()).containsEntry("count", 0L);
        assertThat(census("2024-06-15").compute(LENGTH_OF_STAY_CENSUS, log).measures()).containsEntry("count", 0L);
    }

    @Test
    void aDischargeKeyedBeforeTheAdmissionLeavesNoCellAndCountsOnNoDay() {
        TestLog log = aLog().on("2024-06-10").referral("r1").admitted("2024-06-10").dischargedHome("2024-06-08")
                .referral("r2").admitted("2024-06-10").dischargedHome("2024-06-10"); // same day: in hospital on no census day

        assertThat(endDays(log, "r1", ReferralContributions.ALWAYS)).isEmpty();
        assertThat(endDays(log, "r2", ReferralContributions.ALWAYS)).isEmpty();
        for (String day : List.of("2024-06-07", "2024-06-08", "2024-06-09", "2024-06-10", "2024-06-11")) {
            assertThat(census(day).compute(LENGTH_OF_STAY_CENSUS, log).measures()).as(day).containsEntry("count", 0L);
        }
    }

    @ParameterizedTest(name = "census on {0}: {1} past the ready date, days past {2}")
    @CsvSource(textBlock = """
            2024-06-03, 0, 0
            2024-06-05, 1, 4
            2024-06-06, 2, 6
            2024-06-09, 2, 12
            """)
    void aReadyDateBeforeTheAdmissionCountsFromTheAdmissionAndAReadyDateOnTheDayDoesNot(String day, long count, long daysPast) {
        TestLog log = aLog().on("2024-06-05").referral("early").admitted("2024-06-05").decided(P1, REABLEMENT_HOME, "2024-06-05")
                .drd("2024-06-01") // keyed before the admission: past it from the admission day on
                .referral("onTheDay").admitted("2024-06-01").drd("2024-06-05"); // past it from 6 Jun

        Figure f = census(day).compute(DELAY_CENSUS, log);
        assertThat(measure(f, "count")).isEqualTo(count);
        BigDecimal mean = (BigDecimal) measure(f, "daysPastDrd.mean");
        assertThat(mean == null ? 0 : mean.multiply(BigDecimal.valueOf(count)).longValueExact()).as("days past, in all").isEqualTo(daysPast);
        for (Breakdown b : Breakdown.values()) {
            census(day).by(b).compute(DELAY_CENSUS, log);
            census(day).by(b).compute(LENGTH_OF_STAY_CENSUS, log);
        }
    }

    @Test
    void aStayThatWasOnceOpenIsACandidateOnlyAsKnownBeforeItsEndWasRecorded() {
        TestLog log = aLog().on("2024-06-01").referral("gone").admitted("2024-06-01").referral("here").admitted("2024-06-01").submitted()
                .on("2024-06-05").forReferral("gone").dischargedHome("2024-06-05");
        CellsTwin.IncrementalStore now = new CellsTwin.IncrementalStore().applyAll(log.envelopes());
        LocalDate after = LocalDate.parse("2024-06-11");
        Instant discharged = log.envelopes().stream().filter(e -> e.event() instanceof PatientDischarged).findFirst().orElseThrow().time();

        // every stay passes through OPEN: listing all that ever were would make every census drill-down a scan of all referrals
        assertThat(now.members.candidates(Family.IN_HOSPITAL, after, InHospitalCells.OPEN, ReferralContributions.ALWAYS)).containsExactly("here");
        assertThat(now.members.candidates(Family.IN_HOSPITAL, after, InHospitalCells.OPEN, discharged)).containsExactly("here");
        assertThat(now.members.candidates(Family.IN_HOSPITAL, after, InHospitalCells.OPEN, discharged.minusNanos(1000)))
                .containsExactly("gone", "here");
        assertThat(census("2024-06-10").knownAt(discharged.minusNanos(1000)).compute(LENGTH_OF_STAY_CENSUS, log).drillDown().denominator())
                .containsExactly("gone", "here");
        assertThat(census("2024-06-10").knownAt(discharged).compute(LENGTH_OF_STAY_CENSUS, log).drillDown().denominator())
                .containsExactly("here");
    }

    @Test
    void theDrillDownAsKnownBeforeACorrectionFindsTheStayThroughTheEndDayItHadThen() {
        TestLog log = aLog().on("2024-06-01").referral("r1").admitted("2024-06-01").submitted()
                .on("2024-06-20").forReferral("r1").dischargedHome("2024-06-20")
                .on("2024-06-25").forReferral("r1").correctedDischarge("2024-06-10", "19", "1");
        FigureQuery asThen = census("2024-06-15").knownAt("2024-06-21T00:00:00Z").build();
        CellsTwin.IncrementalStore now = new CellsTwin.IncrementalStore().applyAll(log.envelopes());

        // its end day now is 10 Jun, before the census day; the members index keeps 20 Jun, which it had until the correction
        assertThat(endDays(log, "r1", ReferralContributions.ALWAYS)).containsExactly(LocalDate.parse("2024-06-10"));
        assertThat(now.members.candidates(Family.IN_HOSPITAL, LocalDate.parse("2024-06-16"), InHospitalCells.OPEN, asThen.asKnownAt()))
                .containsExactly("r1");
        Figure reference = new FigureEngine().compute(LENGTH_OF_STAY_CENSUS, log.facts(), asThen);
        assertThat(reference.drillDown().denominator()).containsExactly("r1");
        CellsTwin.assertSame("drill-down from the members now", LENGTH_OF_STAY_CENSUS, asThen, reference,
                now.figure(LENGTH_OF_STAY_CENSUS, asThen, CellsTwin.cellsAsKnownAt(log.facts(), asThen.asKnownAt())));
        assertThat(census("2024-06-15").compute(LENGTH_OF_STAY_CENSUS, log).measures()).containsEntry("count", 0L);
    }
}
