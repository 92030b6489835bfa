package org.d2aflow.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.d2aflow.testkit.TestTokens;
import org.d2aflow.testkit.ServiceProcess;

/** The four packaged services, started once per test JVM against the test stack, in parallel. */
final class Suite {

    /** The organisation the system tests' users work for: the trust of the coordinators and the provider of their services. */
    static final String PROVIDER = "SYSTEM-TEST-ORG";

    /**
     * The simulated county's history starts up to {@link SimulatedCountyTest#DAYS} days back, past the default 90-day
     * window for late entries: the window is widened as a county's first load (a migration, not a late entry) would be.
     */
    private static final Map<String, String> CONFIG = Map.of("D2A_LATE_ENTRY_WINDOW_DAYS", "400");

    /**
     * Every service exports its spans to {@link #traces} over OTLP/HTTP, batched every 200 ms, as it would to an
     * operator's collector (common-kit README, Traces).
     */
    private static Map<String, String> config(OtlpReceiver traces) {
        Map<String, String> config = new java.util.HashMap<>(CONFIG);
        config.put("OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint());
        config.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
        config.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        return config;
    }

    private static Suite instance;

    final ServiceProcess referral;
    final ServiceProcess capacity;
    final ServiceProcess placement;
    final ServiceProcess metrics;
    /** The spans the four services exported. */
    final OtlpReceiver traces;

    private Suite(List<ServiceProcess> services, OtlpReceiver traces) {
        this.traces = traces;
        referral = services.get(0);
        capacity = services.get(1);
        placement = services.get(2);
        metrics = services.get(3);
    }

    static synchronized Suite get() {
        if (instance == null) {
            Path repo = Path.of(System.getProperty("d2a.repo", ".."));
            OtlpReceiver traces;
            try {
                traces = new OtlpReceiver();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Map<String, String> config = config(traces);
            CompletableFuture<ServiceProcess> metrics = start(repo, "metrics-service", null, config);
            List<CompletableFuture<ServiceProcess>> starting = List.of(
                    // referral-service fetches the CLD extract it identifies from metrics-service (its one call to another
                    // service), so it starts once metrics-service is up and its port known
                    metrics.thenCompose(m -> start(repo, "referral-service", "d2a_referral", withMetricsUrl(config, m))),
                    start(repo, "capacity-service", "d2a_capacity", config),
                    start(repo, "placement-service", "d2a_placement", config),
                    metrics);
            instance = new Suite(starting.stream().map(CompletableFuture::join).toList(), traces);
        }
        return instance;
    }

    /** The configuration with {@code D2A_REFERRAL_METRICS_URL}, where referral-service finds metrics-service. */
    private static Map<String, String> withMetricsUrl(Map<String, String> config, ServiceProcess metrics) {
        Map<String, String> withUrl = new java.util.HashMap<>(config);
        withUrl.put("D2A_REFERRAL_METRICS_URL", metrics.url());
        return withUrl;
    }

    private static CompletableFuture<ServiceProcess> start(Path repo, String module, String database, Map<String, String> config) {
        return ServiceProcess.startReady(repo, module, database, config, Duration.ofSeconds(120));
    }

    /** Registers a Home First service (REABLEMENT_HOME, packages) in the locality, with the units from the date; gives its id. */
    String homeFirstService(String locality, int units, java.time.LocalDate from) {
        String id = as("admin").baseUri(capacity.url()).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("name", "Home First " + locality, "serviceType", "REABLEMENT_HOME", "locality", locality, "unit", "PACKAGE",
                        "providerOrganisation", PROVIDER))
                .post("/services").then().statusCode(201).extract().path("id");
        as("homefirst").baseUri(capacity.url()).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("units", units, "fromDate", from.toString()))
                .put("/services/{id}/capacity", id).then().statusCode(200);
        return id;
    }

    /** A request made by a user of one role in the system tests' organisation. */
    static RequestSpecification as(String role) {
        return RestAssured.given().header("Authorization", TestTokens.bearer(role, PROVIDER));
    }
}
