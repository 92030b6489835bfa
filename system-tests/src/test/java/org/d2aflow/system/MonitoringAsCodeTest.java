package org.d2aflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.restassured.http.ContentType;

import org.d2aflow.system.monitoring.MonitoringAsCode;
import org.d2aflow.testkit.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and alert rules of deploy/monitoring against the four packaged services running on the real broker
 * and PostgreSQL: every metric a panel or a rule names is exported by at least one service once a little traffic has
 * passed, and Prometheus' promtool accepts every rule and every panel's expression.
 */
class MonitoringAsCodeTest {

    private static final Path MONITORING = Path.of(System.getProperty("d2a.repo", "..")).resolve("deploy/monitoring");
    private static final Path DASHBOARD = MONITORING.resolve("d2a-flow-dashboard.json");
    private static final Path RULES = MONITORING.resolve("d2a-flow-alerts.yaml");
    private static final Duration EVERY_SERIES = Duration.ofSeconds(90);

    private static Suite suite;
    private static Set<String> exported;

    @BeforeAll
    static void startTheServicesDriveTrafficAndScrape() throws Exception {
        suite = Suite.get();
        driveTraffic();
        Map<String, String> all = expressions();
        // Some series appear with the traffic's effects (the figure gauges after a projection refresh): scrape until
        // every name is there or the time is up, then judge the last scrape.
        long deadline = System.nanoTime() + EVERY_SERIES.toNanos();
        do {
            exported = scrapeAll();
            if (MonitoringAsCode.unexported(all, exported).isEmpty()) {
                return;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
    }

    @Test
    void everyMetricThatADashboardPanelOrAnAlertRuleNamesIsExportedByARunningService() throws IOException {
        List<String> problems = MonitoringAsCode.unexported(expressions(), exported);
        assertThat(problems).as("metrics named in deploy/monitoring that no running service exports").isEmpty();
    }

    @Test
    void promtoolAcceptsEveryAlertRuleAndEveryPanelExpression(@TempDir Path dir) throws IOException {
        assertThat(MonitoringAsCode.checkRules(RULES)).contains("SUCCESS: " + MonitoringAsCode.ruleExpressions(RULES).size() + " rules found");
        Map<String, String> panels = MonitoringAsCode.dashboardExpressions(DASHBOARD);
        assertThat(MonitoringAsCode.checkRules(MonitoringAsCode.asRecordingRules(panels, dir)))
                .contains("SUCCESS: " + panels.size() + " rules found");
    }

    @Test
    void theAlertsFireOnSyntheticSeriesWhenTheyShouldAndNotInTheLookAlikeCases() {
        // deploy/monitoring/d2a-flow-alerts.test.yaml: outbox stuck, over-claim, dead letters, stale figures, 5xx share.
        assertThat(MonitoringAsCode.testRules(MONITORING.resolve("d2a-flow-alerts.test.yaml"))).contains("SUCCESS");
    }

    @Test
    void everyAlertRuleHasARunbookSection() throws IOException {
        String runbook = Files.readString(MONITORING.resolve("RUNBOOK.md"));
        String rules = Files.readString(RULES);
        for (String place : MonitoringAsCode.ruleExpressions(RULES).keySet()) {
            String alert = place.substring(place.lastIndexOf("alert ") + "alert ".length());
            assertThat(runbook).as("RUNBOOK.md section of " + alert).contains("## " + alert + "\n");
            assertThat(rules).as("runbook_url of " + alert).contains("RUNBOOK.md#" + alert.toLowerCase() + "\"");
        }
    }

    @Test
    void aPanelNamingAMetricNoServiceExportsFailsNamingThePanelAndTheMetric(@TempDir Path dir) throws IOException {
        String json = Files.readString(DASHBOARD);
        assertThat(json).contains("d2a_outbox_oldest_age_seconds");
        Path broken = dir.resolve("broken-dashboard.json");
        Files.writeString(broken, json.replace("max by (job) (d2a_outbox_oldest_age_seconds)", "max by (job) (d2a_outbox_oldest_age_secs)"));

        List<String> problems = MonitoringAsCode.unexported(MonitoringAsCode.dashboardExpressions(broken), exported);

        assertThat(problems).containsExactly(
                "dashboard broken-dashboard.json, panel 'Oldest waiting event' target A: metric d2a_outbox_oldest_age_secs is exported by no service");
    }

    @Test
    void aRuleNamingAMetricNoServiceExportsFailsNamingTheRuleAndTheMetric(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken-alerts.yaml");
        Files.writeString(broken, Files.readString(RULES).replace("d2a_capacity_overclaimed_services", "d2a_capacity_overbooked_services"));

        assertThat(MonitoringAsCode.unexported(MonitoringAsCode.ruleExpressions(broken), exported)).containsExactly(
                "rules broken-alerts.yaml, alert D2aCapacityOverClaimed: metric d2a_capacity_overbooked_services is exported by no service");
    }

    @Test
    void aRuleThatDoesNotParseIsRefusedByPromtool(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("unparsable-alerts.yaml");
        Files.writeString(broken, Files.readString(RULES).replace("expr: max by (job) (d2a_outbox_oldest_age_seconds) > 300",
                "expr: max by (job) (d2a_outbox_oldest_age_seconds > 300"));

        assertThatThrownBy(() -> MonitoringAsCode.checkRules(broken)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unparsable-alerts.yaml").hasMessageContaining("unclosed left parenthesis");
    }

    private static Map<String, String> expressions() throws IOException {
        Map<String, String> all = new LinkedHashMap<>(MonitoringAsCode.dashboardExpressions(DASHBOARD));
        all.putAll(MonitoringAsCode.ruleExpressions(RULES));
        return all;
    }

    /** The series names of the four services' scrapes together. */
    private static Set<String> scrapeAll() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Set<String> names = new LinkedHashSet<>();
        for (ServiceProcess service : List.of(suite.referral, suite.capacity, suite.placement, suite.metrics)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics")).header("Accept", "text/plain")
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(service.url() + "/q/metrics").isEqualTo(200);
            names.addAll(MonitoringAsCode.seriesNames(r.body()));
        }
        return names;
    }

    /** A little of everything an operator watches: writes through each service, a replay, refusals, reads of figures. */
    private static void driveTraffic() {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
        String locality = "Monitoring " + UUID.randomUUID().toString().substring(0, 8);
        String serviceId = suite.homeFirstService(locality, 2, today);

        String key = UUID.randomUUID().toString();
        Map<String, String> referral = Map.of("nhsNumber", "9990000026", "dateOfBirth", "1941-03-01", "sex", "MALE", "locality", locality,
                "site", "County Hospital", "ward", "Ward 5", "admissionDate", today.minusDays(4).toString(), "usualResidence", "PRIVATE_HOME");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            // The same Idempotency-Key twice: the second is a replay.
            ids.add(Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                    .body(referral).post("/referrals").then().statusCode(201).extract().path("id"));
        }
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON).body(Map.of("dischargeReadyDate", today.toString()))
                .put("/referrals/{id}/discharge-ready-date", ids.get(0)).then().statusCode(200);
        Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON)
                .body(Map.of("pathway", "P1", "serviceType", "REABLEMENT_HOME", "decidedAt", today.toString()))
                .put("/referrals/{id}/pathway-decision", ids.get(0)).then().statusCode(200);

        // A refusal from each service, and a read of each.
        for (ServiceProcess service : List.of(suite.referral, suite.capacity, suite.placement, suite.metrics)) {
            Suite.as("admin").baseUri(service.url()).contentType("text/plain").body("not json").post("/" + UUID.randomUUID()).then()
                    .statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));
        }
        Suite.as("coordinator").baseUri(suite.referral.url()).get("/referrals/{id}", ids.get(0)).then().statusCode(200);
        Suite.as("homefirst").baseUri(suite.capacity.url()).get("/services/{id}", serviceId).then().statusCode(200);
        Suite.as("homefirst").baseUri(suite.placement.url()).get("/placements/{id}", UUID.randomUUID().toString()).then().statusCode(404);
        Suite.as("commissioner").baseUri(suite.metrics.url()).queryParams(Map.of("from", today.toString(), "to", today.toString()))
                .get("/figures/discharge-to-usual-residence").then().statusCode(200);
    }
}
