package org.d2aflow.simulator.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.d2aflow.simulator.model.CountyModel;
import org.d2aflow.simulator.model.CountyPlan;
import org.d2aflow.simulator.model.CountyPlan.ClaimPlan;
import org.d2aflow.simulator.model.CountyPlan.PlannedCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The driver against an in-process stand-in of the services: flow, ordering, retries and determinism, without the stack. */
class ApiDriverTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(List<String> accepted, List<JsonNode> record, String output, boolean aborted, long failed, int overCapacity) {
    }

    static CountyPlan plan() {
        return CountyPlan.of(new CountyModel(7, 0.1), TODAY.minusDays(130), TODAY.minusDays(1), TODAY);
    }

    Run run(CountyPlan plan, int concurrency, String name) throws Exception {
        try (FakeSuite fake = new FakeSuite(TODAY, Long.getLong("fake.lag", 3))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            ApiDriver driver = new ApiDriver(new ApiDriver.Settings(fake.url(), fake.url(), fake.url(), concurrency, "test",
                    Duration.ofSeconds(10), new Credentials((role, org) -> role + "." + org)), plan, out);
            driver.run();
            driver.printSummary();
            Path file = dir.resolve(name + ".jsonl");
            driver.writeRecord(file, 7);
            List<JsonNode> lines = new ArrayList<>();
            for (String l : Files.readAllLines(file)) {
                lines.add(JSON.readTree(l));
            }
            return new Run(fake.acceptedChanges(), lines, bytes.toString(StandardCharsets.UTF_8), driver.aborted(), driver.failedSteps(),
                    fake.timesOverCapacity());
        }
    }

    @Test
    void entersEveryPatientAsPlannedAndClaimsMeetThePlannedOccupancy() throws Exception {
        CountyPlan plan = plan();
        Run run = run(plan, 4, "parallel");
        System.out.println(run.output());
        assertThat(run.aborted()).as(run.output()).isFalse();
        assertThat(run.failed()).as(run.output()).isZero();
        assertThat(run.overCapacity()).isZero();
        assertThat(run.output()).contains("day ", "referrals", "P1 claims declined for capacity");

        JsonNode head = run.record().get(0);
        assertThat(head.get("record").asText()).isEqualTo("run");
        // The stand-in refuses past dates for capacity and claims, as capacity-service does.
        assertThat(head.get("capacityFromToday").asBoolean()).isTrue();
        assertThat(head.get("claimsDatedToday").asBoolean()).isTrue();

        Map<String, PlannedCase> planned = plan.cases().stream().collect(Collectors.toMap(c -> c.patient().id(), c -> c));
        List<JsonNode> referrals = run.record().stream().filter(n -> n.get("record").asText().equals("referral")).toList();
        assertThat(referrals).hasSize(plan.cases().size());
        int declined = 0;
        for (JsonNode r : referrals) {
            PlannedCase c = planned.get(r.get("patientId").asText());
            assertThat(r.has("errors")).as(r.toString()).isFalse();
            boolean inWindow = plan.inWindow(c.patient().dischargeDate());
            assertThat(r.has("dischargeDate")).as(r.toString()).isEqualTo(inWindow);
            assertThat(r.get("inHospitalAtEnd").asBoolean()).isEqualTo(!inWindow);
            if (c.claim() != ClaimPlan.NONE) {
                assertThat(r.at("/claim/outcome").asText()).as(r.toString()).isEqualTo(c.claim().name());
                declined += c.claim() == ClaimPlan.DECLINED ? 1 : 0;
            }
            if (c.claim() == ClaimPlan.CLAIMED) {
                assertThat(r.at("/placement/startDate").asText()).isEqualTo(c.patient().dischargeDate().toString());
                assertThat(r.at("/placement/status").asText()).isEqualTo(plan.endEntered(c.patient()) ? "ENDED" : "ACTIVE");
                if (c.patient().followUpDue() != null) {
                    String outcome = r.at("/followUp/outcome").asText();
                    if (c.patient().followUpDue().isAfter(TODAY)) {
                        assertThat(outcome).isEqualTo("NOT_DUE");
                    } else {
                        assertThat(outcome).isIn("RECORDED", "LEFT_MISSING");
                    }
                }
            } else {
                assertThat(r.at("/placement/startDate").isMissingNode()).as(r.toString()).isTrue();
            }
        }
        assertThat(declined).as("the window is long enough for the services to fill").isPositive();
    }

    @Test
    void theSameSeedMakesTheSameCallsWithTheSameBodies() throws Exception {
        Run first = run(plan(), 1, "first");
        Run second = run(plan(), 1, "second");
        assertThat(first.failed()).as(first.output()).isZero();
        assertThat(first.accepted()).hasSizeGreaterThan(1000);
        assertThat(second.accepted()).isEqualTo(first.accepted());
        // In parallel the calls of one day interleave differently, but what is entered is the same.
        Run parallel = run(plan(), 4, "parallel");
        assertThat(withoutIds(parallel.record())).isEqualTo(withoutIds(first.record()));
    }

    private static List<String> withoutIds(List<JsonNode> record) {
        return record.stream().skip(1).map(n -> n.toString().replaceAll("\"(referralId|claimId|serviceId)\":\"[^\"]*\"", "")).toList();
    }
}
