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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.metrics.FigureReader;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.metrics.domain.FigureEngine;
import org.d2aflow.metrics.query.FiguresService;
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

    /** One SSE event as a client reads it. */
    private record Event(String id, String event, JsonNode data) {
        String figure() {
            return id.substring(0, id.lastIndexOf('.'));
        }
    }

    /** Opens the stream with the query and headers given and reads its events onto a queue until closed. */
    private HttpResponse<java.io.InputStream> listen(String query, Map<String, String> headers, BlockingQueue<Event> events) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stream + query)).header("Accept", "text/event-stream")
                .header("Authorization", TestTokens.bearer("commissioner", "COMMISSIONING"));
        headers.forEach(b::header);
        var response = HttpClient.newHttpClient().sendAsync(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                Map<String, String> fields = new LinkedHashMap<>();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (fields.containsKey("data")) {
                            events.add(new Event(fields.get("id"), fields.get("event"), JSON.readTree(fields.get("data"))));
                        }
                        fields.clear();
                    } else if (!line.startsWith(":")) {
                        int colon = line.indexOf(':');
                        fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
                    }
                }
            } catch (Exception e) {
                // stream closed at the end of the test
            }
        });
        reader.setDaemon(true);
        reader.start();
        return response;
    }

    private static List<Event> take(BlockingQueue<Event> events, int n) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        while (out.size() < n) {
            Event e = events.poll(20, TimeUnit.SECONDS);
            assertThat(e).as("event %d of %d", out.size() + 1, n).isNotNull();
            out.add(e);
        }
        return out;
    }

    /** The figure as GET /figures/{figure} answers it, but for the instant it was computed at. */
    private static JsonNode withoutAsKnownAt(JsonNode figure) {
        com.fasterxml.jackson.databind.node.ObjectNode bare = figure.deepCopy();
        bare.remove("asKnownAt");
        ((com.fasterxml.jackson.databind.node.ObjectNode) bare.get("clocks")).remove("asKnownAt");
        return bare;
    }

    @Test
    void theLiveStreamSendsEachHeadlineFigureAndAFigureFrameIncludingANewEventsOffset() throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        var response = listen("", Map.of(), events);
        try {
            List<Event> first = take(events, FiguresService.HEADLINES.size());
            assertThat(first).extracting(Event::figure).containsExactlyElementsOf(FiguresService.HEADLINES);
            for (Event e : first) {
                assertThat(e.event()).isEqualTo("figure");
                assertThat(e.id()).matches(java.util.regex.Pattern.quote(e.figure()) + "\\.[0-9a-f]{12}");
                assertThat(e.data().get("figure").get("figure").asText()).isEqualTo(e.figure());
                assertThat(e.data().get("positions").size()).isGreaterThan(0);
            }

            RecordMetadata at = LogWriter.dischargedReferralWritten("East", 81, LocalDate.now().minusDays(6), LocalDate.now().minusDays(3),
                    Pathway.P0, ServiceType.SOCIAL_SUPPORT, LocalDate.now().minusDays(2), "19", "1").discharge();
            String partition = at.topic() + "-" + at.partition();

            Event including = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (including == null && System.nanoTime() < deadline) {
                Event e = events.poll(1, TimeUnit.SECONDS);
                if (e != null && e.data().path("positions").path(partition).asLong(-1) > at.offset()) {
                    including = e;
                }
            }
            assertThat(including).as("a figure frame including the discharge at %s offset %d", partition, at.offset()).isNotNull();
            Event dtur = including;
            while (!dtur.figure().equals(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE)) {
                dtur = events.poll(10, TimeUnit.SECONDS);
                assertThat(dtur).as("discharge-to-usual-residence changed by the discharge").isNotNull();
            }
            assertThat(dtur.data().path("figure").path("denominator").asLong())
                    .isGreaterThan(first.get(0).data().path("figure").path("denominator").asLong());
            // The figure exactly as the REST answer prints it (but for the instant each was computed at).
            JsonNode rest = JSON.readTree(given().get("/figures/{f}", FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE).then().statusCode(200)
                    .extract().asString());
            assertThat(withoutAsKnownAt(dtur.data().get("figure"))).isEqualTo(withoutAsKnownAt(rest));
        } finally {
            response.body().close();
        }
    }

    @Test
    void aClientChoosesItsFiguresAndIsNotSentAgainWhatItAlreadyHas() throws Exception {
        BlockingQueue<Event> all = new LinkedBlockingQueue<>();
        var response = listen("?figures=length-of-stay,pathway-mix,still-at-home-91:locality", Map.of(), all);
        List<Event> current;
        try {
            current = take(all, 3);
        } finally {
            response.body().close();
        }
        assertThat(current).extracting(Event::figure).containsExactly("length-of-stay", "pathway-mix", "still-at-home-91:locality");
        assertThat(current.get(2).data().path("figure").path("groups").isArray()).isTrue();

        // Resumed with the Last-Event-ID of one and seen= of another (unchanged, as nothing is written meanwhile): only the third.
        BlockingQueue<Event> resumed = new LinkedBlockingQueue<>();
        response = listen("?figures=length-of-stay,pathway-mix,still-at-home-91:locality&seen=" + current.get(0).id(),
                Map.of("Last-Event-ID", current.get(1).id()), resumed);
        try {
            assertThat(take(resumed, 1)).extracting(Event::id).containsExactly(current.get(2).id());
            assertThat(resumed.poll(2, TimeUnit.SECONDS)).isNull();
        } finally {
            response.body().close();
        }
    }

    @Test
    void anUnknownFigureIsRefusedNamingTheParameter() {
        given().header("Accept", "text/event-stream").queryParam("figures", "length-of-stay,no-such-figure").get("/figures/stream").then()
                .statusCode(400).contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("errors.field", org.hamcrest.Matchers.hasItem("figures"))
                .body(org.hamcrest.Matchers.containsString("no-such-figure"));
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
