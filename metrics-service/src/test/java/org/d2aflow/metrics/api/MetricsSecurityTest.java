package org.d2aflow.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.testkit.AccessMatrix;
import org.d2aflow.testkit.AccessMatrix.Call;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/** Figures are for commissioners (across organisations) and administrators; rebuilding is for administrators. */
@QuarkusTest
@DefaultToken(roles = {})
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class MetricsSecurityTest {

    private static final String ORG = "COMMISSIONING";

    @TestHTTPResource("/figures/stream")
    URI stream;

    @Test
    void everyEndpointRefusesMissingBadAndWrongRoleTokensAndServesTheRightRole() {
        String figure = "/figures/discharge-to-usual-residence";
        for (Call call : List.of(
                Call.of("GET", "/figures", null, ORG, 200, "commissioner", "admin"),
                Call.of("GET", figure, null, ORG, 200, "commissioner", "admin"),
                Call.of("GET", figure + "/drill-down", null, ORG, 200, "commissioner", "admin"),
                Call.of("GET", figure + "/trend", null, ORG, 200, "commissioner", "admin"),
                Call.of("GET", "/figures/live", null, ORG, 200, "commissioner", "admin"),
                Call.of("GET", "/figures/projection", null, ORG, 200, "commissioner", "admin"),
                Call.of("POST", "/figures/projection/rebuild", null, ORG, 202, "admin"),
                Call.of("POST", "/returns/drd-timeliness/submissions", java.util.Map.of("period", "2015-01", "asKnownAt", "2015-02-01T00:00:00Z"),
                        ORG, 201, "commissioner", "admin"),
                Call.of("GET", "/returns/drd-timeliness/submissions?period=2015-01", null, ORG, 200, "commissioner", "admin"),
                Call.of("GET", "/returns/drd-timeliness/submissions/no-such-id", null, ORG, 404, "commissioner", "admin"),
                Call.of("GET", "/returns/drd-timeliness/revisions?from=a&to=b", null, ORG, 404, "commissioner", "admin"))) {
            AccessMatrix.verify(null, call);
        }
    }

    @Test
    void theLiveStreamRefusesBadTokensAndStreamsToCommissionersAndAdmins() throws Exception {
        Call streamCall = Call.of("GET", "/figures/stream", null, ORG, 200, "commissioner");
        assertThat(AccessMatrix.send(null, streamCall, null).statusCode()).isEqualTo(401);
        assertThat(AccessMatrix.send(null, streamCall, TestTokens.expired("commissioner", ORG)).statusCode()).isEqualTo(401);
        assertThat(AccessMatrix.send(null, streamCall, TestTokens.wronglySigned("commissioner", ORG)).statusCode()).isEqualTo(401);
        for (String role : List.of("coordinator", "homefirst")) {
            assertThat(AccessMatrix.send(null, streamCall, TestTokens.bearer(role, ORG)).statusCode()).as(role).isEqualTo(403);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String role : List.of("commissioner", "admin")) {
            HttpRequest request = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream")
                    .header("Authorization", TestTokens.bearer(role, ORG)).GET().build();
            HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                assertThat(response.statusCode()).as(role).isEqualTo(200);
                assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            }
        }
    }

    @Test
    void theDashboardPageItselfHoldsNoDataAndIsServedWithoutAToken() {
        Call page = Call.of("GET", "/", null, ORG, 200, "commissioner");
        var r = AccessMatrix.send(null, page, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).contains("id=\"sign-in\"");
    }

    @Test
    void theDashboardIsServedWithAStrictContentSecurityPolicyAndIsRevalidated() {
        for (String path : new String[] {"/", "/?period=week&open=length-of-stay", "/index.html", "/dashboard.js", "/dashboard.css", "/d2a/page.js",
                "/d2a/page.css"}) {
            var r = io.restassured.RestAssured.given().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.header("Content-Security-Policy")).as(path).contains("default-src 'self'").contains("script-src 'self';")
                    .contains("style-src 'self';").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
        assertThat(io.restassured.RestAssured.given().get("/").header("Cache-Control")).isEqualTo("no-cache");
        assertThat(io.restassured.RestAssured.given().get("/index.html").header("Cache-Control")).isEqualTo("no-cache");
        var api = io.restassured.RestAssured.given().get("/figures");
        assertThat(api.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(api.header("X-Frame-Options")).isEqualTo("DENY");
    }
}
