package org.d2aflow.metrics.escalation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.escalation.EscalationAcknowledged;
import org.d2aflow.contracts.escalation.EscalationLevelChanged;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.HeadlessChromium;
import org.d2aflow.testkit.TestTokens;
import org.d2aflow.testkit.TopicReader;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Live escalation on the real broker. Synthetic patients past their discharge ready date are written to d2a.referrals
 * (and discharged again) to steer the one trigger of {@link EscalationSurgeProfile}: a surge raises the level step by step
 * to 4, figures wobbling around the level 4 threshold within the margin, and a dip below it shorter than the hold, change
 * nothing, and recovery lowers the level once the hold has passed. Exactly four level changes reach d2a.escalation, each
 * with the figures that caused it, an acknowledgement is audited there too, and the webhook receiver gets every change
 * signed, the first after a retry. The dashboard is photographed at each level (target/escalation-level-N.png).
 */
@QuarkusTest
@TestProfile(EscalationSurgeProfile.class)
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class EscalationOnTheBrokerTest {

    private static final String TRIGGER = "past-discharge-ready-date";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI dashboard;

    @jakarta.inject.Inject
    EscalationLog log;

    @jakarta.inject.Inject
    EscalationService service;

    private final Deque<String> inHospital = new ArrayDeque<>();
    private int baseline;
    private final Map<Integer, String> pageTextByLevel = new LinkedHashMap<>();

    @Test
    void aSurgeRaisesTheLevelRecoveryLowersItAndNothingFlapsWithinTheHysteresis() throws Exception {
        // Alone in its lease group, this instance writes the level changes once it holds the lease.
        await().atMost(Duration.ofSeconds(60)).until(() -> status().getBoolean("evaluating") && status().get("triggers[0].figure") != null
                && service.writing());
        JsonPath start = status();
        assertThat(start.getString("triggers[0].trigger")).isEqualTo(TRIGGER);
        assertThat(start.getInt("level")).isEqualTo(1);
        // Other test classes share the broker; their patients past the DRD (voided discharges) count too, so steer from them.
        baseline = (int) start.getDouble("triggers[0].figure");
        assertThat(baseline).as("patients past their DRD left by other tests").isLessThan(15);

        // The surge: each threshold reached raises the level at once.
        pastDrd(25);
        awaitLevel(2);
        photograph(2);
        pastDrd(45);
        awaitLevel(3);
        photograph(3);
        pastDrd(62);
        JsonPath four = awaitLevel(4);
        assertThat(four.getList("reasons", String.class)).anySatisfy(r -> assertThat(r).contains("62 patients").contains("level 4 threshold of 60"));
        acknowledgeAndCheckValidation();
        // What a restart would restore now: level 4 since it began, the trigger at 4, both acknowledgements.
        EscalationService.Restored atFour = EscalationService.replay(log.readAll(EscalationSurgeProfile.SYSTEM, Duration.ofSeconds(20)));
        assertThat(atFour.level()).isEqualTo(4);
        assertThat(atFour.since()).isEqualTo(Instant.parse(status().getString("since")));
        assertThat(atFour.triggerLevels()).containsEntry(TRIGGER, 4);
        assertThat(atFour.acknowledgements()).extracting(EscalationStatus.Acknowledgement::role).containsExactly("admin", "commissioner");
        photograph(4);

        // Wobbling around the level 4 threshold (60) within its margin (down to 55) for longer than the hold: no change.
        for (int figure : new int[] {58, 61, 56, 59, 57, 60, 55}) {
            pastDrd(figure);
            Thread.sleep(1300);
            assertThat(status().getInt("level")).isEqualTo(4);
        }
        // A dip below the margin shorter than the hold, then back within it: still no change, however long it stays.
        pastDrd(52);
        pastDrd(57);
        Thread.sleep(EscalationSurgeProfile.HOLD_SECONDS * 1000L + 1500);
        assertThat(status().getInt("level")).isEqualTo(4);

        // Recovery: below every threshold minus the margin; the level lowers once, and not before the hold has passed.
        Instant recovered = Instant.now();
        pastDrd(10);
        JsonPath one = awaitLevel(1);
        assertThat(Instant.parse(one.getString("since"))).isAfterOrEqualTo(recovered.plusSeconds(EscalationSurgeProfile.HOLD_SECONDS));
        assertThat(one.getList("acknowledgements")).isEmpty();
        photograph(1);

        List<EscalationLevelChanged> changes = levelChanges();
        assertThat(changes).extracting(c -> c.previousLevel() + "->" + c.level()).containsExactly("1->2", "2->3", "3->4", "4->1");
        assertThat(changes).extracting(c -> figureOf(c.triggers())).containsExactly(25.0, 45.0, 62.0, 10.0);
        assertThat(changes).extracting(EscalationLevelChanged::since).isSorted();
        assertThat(changes.get(3).since()).isEqualTo(Instant.parse(one.getString("since")));

        EscalationService.Restored atOne = EscalationService.replay(log.readAll(EscalationSurgeProfile.SYSTEM, Duration.ofSeconds(20)));
        assertThat(atOne.level()).isEqualTo(1);
        assertThat(atOne.since()).isEqualTo(changes.get(3).since());
        assertThat(atOne.acknowledgements()).isEmpty();
        assertThat(atOne.version()).isEqualTo(6);

        checkWebhooks(changes.size());
        Files.writeString(Path.of("target", "escalation-levels.txt"), pageTextByLevel.entrySet().stream()
                .map(e -> "Level " + e.getKey() + ":\n" + e.getValue()).collect(Collectors.joining("\n\n")));
    }

    private void acknowledgeAndCheckValidation() {
        String comment = "Extra reablement hours agreed with providers; bed meeting at 14:00";
        given().contentType("application/json").body(Map.of("comment", comment)).post("/escalation/acknowledgements").then().statusCode(201)
                .header("Location", startsWith("http")).body("level", equalTo(4)).body("role", equalTo("admin")).body("comment", equalTo(comment));
        given().get("/escalation").then().statusCode(200).body("acknowledgements.comment", hasItem(comment));
        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> acks = TopicReader.read(Topics.ESCALATION, EscalationSurgeProfile.SYSTEM,
                Duration.ofSeconds(20), l -> l.stream().anyMatch(r -> r.value().event() instanceof EscalationAcknowledged));
        EscalationAcknowledged ack = acks.stream().map(r -> r.value().event()).filter(EscalationAcknowledged.class::isInstance)
                .map(EscalationAcknowledged.class::cast).findFirst().orElseThrow();
        assertThat(ack.level()).isEqualTo(4);
        assertThat(ack.comment()).isEqualTo(comment);
        assertThat(ack.acknowledgedBy()).isNotBlank();

        for (String body : new String[] {"{}", "{\"comment\":\"\"}", "{\"comment\":\"   \"}", "{\"comment\":\"" + "x".repeat(1001) + "\"}",
            "{\"comment\":\"bell\\u0007rings\"}", "{\"comment\":\"nul\\u0000here\"}", "{\"comment\":5}", "{\"comment\":null}"}) {
            given().contentType("application/json").body(body).post("/escalation/acknowledgements").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("comment"));
        }
        given().contentType("application/json").body("{\"comment\":\"fine\",\"level\":1}").post("/escalation/acknowledgements").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("level"));
        given().contentType("application/json").post("/escalation/acknowledgements").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", TestTokens.bearer("coordinator", "TEST-ORG")).contentType("application/json")
                .body(Map.of("comment", "not mine to say")).post("/escalation/acknowledgements").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("homefirst", "TEST-ORG")).get("/escalation").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("commissioner", "COMMISSIONING")).contentType("application/json")
                .body(Map.of("comment", "Seen by the commissioner")).post("/escalation/acknowledgements").then().statusCode(201)
                .body("role", equalTo("commissioner"));
    }

    private void checkWebhooks(int changes) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> WebhookReceiver.get().received().stream().filter(r -> r.answered() == 204).count() >= changes);
        List<WebhookReceiver.Received> got = WebhookReceiver.get().received();
        WebhookReceiver.Received first = got.get(0);
        assertThat(first.answered()).isEqualTo(500);
        assertThat(first.attempt()).isEqualTo("1");
        // The failed delivery came again, the same event, as attempt 2.
        assertThat(got).anySatisfy(r -> {
            assertThat(r.eventId()).isEqualTo(first.eventId());
            assertThat(r.attempt()).isEqualTo("2");
            assertThat(r.answered()).isEqualTo(204);
        });
        List<Integer> levels = new ArrayList<>();
        for (WebhookReceiver.Received r : got) {
            assertThat(r.signature()).isEqualTo(WebhookNotifier.signature(EscalationSurgeProfile.SECRET, r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.path("type").asText()).isEqualTo(EscalationLevelChanged.TYPE);
            assertThat(body.path("id").asText()).isEqualTo(r.eventId());
            if (r.answered() == 204) {
                levels.add(body.path("data").path("level").asInt());
            }
        }
        assertThat(levels).containsExactlyInAnyOrder(2, 3, 4, 1);
        // A signature made with another secret does not match.
        assertThat(first.signature()).isNotEqualTo(WebhookNotifier.signature("another-secret", first.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private List<EscalationLevelChanged> levelChanges() {
        // Read for a few seconds more than needed, so that a fifth change would be seen.
        return TopicReader.read(Topics.ESCALATION, EscalationSurgeProfile.SYSTEM, Duration.ofSeconds(4), l -> false).stream()
                .map(r -> r.value().event()).filter(EscalationLevelChanged.class::isInstance).map(EscalationLevelChanged.class::cast).toList();
    }

    private static double figureOf(JsonNode triggers) {
        for (JsonNode t : triggers) {
            if (TRIGGER.equals(t.path("trigger").asText())) {
                return t.path("figure").asDouble();
            }
        }
        throw new AssertionError("no " + TRIGGER + " in " + triggers);
    }

    private static JsonPath status() {
        return given().get("/escalation").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitLevel(int level) {
        await().atMost(Duration.ofSeconds(40)).until(() -> status().getInt("level") == level);
        return status();
    }

    /** Writes or discharges synthetic patients until {@code figure} are past their DRD, and waits until escalation has read it. */
    private void pastDrd(int figure) {
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/London"));
        List<EventEnvelope<?>> events = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        while (baseline + inHospital.size() < figure) {
            String id = UUID.randomUUID().toString();
            events.add(EventEnvelope.of(UUID.randomUUID().toString(), "/d2a/referral-service", now, 1, new ReferralSubmitted(id,
                    "e5c4" + id.replace("-", ""), 81, Sex.FEMALE, "East", "County Hospital", today.minusDays(10), UsualResidence.PRIVATE_HOME)));
            events.add(EventEnvelope.of(UUID.randomUUID().toString(), "/d2a/referral-service", now, 2, new DischargeReadyDateSet(id, today.minusDays(2))));
            inHospital.push(id);
        }
        while (baseline + inHospital.size() > figure) {
            events.add(EventEnvelope.of(UUID.randomUUID().toString(), "/d2a/referral-service", now, 3,
                    new PatientDischarged(inHospital.pop(), today, "19", "1", 81)));
        }
        TopicWriter.publishAll(events);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Object f = status().get("triggers[0].figure");
            return f != null && ((Number) f).intValue() == figure;
        });
    }

    /** Opens the dashboard as a commissioner, waits for the panel to show the level, keeps its text and a screenshot. */
    private void photograph(int level) throws Exception {
        String token = TestTokens.issuer().token("commissioner", "COMMISSIONING");
        try (HeadlessChromium browser = HeadlessChromium.open(URI.create(dashboard + "#token=" + token))) {
            browser.awaitValue("document.getElementById('escalation').dataset.level", String.valueOf(level)::equals, Duration.ofSeconds(30));
            String text = browser.evaluate("document.getElementById('escalation').innerText");
            assertThat(text).contains("Level " + level + ":").contains("Since ");
            assertThat(browser.evaluate("String(document.documentElement.scrollWidth <= window.innerWidth)")).isEqualTo("true");
            pageTextByLevel.put(level, text);
            browser.screenshot(Path.of("target", "escalation-level-" + level + ".png"));
        }
    }
}
