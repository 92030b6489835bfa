package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.d2aflow.contracts.Pathway.P0;
import static org.d2aflow.contracts.Pathway.P1;
import static org.d2aflow.contracts.Pathway.P2;
import static org.d2aflow.contracts.ServiceType.BEDDED_REABLEMENT;
import static org.d2aflow.contracts.ServiceType.REABLEMENT_HOME;
import static org.d2aflow.contracts.ServiceType.REHAB_HOME;
import static org.d2aflow.contracts.ServiceType.SHORT_TERM_DOMCARE;
import static org.d2aflow.contracts.ServiceType.SOCIAL_SUPPORT;
import static org.d2aflow.contracts.capacity.CapacityUnit.BED;
import static org.d2aflow.contracts.capacity.CapacityUnit.PACKAGE;
import static org.d2aflow.contracts.placement.EndReason.LONG_TERM_HOME_CARE;
import static org.d2aflow.contracts.placement.EndReason.NO_ONGOING_SUPPORT;
import static org.d2aflow.metrics.domain.FigureEngine.CAPACITY_DEMAND;
import static org.d2aflow.metrics.domain.Queries.dec;
import static org.d2aflow.metrics.domain.Queries.measure;
import static org.d2aflow.metrics.domain.Queries.period;
import static org.d2aflow.metrics.domain.TestLog.aLog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** METRICS.md §6: capacity and demand per service, per day and per week; waiting list; P1 declines; Home First outcomes. */
class CapacityDemandTest {

    /** Monday 1 Jan 2024 to Wednesday 10 Jan 2024: ISO week 2024-W01 (7 days) and three days of 2024-W02. */
    private static Queries tenDays() {
        return period("2024-01-01", "2024-01-10");
    }

    /**
     * hf-east (Home First, East, packages): 2 units from 01-01, 3 from 01-04, and - recorded last - 5 from 01-02.
     * Claims: c1 (q1) 01-01 released 01-03; c2 (q2) 01-02 never released; c3 (q3) 01-05 released the same day;
     * c4 (q4) 01-08 released 01-09. Declines: q5 on 01-03, q6 on 01-09.
     * br-north (bedded, North, beds): no declared units; c5 (b1) from 01-06.
     * Every event is recorded at 09:00 London on the date of its on(...).
     */
    static TestLog tenDaysOfCapacity() {
        return aLog()
                .on("2023-12-01").referral("x1").decided(P1, REABLEMENT_HOME, "2023-12-01")
                .on("2023-12-04").forReferral("x1").claimed("other", "cx", "2023-12-05")
                .on("2023-12-05").forReferral("x1").placement("px", "other", REABLEMENT_HOME, "2023-12-05")
                .on("2023-12-20").service("hf-east", REABLEMENT_HOME, "East", PACKAGE).service("br-north", BEDDED_REABLEMENT, "North", BED)
                .capacity("hf-east", 2, "2024-01-01")
                .on("2023-12-21").capacity("hf-east", 3, "2024-01-04")
                .on("2023-12-22").capacity("hf-east", 5, "2024-01-02")
                .on("2023-12-30").referral("q1").locality("East").decided(P1, REABLEMENT_HOME, "2023-12-30")
                .on("2023-12-31").referral("q6").locality("East").decided(P1, REABLEMENT_HOME, "2023-12-31")
                .on("2024-01-01").referral("q2").locality("East").decided(P1, REABLEMENT_HOME, "2024-01-01")
                .referral("w4").locality("East").decided(P1, REABLEMENT_HOME, "2024-01-01")
                .forReferral("q1").claimed("hf-east", "c1", "2024-01-01").placement("pq1", "hf-east", REABLEMENT_HOME, "2024-01-01")
                .on("2024-01-02").referral("q5").locality("East").decided(P1, REABLEMENT_HOME, "2024-01-02")
                .referral("w5").locality("City").decided(P1, REABLEMENT_HOME, "2024-01-02")
                .forReferral("q2").claimed("hf-east", "c2", "2024-01-02").placement("pq2", "hf-east", REABLEMENT_HOME, "2024-01-02")
                .on("2024-01-03").referral("q4").locality("East").decided(P1, REABLEMENT_HOME, "2024-01-03")
                .released("hf-east", "c1").forReferral("q1").placementEnded("pq1", "2024-01-03", NO_ONGOING_SUPPORT)
                .forReferral("q5").declinedBy("hf-east", REABLEMENT_HOME, "East")
                .on("2024-01-04").referral("q3").locality("East").decided(P1, REHAB_HOME, "2024-01-04")
                .referral("w1").locality("North").decided(P2, BEDDED_REABLEMENT, "2024-01-04")
                .forReferral("w5").dischargedHome("2024-01-04")
                .on("2024-01-05").forReferral("q3").claimed("hf-east", "c3", "2024-01-05").placement("pq3", "hf-east", REHAB_HOME, "2024-01-05")
                .released("hf-east", "c3").forReferral("q3").placementEnded("pq3", "2024-01-05", LONG_TERM_HOME_CARE)
                .forReferral("w4").withdrawn("no longer needs a service")
                .referral("b1").locality("North").decided(P2, BEDDED_REABLEMENT, "2024-01-05")
                .on("2024-01-06").forReferral("b1").claimed("br-north", "c5", "2024-01-06")
                .placement("pb1", "br-north", BEDDED_REABLEMENT, "2024-01-06")
                .on("2024-01-07").referral("w3").locality("East").decided(P1, REABLEMENT_HOME, "2024-01-07")
                .referral("w2").locality("East").decided(P0, SOCIAL_SUPPORT, "2024-01-02")
                .on("2024-01-08").forReferral("q4").claimed("hf-east", "c4", "2024-01-08")
                .placement("pq4", "hf-east", SHORT_TERM_DOMCARE, "2024-01-08")
                .on("2024-01-09").released("hf-east", "c4").forReferral("q4").placementEnded("pq4", "2024-01-09", NO_ONGOING_SUPPORT)
                .forReferral("q6").declinedBy("hf-east", REABLEMENT_HOME, "East")
                .forReferral("b1").placementEnded("pb1", "2024-01-09", NO_ONGOING_SUPPORT)
                .on("2024-01-11").forReferral("x1").placementEnded("px", "2024-01-11", NO_ONGOING_SUPPORT)
                .on("2024-01-20").service("late", REABLEMENT_HOME, "City", PACKAGE);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> services(Figure f) {
        return (List<Map<String, Object>>) measure(f, "services");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> series(Figure f, String serviceId) {
        return services(f).stream().filter(s -> s.get("serviceId").equals(serviceId)).findFirst()
                .map(s -> (List<Map<String, Object>>) s.get("series")).orElseThrow(() -> new AssertionError("no service " + serviceId));
    }

    static Map<String, Object> row(List<Map<String, Object>> series, String key, String value) {
        return series.stream().filter(r -> value.equals(r.get(key))).findFirst().orElseThrow(() -> new AssertionError("no row " + value));
    }

    @ParameterizedTest(name = "{0}: {1} units, {2} occupied, {3} free, utilisation {4}, {5} new, {6} declined")
    @CsvSource(nullValues = "null", textBlock = """
            2024-01-01, 2, 1, 1, 0.5000, 1, 0
            2024-01-02, 5, 2, 3, 0.4000, 1, 0
            2024-01-03, 5, 1, 4, 0.2000, 0, 1
            2024-01-04, 3, 1, 2, 0.3333, 0, 0
            2024-01-05, 3, 1, 2, 0.3333, 1, 0
            2024-01-06, 3, 1, 2, 0.3333, 0, 0
            2024-01-07, 3, 1, 2, 0.3333, 0, 0
            2024-01-08, 3, 2, 1, 0.6667, 1, 0
            2024-01-09, 3, 1, 2, 0.3333, 0, 1
            2024-01-10, 3, 1, 2, 0.3333, 0, 0
            """)
    void dailySeriesOfHomeFirstEast(String date, long units, long occupied, long free, String utilisation, long newClaims,
            long declines) {
        // units: the CapacitySet with the latest fromDate on or before the day (01-01: 2; 01-02..03: 5; from 01-04: 3)
        // occupied: claims started by the day and not released by it (a release frees the unit from its recorded day):
        //   01-01 c1; 01-02 c1, c2; 01-03 c2 (c1 released); 01-05 c2 (c3 released the day it started); 01-08 c2, c4
        // utilisation = occupied / units, e.g. 1/3 = 0.3333, 2/3 = 0.6667
        Figure f = tenDays().daily().compute(CAPACITY_DEMAND, tenDaysOfCapacity());

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("date", date);
        expected.put("units", units);
        expected.put("occupied", occupied);
        expected.put("free", free);
        expected.put("utilisation", dec(utilisation));
        expected.put("newClaims", newClaims);
        expected.put("declines", declines);
        assertThat(row(series(f, "hf-east"), "date", date)).isEqualTo(expected);
    }

    @Test
    void weeklySeriesAveragesUnitsAndOccupancyAndSumsClaimsAndDeclines() {
        Figure f = tenDays().weekly().compute(CAPACITY_DEMAND, tenDaysOfCapacity());

        assertThat(measure(f, "granularity")).isEqualTo("week");
        List<Map<String, Object>> weeks = series(f, "hf-east");
        assertThat(weeks).extracting(w -> w.get("week")).containsExactly("2024-W01", "2024-W02");
        // W01 = 01-01..01-07: units 2+5+5+3+3+3+3 = 24, occupied 1+2+1+1+1+1+1 = 8, new 1+1+1 = 3, declines 1
        assertThat(weeks.get(0)).isEqualTo(week("2024-W01", 7, "3.43", "1.14", "0.3333", 3, 1)); // 24/7, 8/7, 8/24
        // W02 = 01-08..01-10: units 9, occupied 2+1+1 = 4, new 1 (c4), declines 1 (q6)
        assertThat(weeks.get(1)).isEqualTo(week("2024-W02", 3, "3.00", "1.33", "0.4444", 1, 1)); // 9/3, 4/3, 4/9
    }

    @Test
    void weeksFollowTheIsoWeekBasedYear() {
        TestLog log = aLog().on("2024-12-01").service("s", REABLEMENT_HOME, "East", PACKAGE).capacity("s", 4, "2024-12-01");

        Figure f = period("2024-12-28", "2025-01-01").weekly().compute(CAPACITY_DEMAND, log);

        // Sat 28 and Sun 29 Dec 2024 are in 2024-W52; Mon 30 Dec 2024 starts 2025-W01
        assertThat(series(f, "s")).extracting(w -> w.get("week"), w -> w.get("days"))
                .containsExactly(tuple("2024-W52", 2L), tuple("2025-W01", 3L));
    }

    @Test
    void aServiceWithNoDeclaredUnitsHasNoUtilisationButStillShowsOccupancy() {
        Figure f = tenDays().daily().compute(CAPACITY_DEMAND, tenDaysOfCapacity());

        Map<String, Object> day = row(series(f, "br-north"), "date", "2024-01-06");
        assertThat(day).containsEntry("units", 0L).containsEntry("occupied", 1L).containsEntry("free", 0L).containsEntry("newClaims", 1L);
        assertThat(day.get("utilisation")).isNull(); // 1 / 0 is not a share
    }

    @Test
    void servicesAreListedWithTheirTypeLocalityAndUnitInServiceIdOrder() {
        Figure f = tenDays().compute(CAPACITY_DEMAND, tenDaysOfCapacity());

        // "other" was claimed but never registered: not a service on the log
        assertThat(services(f)).extracting(s -> s.get("serviceId")).containsExactly("br-north", "hf-east", "late");
        Map<String, Object> hf = services(f).get(1);
        assertThat(hf).containsEntry("serviceType", "REABLEMENT_HOME").containsEntry("locality", "East").containsEntry("unit", "PACKAGE");
    }

    @Test
    void asKnownAtHidesClaimsReleasesAndServicesRecordedLater() {
        // 08:00 UTC on 2 Jan 2024 = 08:00 London: c1 is known, c2 (recorded 09:00) is not, nor c1's release (3 Jan)
        Figure f = tenDays().daily().knownAt("2024-01-02T08:00:00Z").compute(CAPACITY_DEMAND, tenDaysOfCapacity());

        List<Map<String, Object>> hf = series(f, "hf-east");
        assertThat(row(hf, "date", "2024-01-02")).containsEntry("occupied", 1L).containsEntry("newClaims", 0L);
        assertThat(row(hf, "date", "2024-01-10")).containsEntry("occupied", 1L).containsEntry("declines", 0L); // c1 still holds
        assertThat(services(f)).extracting(s -> s.get("serviceId")).containsExactly("br-north", "hf-east"); // "late" not yet
    }

    @Test
    void declinesAndReleasesFallOnTheirRecordedDayInLondon() {
        // 23:30 UTC on 30 Jun 2024 is 00:30 BST on 1 Jul 2024
        TestLog log = aLog().on("2024-06-01").service("s", REABLEMENT_HOME, "East", PACKAGE).capacity("s", 2, "2024-06-01")
                .referral("r1").claimed("s", "k1", "2024-06-29")
                .referral("r2").submitted()
                .at("2024-06-30T23:30:00Z").forReferral("r2").declinedBy("s", REABLEMENT_HOME, "East").released("s", "k1");

        List<Map<String, Object>> days = series(period("2024-06-29", "2024-07-01").daily().compute(CAPACITY_DEMAND, log), "s");

        assertThat(days).extracting(d -> d.get("date"), d -> d.get("occupied"), d -> d.get("declines")).containsExactly(
                tuple("2024-06-29", 1L, 0L),
                tuple("2024-06-30", 1L, 0L), // still held on 30 Jun: the release is on 1 Jul in London
                tuple("2024-07-01", 0L, 1L));
    }

    /** Waiting: decided P1-P3 by the day, and by then no claim, no decline, not withdrawn and not discharged. */
    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "waiting list on {0}")
    @CsvSource(delimiter = '|', textBlock = """
            2024-01-02 | REABLEMENT_HOME/City/1/0, REABLEMENT_HOME/East/3/2
            2024-01-06 | BEDDED_REABLEMENT/North/1/2, REABLEMENT_HOME/East/2/6
            2024-01-10 | BEDDED_REABLEMENT/North/1/6, REABLEMENT_HOME/East/1/3
            """)
    void waitingListOnTheCensusDay(String day, String expectedRows) {
        // 01-02: q6 (decided 12-31, declined only 01-09: 2 days), w4 (01-01, withdrawn only 01-05: 1 day), q5 (01-02, declined 01-03:
        //        0 days) -> East 3, oldest 2; w5 (City, decided 01-02, discharged 01-04: 0 days) -> City 1, oldest 0;
        //        q1 and q2 hold claims recorded by 01-02; x1 holds one since December
        // 01-06: q6 (6 days), q4 (decided 01-03, claim 01-08: 3 days) -> East 2, oldest 6; w1 (P2 North, 01-04: 2 days);
        //        out: w5 discharged 01-04 (no City row), q5 declined, w4 withdrawn, q3 and b1 claimed, w3 decided only 01-07,
        //        w2 is P0
        // 01-10: w1 (6 days); w3 (decided 01-07: 3 days); q4 claimed 01-08, q6 declined 01-09, w5 discharged
        Figure f = tenDays().censusOn(day).compute(CAPACITY_DEMAND, tenDaysOfCapacity());

        List<String> rows = ((List<Map<String, Object>>) measure(f, "waitingList")).stream()
                .map(r -> r.get("serviceType") + "/" + r.get("locality") + "/" + r.get("size") + "/" + r.get("oldestDaysWaiting"))
                .toList();
        assertThat(rows).containsExactly(expectedRows.split(",\\s*"));
    }

    @Test
    void shareOfP1ReferralsDeclinedForCapacity() {
        Figure f = tenDays().compute(CAPACITY_DEMAND, tenDaysOfCapacity());

        // latest decision P1 decided 01-01..01-10: q2, w4, q5, w5, q4, q3, w3 = 7 (q1, q6, x1 decided before; w1, b1 are P2; w2 P0)
        // declined: q5 (q6's decline is for a December decision) -> 1/7 = 0.142857
        assertThat(measure(f, "p1DeclinedForCapacity")).isEqualTo(ratio(1, 7, "0.1429"));
        assertThat(f.drillDown().other()).containsEntry("p1Declined", List.of("q5"))
                .containsEntry("p1Decided", List.of("q2", "q3", "q4", "q5", "w3", "w4", "w5"));
    }

    @Test
    void shareOfHomeFirstPlacementsEndingWithNoOngoingSupport() {
        Figure f = tenDays().compute(CAPACITY_DEMAND, tenDaysOfCapacity());

        // Home First (reablement, rehab at home, short-term home care) ended 01-01..01-10: pq1 (NO_ONGOING_SUPPORT),
        // pq3 (LONG_TERM_HOME_CARE), pq4 (NO_ONGOING_SUPPORT); pb1 is bedded; px ended 01-11; pq2 has not ended -> 2/3
        assertThat(measure(f, "homeFirstEndedWithNoOngoingSupport")).isEqualTo(ratio(2, 3, "0.6667"));
        assertThat(f.drillDown().other()).containsEntry("homeFirstNoOngoingSupport", List.of("q1", "q4"))
                .containsEntry("homeFirstEnded", List.of("q1", "q3", "q4"));
    }

    private static Map<String, Object> week(String week, long days, String meanUnits, String meanOccupied, String utilisation,
            long newClaims, long declines) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("week", week);
        m.put("days", days);
        m.put("meanUnits", dec(meanUnits));
        m.put("meanOccupied", dec(meanOccupied));
        m.put("utilisation", dec(utilisation));
        m.put("newClaims", newClaims);
        m.put("declines", declines);
        return m;
    }

    private static Map<String, Object> ratio(long num, long den, String value) {
        return Map.of("numerator", num, "denominator", den, "value", dec(value));
    }
}
