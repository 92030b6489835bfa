package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;
import static org.d2aflow.referral.ReferralTestData.syntheticNhsNumber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import org.d2aflow.referral.LogCapture;
import org.d2aflow.referral.ReferralApi;
import org.d2aflow.referral.Tables;
import org.d2aflow.referral.infrastructure.ReferralRecord;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.inject.Inject;

/**
 * The CLD reablement extract with NHS numbers ({@code GET /admin/returns/cld-reablement}), against a stand-in for
 * metrics-service: a small HTTP server in this JVM answering {@code GET /returns/cld-reablement} with a CLD-shaped CSV whose
 * {@code LA_Person_Unique_Identifier} holds patient keys and whose {@code NHS_Number} is empty, as metrics-service's is.
 * Referrals are recorded through the API with synthetic NHS numbers; their patient keys are read from the read model.
 */
@QuarkusTest
@TestProfile(IdentifiedReturnTest.StandIn.class)
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentifiedReturnTest {

    /** The JVM-wide property carrying the stand-in's port from the profile (read at boot) to the test (which serves on it). */
    private static final String PORT_PROPERTY = "d2a.test.metrics-stand-in.port";
    private static final String PATH = "/admin/returns/cld-reablement";
    private static final String COUNCIL = "COUNCIL-CLD";
    private static final String HEADER = "LA_Code,LA_Person_Unique_Identifier,NHS_Number,Event_Type,Event_Start_Date,Service_Type,Note";

    /** Points referral-service at the stand-in, with a short timeout so that a stand-in that does not answer is quick to see. */
    public static class StandIn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("d2a.referral.metrics-url", "http://127.0.0.1:" + standInPort() + "/", "d2a.referral.metrics-timeout", "2s");
        }
    }

    /** What the stand-in answers next, and what it was asked. */
    private volatile int status = 200;
    private volatile String contentType = "text/csv; charset=UTF-8";
    private volatile String body = HEADER + "\r\n";
    private volatile long delayMillis;
    private final ConcurrentLinkedQueue<String> asked = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    @Inject
    Tables tables;

    @BeforeAll
    void startStandIn() {
        server = serve();
    }

    @AfterAll
    void stopStandIn() {
        server.stop(0);
    }

    @BeforeEach
    void answerAnEmptyExtract() {
        status = 200;
        contentType = "text/csv; charset=UTF-8";
        body = HEADER + "\r\n";
        delayMillis = 0;
        asked.clear();
        authorizations.clear();
    }

    @Test
    void anAdminGetsTheExtractWithTheNhsNumbersOfKnownKeysAndTheExportIsAudited() {
        String nhsA = syntheticNhsNumber();
        String nhsB = syntheticNhsNumber();
        String keyA = patientKey(ReferralApi.create(aReferralRequest().with("nhsNumber", nhsA).build()));
        // The same person again: the same key, the same number.
        assertThat(patientKey(ReferralApi.create(aReferralRequest().with("nhsNumber", nhsA).build()))).isEqualTo(keyA);
        String keyB = patientKey(ReferralApi.create(aReferralRequest().with("nhsNumber", nhsB).build()));
        String unknown = "0".repeat(64);
        body = HEADER + "\r\n"
                + "E10000000," + keyA + ",,Requests,2024-10-02,,\r\n"
                + "E10000000," + keyA + ",,Service,2024-10-03,Short Term Support: ST-Max,\r\n"
                + "E10000000," + keyB + ",,Service,2024-11-20,Short Term Support: ST-Max,\"Ward 7, County Hospital; said \"\"home\"\"\"\r\n"
                + "E10000000," + unknown + ",,Service,2024-12-01,Short Term Support: ST-Max,\r\n"
                + "E10000000,,,Service,2024-12-02,Short Term Support: ST-Max,\r\n";
        String admin = TestTokens.bearer("admin", COUNCIL);
        long auditsBefore = tables.counts().get("identity_export_audit");

        ExtractableResponse<Response> answer = export(given().header("Authorization", admin), "2024-25-Q3", "2025-01-15T00:00:00Z",
                "Quarterly CLD submission").then().statusCode(200).extract();

        assertThat(answer.contentType()).startsWith("text/csv");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.header("Content-Disposition")).isEqualTo("attachment; filename=\"cld-reablement-2024-25-Q3-with-nhs-numbers.csv\"");
        assertThat(answer.header("D2A-Unmatched-Rows")).as("the unknown key and the empty one").isEqualTo("2");
        assertThat(new String(answer.asByteArray(), StandardCharsets.UTF_8)).isEqualTo(HEADER + "\r\n"
                + "E10000000," + keyA + "," + nhsA + ",Requests,2024-10-02,,\r\n"
                + "E10000000," + keyA + "," + nhsA + ",Service,2024-10-03,Short Term Support: ST-Max,\r\n"
                + "E10000000," + keyB + "," + nhsB + ",Service,2024-11-20,Short Term Support: ST-Max,\"Ward 7, County Hospital; said \"\"home\"\"\"\r\n"
                + "E10000000," + unknown + ",,Service,2024-12-01,Short Term Support: ST-Max,\r\n"
                + "E10000000,,,Service,2024-12-02,Short Term Support: ST-Max,\r\n");
        assertThat(asked).as("metrics-service asked once, for the return, period and instant").containsExactly(
                "GET /returns/cld-reablement?period=2024-25-Q3&asKnownAt=2025-01-15T00:00:00Z");
        assertThat(authorizations).as("the caller's own token forwarded").containsExactly(admin);

        assertThat(tables.counts().get("identity_export_audit")).isEqualTo(auditsBefore + 1);
        JsonPath audit = given().header("Authorization", admin).queryParam("organisation", COUNCIL)
                .get("/audit/identity-exports").then().statusCode(200).extract().jsonPath();
        Map<String, Object> entry = audit.getMap("items.find { it.id == " + answer.header("D2A-Identity-Export-Id") + " }");
        assertThat(entry).as("the audit entry the answer names").isNotNull()
                .containsEntry("organisation", COUNCIL)
                .containsEntry("returnName", "cld-reablement")
                .containsEntry("period", "2024-25-Q3")
                .containsEntry("asKnownAt", "2025-01-15T00:00:00Z")
                .containsEntry("reason", "Quarterly CLD submission")
                .containsEntry("nhsNumbers", 2)
                .containsEntry("rows", 5)
                .containsEntry("identifiedRows", 3)
                .containsEntry("unmatchedRows", 2);
        assertThat((String) entry.get("exporter")).contains("admin");
        assertThat((String) entry.get("exportedAt")).isNotBlank();
    }

    @Test
    void withoutAnAsKnownAtTheExportIsAsKnownNowAndTheAuditSaysWhichInstant() {
        String admin = TestTokens.bearer("admin", COUNCIL);
        String reason = "Checking the layout " + UUID.randomUUID();
        ExtractableResponse<Response> answer = given().header("Authorization", admin).queryParam("period", "2024-25-Q4")
                .queryParam("reason", reason).get(PATH).then().statusCode(200).extract();
        assertThat(answer.header("D2A-Unmatched-Rows")).isEqualTo("0");
        String instant = given().header("Authorization", admin).queryParam("organisation", COUNCIL).queryParam("size", 500)
                .get("/audit/identity-exports").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.reason == '" + reason + "' }.asKnownAt");
        assertThat(asked).containsExactly("GET /returns/cld-reablement?period=2024-25-Q4&asKnownAt=" + instant);
    }

    @Test
    void everyOtherRoleIsRefusedAndNothingIsFetchedOrAudited() {
        Map<String, Long> before = tables.counts();
        for (String role : List.of("coordinator", "commissioner", "homefirst")) {
            export(given().header("Authorization", TestTokens.bearer(role, COUNCIL)), "2024-25-Q3", null, "Quarterly CLD submission")
                    .then().statusCode(403).contentType("application/problem+json");
            given().header("Authorization", TestTokens.bearer(role, COUNCIL)).get("/audit/identity-exports")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        // An administrator whose token names no organisation: the audit could not say where the NHS numbers went.
        export(given().header("Authorization", TestTokens.bearer("admin", null)), "2024-25-Q3", null, "Quarterly CLD submission")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", "").queryParam("period", "2024-25-Q3").queryParam("reason", "No token")
                .get(PATH).then().statusCode(401).contentType("application/problem+json");
        assertThat(asked).isEmpty();
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void badInputIsA400NamingTheParameterBeforeMetricsServiceIsAsked() {
        Map<String, Long> before = tables.counts();
        RequestSpecification admin = given().header("Authorization", TestTokens.bearer("admin", COUNCIL));
        refusedNaming("reason", export(admin, "2024-25-Q3", null, null));
        refusedNaming("reason", export(given().header("Authorization", TestTokens.bearer("admin", COUNCIL)), "2024-25-Q3", null, " "));
        refusedNaming("reason", export(given().header("Authorization", TestTokens.bearer("admin", COUNCIL)), "2024-25-Q3", null,
                "x".repeat(501)));
        for (String period : List.of("", "2024-Q3", "2024-26-Q1", "2024-25-Q5", "2024-25", "0000-01-Q1")) {
            refusedNaming("period", export(given().header("Authorization", TestTokens.bearer("admin", COUNCIL)), period, null, "Why"));
        }
        for (String instant : List.of("yesterday", "2025-01-15", "+10000-01-01T00:00:00Z")) {
            refusedNaming("asKnownAt", export(given().header("Authorization", TestTokens.bearer("admin", COUNCIL)), "2024-25-Q3",
                    instant, "Why"));
        }
        assertThat(asked).isEmpty();
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void metricsServicesOwnRefusalIsPassedOnUnchangedAndNothingIsAudited() {
        status = 400;
        contentType = "application/problem+json";
        body = "{\"type\":\"urn:d2a:problem:invalid-input\",\"title\":\"Invalid input\",\"status\":400,"
                + "\"detail\":\"1 query parameter(s) are invalid\",\"errors\":[{\"field\":\"period\",\"message\":\"must be later\"}]}";
        Map<String, Long> before = tables.counts();
        String answered = export(given().header("Authorization", TestTokens.bearer("admin", COUNCIL)), "2024-25-Q3", null, "Why")
                .then().statusCode(400).contentType("application/problem+json").extract().asString();
        assertThat(answered).isEqualTo(body);
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void metricsServiceAwaySlowOrFailingIsA503WithRetryAfterAndNothingIsAudited() {
        Map<String, Long> before = tables.counts();
        String admin = TestTokens.bearer("admin", COUNCIL);

        server.stop(0);
        try {
            unavailable(admin);
        } finally {
            server = serve();
        }
        delayMillis = 4_000;
        unavailable(admin);
        delayMillis = 0;
        status = 503;
        contentType = "application/problem+json";
        body = "{\"status\":503}";
        unavailable(admin);
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void anAnswerThatIsNotTheExtractIsA502AndNothingIsAudited() {
        Map<String, Long> before = tables.counts();
        String admin = TestTokens.bearer("admin", COUNCIL);
        contentType = "text/html";
        body = "<html>a proxy's login page</html>";
        badGateway(admin);
        contentType = "text/csv";
        body = "LA_Code,NHS_Number\r\nE10000000,\r\n";
        badGateway(admin);
        body = HEADER + "\r\nE10000000,\"unclosed,,Service,2024-10-03,,\r\n";
        badGateway(admin);
        status = 404;
        contentType = "application/problem+json";
        body = "{\"status\":404}";
        badGateway(admin);
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void noNhsNumberReachesTheLogs() {
        LogCapture capture = new LogCapture();
        capture.listen();
        String nhs = syntheticNhsNumber();
        try {
            String key = patientKey(ReferralApi.create(aReferralRequest().with("nhsNumber", nhs).build()));
            body = HEADER + "\r\nE10000000," + key + ",,Service,2024-10-03,Short Term Support: ST-Max,\r\n";
            String admin = TestTokens.bearer("admin", COUNCIL);
            String csv = export(given().header("Authorization", admin), "2024-25-Q3", null, "Quarterly CLD submission")
                    .then().statusCode(200).extract().asString();
            assertThat(csv).contains("," + nhs + ",");
            contentType = "text/plain";
            badGateway(admin);
            server.stop(0);
            try {
                unavailable(admin);
            } finally {
                server = serve();
            }
        } finally {
            capture.stop();
        }
        assertThat(capture.lines()).as("the run was logged").isNotEmpty();
        assertThat(capture.linesContaining(nhs)).as("log lines holding the NHS number").isEmpty();
    }

    private static Response export(RequestSpecification request, String period, String asKnownAt, String reason) {
        if (period != null) {
            request.queryParam("period", period);
        }
        if (asKnownAt != null) {
            request.queryParam("asKnownAt", asKnownAt);
        }
        if (reason != null) {
            request.queryParam("reason", reason);
        }
        return request.get(PATH);
    }

    private static void refusedNaming(String field, Response answer) {
        assertThat(answer.statusCode()).as(field).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getList("errors.field", String.class)).as("fields named").containsExactly(field);
    }

    private static void unavailable(String admin) {
        Response answer = problem(admin, 503);
        assertThat(answer.header("Retry-After")).isEqualTo("30");
        assertThat(answer.jsonPath().getString("type")).isEqualTo("urn:d2a:problem:metrics-unavailable");
    }

    private static void badGateway(String admin) {
        problem(admin, 502);
    }

    /** An export for an admin that answers a problem with the status. */
    private static Response problem(String admin, int status) {
        Response answer = export(given().header("Authorization", admin), "2024-25-Q3", null, "Why");
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        return answer;
    }

    private static String patientKey(String referralId) {
        return QuarkusTransaction.requiringNew().call(() -> ReferralRecord.<ReferralRecord>findById(referralId).patientKey);
    }

    /** The stand-in for metrics-service, on the port the profile gave referral-service. */
    private HttpServer serve() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), standInPort()), 0);
            s.createContext("/", this::answer);
            // A slow answer must not hold up the next request.
            s.setExecutor(Executors.newCachedThreadPool());
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + "?" + exchange.getRequestURI().getQuery());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            authorizations.add(authorization);
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A free port, chosen once per JVM and shared through a system property (the profile and the test may not share statics). */
    static synchronized int standInPort() {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            try (ServerSocket probe = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
                port = Integer.toString(probe.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PORT_PROPERTY, port);
        }
        return Integer.parseInt(port);
    }
}
