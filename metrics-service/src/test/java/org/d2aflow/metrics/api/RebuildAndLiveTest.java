package org.d2aflow.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.metrics.FigureReader;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.metrics.domain.FigureEngine;
import org.d2aflow.testkit.TestTokens;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class RebuildAndLiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/figures/stream")
    URI stream;

    @Test
    void aRebuildFromOffsetZeroGivesByteIdenticalJsonForEveryFigure() {
        for (int i = 0; i < 6; i++) {
            LogWriter.dischargedReferral(i % 2 == 0 ? "East" : "Hereford City North", 60 + 5 * i, LocalDate.of(2015, 4, 1 + i),
                    LocalDate.of(2015, 4, 5 + i), i % 3 == 0 ? Pathway.P1 : Pathway.P0,
                    i % 3 == 0 ? ServiceType.REABLEMENT_HOME : ServiceType.SOCIAL_SUPPORT, LocalDate.of(2015, 4, 6 + i + i % 2),
                    i == 5 ? "29" : "19", "1");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().queryParams(Map.of("from", "2015-04-01", "to", "2015-04-30"))
                .get("/figures/length-of-stay").then().body("measures.count", equalTo(6)));
        Map<String, String> before = everyFigure();
        String servingBefore = given().get("/figures/projection").then().extract().path("serving.name");

        given().post("/figures/projection/rebuild").then().statusCode(202).body("state", org.hamcrest.Matchers.notNullValue());
        // Settled: another projection serves and none is being built (a rebuild asked for by an earlier test class of
        // the same application may still be finishing when this one starts).
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var projection = given().get("/figures/projection").then().extract();
            return !servingBefore.equals(projection.path("serving.name")) && projection.path("rebuilding") == null;
        });

        Map<String, String> after = everyFigure();
        assertThat(after.keySet()).containsExactlyElementsOf(FigureEngine.FIGURES);
        for (String figure : FigureEngine.FIGURES) {
            assertThat(after.get(figure)).as(figure).isEqualTo(before.get(figure));
        }
        given().get("/figures/projection").then().body("serving.state", equalTo("LIVE")).body("rebuilding", org.hamcrest.Matchers.nullValue());
    }

    private static Map<String, String> everyFigure() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String figure : FigureEngine.FIGURES) {
            out.put(figure, given().queryParams(Map.of("from", "2015-01-01", "to", "2015-12-31", "asKnownAt", "2100-01-01T00:00:00Z",
                    "breakdown", "locality")).get("/figures/{f}/drill-down", figure).then().statusCode(200).extract().asString()
                    + given().queryParams(Map.of("from", "2015-01-01", "to", "2015-12-31", "asKnownAt", "2100-01-01T00:00:00Z",
                            "breakdown", "locality", "granularity", "day")).get("/figures/{f}", figure).then().statusCode(200).extract().asString());
        }
        return out;
    }

    @Test
    void theLiveStreamSendsASnapshotAndAFresherOneAfterANewEvent() throws Exception {
        BlockingQueue<JsonNode> snapshots = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream")
                .header("Authorization", TestTokens.bearer("commissioner", "COMMISSIONING")).GET().build();
        var response = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        snapshots.add(JSON.readTree(line.substring(5).trim()));
                    }
                }
            } catch (Exception e) {
                // stream closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            JsonNode first = snapshots.poll(20, TimeUnit.SECONDS);
            assertThat(first).as("a snapshot straight away").isNotNull();
            assertThat(first.has("figures")).isTrue();
            assertThat(first.get("figures").has(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE)).isTrue();
            long applied = first.get("eventsApplied").asLong();

            String id = LogWriter.dischargedReferral("East", 81, LocalDate.now().minusDays(6), LocalDate.now().minusDays(3), Pathway.P0,
                    ServiceType.SOCIAL_SUPPORT, LocalDate.now().minusDays(2), "19", "1");

            JsonNode fresher = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                JsonNode s = snapshots.poll(1, TimeUnit.SECONDS);
                if (s != null && s.get("eventsApplied").asLong() >= applied + 4) {
                    fresher = s;
                    break;
                }
            }
            assertThat(fresher).as("a fresher snapshot including referral %s", id).isNotNull();
            assertThat(fresher.get("sequence").asLong()).isGreaterThan(first.get("sequence").asLong());
            assertThat(fresher.get("newestEventRecordedAt").asText()).isNotBlank();
            assertThat(fresher.get("logPosition").size()).isGreaterThan(0);
        } finally {
            response.body().close();
        }
    }

    @Test
    void figureSnapshotsArePublishedToTheCompactedFiguresTopic() {
        var records = FigureReader.rawRecords(Topics.FIGURES, "discharge-to-usual-residence|all", Duration.ofSeconds(30));
        assertThat(records).isNotEmpty();
        assertThat(new String(records.get(0).headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .isEqualTo("d2a.figure.snapshot-published.v1");
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("d2a_figure_value{figure=\"discharge-to-usual-residence\",locality=\"all\""));
    }
}
